import { describe, expect, it } from 'vitest';
import { loginPathAfterExpiry, loginPathFor, nextPath } from '../src/lib/paths';
import { PASSWORD_RULES, fromLocalInput, hasErrors, passwordErrors, quickRatio, toLocalInput, tooSimilar, validateLogin, validateSignup, validateTask } from '../src/lib/validation';

const good = {
  username: 'ada_l',
  email: 'ada@example.com',
  first_name: 'Ada',
  last_name: 'Lovelace',
  password: 'Analytical-Engine-1843',
  password_confirm: 'Analytical-Engine-1843',
};

describe('sign-up validation', () => {
  it('accepts a complete, strong form', () => {
    expect(validateSignup(good)).toEqual({});
  });

  it('reports each blank field at that field', () => {
    const errors = validateSignup({ ...good, username: ' ', first_name: '', last_name: '' });
    expect(Object.keys(errors).sort()).toEqual(['first_name', 'last_name', 'username']);
  });

  it('checks the username characters and the email', () => {
    expect(validateSignup({ ...good, username: 'ada lovelace' }).username?.[0]).toMatch(/valid username/);
    expect(validateSignup({ ...good, email: 'ada@' }).email).toEqual(['Enter a valid email address.']);
  });

  it('shows each password rule the password breaks at the password field', () => {
    expect(validateSignup({ ...good, password: 'Ab1', password_confirm: 'Ab1' }).password).toEqual(['This password is too short. It must contain at least 8 characters.']);
    expect(validateSignup({ ...good, password: '1234567890', password_confirm: '1234567890' }).password).toEqual(['This password is entirely numeric.']);
    expect(validateSignup({ ...good, password: '123', password_confirm: '123' }).password).toHaveLength(2);
    expect(validateSignup({ ...good, password: 'lovelace', password_confirm: 'lovelace' }).password).toEqual(['The password is too similar to your details.']);
  });

  it('requires the confirmation to match', () => {
    expect(validateSignup({ ...good, password_confirm: 'other' }).password_confirm).toEqual(["Passwords don't match."]);
  });
});

describe('password rules (Django validators)', () => {
  it("quick_ratio is Python's", () => {
    // difflib.SequenceMatcher(a='abcd', b='bcde').quick_ratio() == 0.75
    expect(quickRatio('abcd', 'bcde')).toBe(0.75);
    expect(quickRatio('', '')).toBe(1);
  });

  it('similarity compares with each part of an attribute, case-insensitively', () => {
    expect(tooSimilar('Lovelace!', 'Ada Lovelace')).toBe(true);
    expect(tooSimilar('ADA.example', 'ada@example.com')).toBe(true);
    expect(tooSimilar('Analytical-Engine-1843', 'ada@example.com')).toBe(false);
    // A part much shorter than the password is skipped, as in Django.
    expect(tooSimilar('correct horse battery staple', 'al')).toBe(false);
  });

  it('lists four rules, the common-password one judged by the server only', () => {
    const state = (password: string) => Object.fromEntries(PASSWORD_RULES.map((rule) => [rule.id, rule.check(password, ['ada', 'ada@example.com'])]));
    expect(state('12345')).toEqual({ length: false, numeric: false, similar: true, common: null });
    expect(state('Analytical-Engine-1843')).toEqual({ length: true, numeric: true, similar: true, common: null });
  });

  it('passwordErrors says blank for an empty password', () => {
    expect(passwordErrors('', [])).toEqual(['This field may not be blank.']);
  });
});

describe('login and task forms', () => {
  it('login needs an email and a password', () => {
    expect(validateLogin('', '')).toEqual({ email: ['Enter your email address.'], password: ['Enter your password.'] });
    expect(validateLogin('a@b.co', 'x')).toEqual({});
    expect(hasErrors(validateLogin('nope', 'x'))).toBe(true);
  });

  it('a task needs a title of at most 200 characters', () => {
    const base = { title: 'Write', description: '', priority: 'medium', status: 'todo', due_date: '', project_id: '', assignee_ids: [], label_ids: [] };
    expect(validateTask(base)).toEqual({});
    expect(validateTask({ ...base, title: '  ' }).title).toEqual(['A title is required.']);
    expect(validateTask({ ...base, title: 'x'.repeat(201) }).title).toHaveLength(1);
    expect(validateTask({ ...base, due_date: 'not a date' }).due_date).toHaveLength(1);
  });

  it('converts due dates between datetime-local and ISO UTC both ways', () => {
    expect(fromLocalInput('')).toBeNull();
    const iso = fromLocalInput('2026-12-01T09:30');
    expect(iso).toMatch(/^2026-1[12]-\d\dT\d\d:30:00Z$/);
    expect(toLocalInput(iso)).toBe('2026-12-01T09:30');
    expect(toLocalInput(null)).toBe('');
  });
});

describe('where sign-in leads', () => {
  it('comes back to the page the session ended on, and says it ended', () => {
    expect(loginPathAfterExpiry('/tasks/5?x=1')).toBe('/login?expired=1&next=%2Ftasks%2F5%3Fx%3D1');
    expect(loginPathAfterExpiry('/')).toBe('/login?expired=1');
    expect(loginPathAfterExpiry('/login?next=%2Fprofile')).toBe('/login?expired=1');
    expect(nextPath('?expired=1&next=%2Ftasks%2F5%3Fx%3D1')).toBe('/tasks/5?x=1');
  });

  it('sends a signed-out visit to login, to come back to the page asked for', () => {
    expect(loginPathFor('/')).toBe('/login');
    expect(loginPathFor('/tasks/5?x=1')).toBe('/login?next=%2Ftasks%2F5%3Fx%3D1');
    expect(nextPath(loginPathFor('/profile').slice('/login'.length))).toBe('/profile');
  });

  it('never leads off the site', () => {
    expect(nextPath('?next=https://evil.example/')).toBe('/');
    expect(nextPath('?next=//evil.example/')).toBe('/');
    expect(nextPath('?next=/\\evil.example/')).toBe('/');
    expect(nextPath('')).toBe('/');
  });
});
