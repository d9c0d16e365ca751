import type { RegisterInput } from '../api/endpoints';
import type { FieldErrors } from '../api/types';

// Client-side checks mirror the auth service's (Django's) rules so the form can say what is
// wrong before a round trip; the service stays the judge (the common-password list is its own),
// and its per-field errors are shown at the same fields.

export const MIN_PASSWORD_LENGTH = 8;
const MAX_SIMILARITY = 0.7;

export interface PasswordRule {
  id: 'length' | 'numeric' | 'similar' | 'common';
  label: string;
  /** true: met; false: broken; null: only the server can tell. */
  check: (password: string, attributes: string[]) => boolean | null;
}

/** Python's SequenceMatcher.quick_ratio: an upper bound of similarity from letter counts. */
export function quickRatio(a: string, b: string): number {
  const total = [...a].length + [...b].length;
  if (total === 0) return 1;
  const counts = new Map<string, number>();
  for (const ch of b) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let matches = 0;
  for (const ch of a) {
    const left = counts.get(ch) ?? 0;
    if (left > 0) {
      matches++;
      counts.set(ch, left - 1);
    }
  }
  return (2 * matches) / total;
}

/** Django's UserAttributeSimilarityValidator on one attribute value. */
export function tooSimilar(password: string, attribute: string): boolean {
  if (!password || !attribute) return false;
  const value = attribute.toLowerCase();
  const parts = [...value.split(/[^\p{L}\p{N}_]+/u), value].filter(Boolean);
  const pwd = password.toLowerCase();
  const pwdLength = [...password].length;
  for (const part of parts) {
    const partLength = [...part].length;
    // Django skips parts far shorter than the password (they cannot make it guessable).
    if (pwdLength >= 10 * partLength && partLength < (MAX_SIMILARITY / 2) * pwdLength) continue;
    if (quickRatio(pwd, part) >= MAX_SIMILARITY) return true;
  }
  return false;
}

export const PASSWORD_RULES: PasswordRule[] = [
  {
    id: 'length',
    label: `At least ${MIN_PASSWORD_LENGTH} characters`,
    check: (password) => [...password].length >= MIN_PASSWORD_LENGTH,
  },
  {
    id: 'numeric',
    label: 'Not entirely numeric',
    check: (password) => password.length > 0 && !/^\p{Nd}+$/u.test(password),
  },
  {
    id: 'similar',
    label: 'Not too similar to your username, email or name',
    check: (password, attributes) => password.length > 0 && !attributes.some((a) => tooSimilar(password, a)),
  },
  {
    id: 'common',
    label: 'Not a commonly used password (checked by the server)',
    check: () => null,
  },
];

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const USERNAME_RE = /^[\p{L}\p{N}@.+_-]+$/u;

function add(errors: FieldErrors, field: string, message: string) {
  (errors[field] ??= []).push(message);
}

export function validateSignup(values: RegisterInput): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of ['username', 'email', 'first_name', 'last_name'] as const) {
    if (!values[field].trim()) add(errors, field, 'This field may not be blank.');
  }
  if (values.username.trim() && !USERNAME_RE.test(values.username.trim())) {
    add(errors, 'username', 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.');
  }
  if (values.username.length > 150) add(errors, 'username', 'Ensure this field has no more than 150 characters.');
  if (values.email.trim() && !EMAIL_RE.test(values.email.trim())) add(errors, 'email', 'Enter a valid email address.');
  errors.password = passwordErrors(values.password, [values.username, values.email, values.first_name, values.last_name]);
  if (!errors.password.length) delete errors.password;
  if (values.password_confirm !== values.password) add(errors, 'password_confirm', "Passwords don't match.");
  return errors;
}

/** The messages of the rules a password breaks (Django's wording). */
export function passwordErrors(password: string, attributes: string[]): string[] {
  if (!password) return ['This field may not be blank.'];
  const messages: string[] = [];
  if (attributes.some((a) => tooSimilar(password, a))) messages.push('The password is too similar to your details.');
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    messages.push(`This password is too short. It must contain at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (/^\p{Nd}+$/u.test(password)) messages.push('This password is entirely numeric.');
  return messages;
}

export function validateLogin(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) add(errors, 'email', 'Enter your email address.');
  else if (!EMAIL_RE.test(email.trim())) add(errors, 'email', 'Enter a valid email address.');
  if (!password) add(errors, 'password', 'Enter your password.');
  return errors;
}

export interface TaskFormValues {
  title: string;
  description: string;
  priority: string;
  status: string;
  due_date: string; // the value of an <input type="datetime-local">, or ""
  project_id: string; // "" until chosen: the form's default
  assignee_ids: number[];
  label_ids: number[];
}

export function validateTask(values: TaskFormValues): FieldErrors {
  const errors: FieldErrors = {};
  const title = values.title.trim();
  if (!title) add(errors, 'title', 'A title is required.');
  else if ([...title].length > 200) add(errors, 'title', 'Ensure this field has no more than 200 characters.');
  if (values.due_date && Number.isNaN(new Date(values.due_date).getTime())) add(errors, 'due_date', 'Enter a valid date and time.');
  return errors;
}

/** "2026-11-29T10:00:00Z" -> "2026-11-29T11:00" in the browser's zone (for datetime-local). */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The inverse: a datetime-local value to ISO 8601 UTC, or null for "". */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((messages) => messages.length > 0);
}
