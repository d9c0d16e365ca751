import { describe, expect, it } from 'vitest';
import type { Activity } from '../src/api/types';
import { describeActivity } from '../src/lib/activity';
import { chipTextColor, labelNameError } from '../src/lib/labels';
import { initials } from '../src/lib/people';
import { parseSocketFrame } from '../src/lib/notificationSocket';

const names = { user: (id: number) => ({ 2: 'Bo Li', 3: 'Cy Ng' })[id], label: (id: number) => ({ 5: 'Bug', 6: 'UI' })[id] };
const entry = (action: Activity['action'], changes: Activity['changes'] = {}): Activity => ({
  id: 1,
  actor: { id: 1, username: 'Ana' },
  task_id: 9,
  action,
  changes,
  created_at: '2026-01-01T00:00:00Z',
});

describe('activity in words', () => {
  it('says a move between columns with their names', () => {
    expect(describeActivity(entry('moved', { status: ['todo', 'in_progress'], position: ['a', 'b'] }), names)).toBe('Ana moved it from To do to In progress');
    expect(describeActivity(entry('moved', { position: ['a', 'b'] }), names)).toBe('Ana moved it within its column');
  });

  it('lists the fields of an update, the board key left out', () => {
    expect(describeActivity(entry('updated', { title: ['Old', 'New'], priority: ['low', 'high'], position: ['a', 'b'] }), names)).toBe(
      'Ana renamed it from “Old” to “New” and changed the priority from Low to High',
    );
    expect(describeActivity(entry('updated', { due_date: ['2026-01-01T00:00:00Z', null] }), names)).toBe('Ana removed the due date');
  });

  it('names the people assigned and the labels added or removed', () => {
    expect(describeActivity(entry('updated', { assignee_ids: [[3], [2]] }), names)).toBe('Ana assigned Bo Li and unassigned Cy Ng');
    expect(describeActivity(entry('updated', { label_ids: [[], [5, 6]] }), names)).toBe('Ana added the labels “Bug” and “UI”');
    expect(describeActivity(entry('updated', { label_ids: [[5, 7], [5]] }), names)).toBe('Ana removed the label “label #7”');
  });

  it('names the actor as a member, when known', () => {
    expect(describeActivity({ ...entry('created'), actor: { id: 2, username: 'bo' } }, names)).toBe('Bo Li created it');
  });

  it('the other actions', () => {
    expect(describeActivity(entry('created'), names)).toBe('Ana created it');
    expect(describeActivity(entry('commented', { comment: [null, 'Looks good'] }), names)).toBe('Ana commented: “Looks good”');
    expect(describeActivity(entry('attached', { attachment: [null, 'plan.pdf'] }), names)).toBe('Ana attached plan.pdf');
    expect(describeActivity(entry('updated'), names)).toBe('Ana updated it');
  });
});

describe('labels and people', () => {
  it('chips get the text color that contrasts most', () => {
    expect(chipTextColor('#ffff00')).toBe('#000000');
    expect(chipTextColor('#1e3a8a')).toBe('#ffffff');
    expect(chipTextColor('#64748b')).toBe('#ffffff');
  });

  it('a label name is required and at most 50 characters', () => {
    expect(labelNameError('  ')).toBe('A name is required.');
    expect(labelNameError('x'.repeat(51))).toBe('At most 50 characters.');
    expect(labelNameError('Bug')).toBeNull();
  });

  it('initials from the names, else the username', () => {
    expect(initials({ id: 1, username: 'ana', email: 'a@x', first_name: 'Ana', last_name: 'Silva' })).toBe('AS');
    expect(initials({ id: 1, username: 'bo', email: 'b@x', first_name: '', last_name: '' })).toBe('BO');
  });
});

describe('task_changed frames', () => {
  it('are read as live changes', () => {
    const frame = { type: 'task_changed', project_id: 3, action: 'moved', task: { id: 9, status: 'done' }, actor_id: 4 };
    expect(parseSocketFrame(JSON.stringify(frame))).toEqual({ kind: 'task_changed', change: { project_id: 3, action: 'moved', task: { id: 9, status: 'done' }, actor_id: 4 } });
    expect(parseSocketFrame(JSON.stringify({ type: 'task_changed', project_id: 3, action: 'deleted', task: { id: 9 } }))).toMatchObject({ change: { actor_id: null } });
  });

  it('malformed ones are ignored', () => {
    expect(parseSocketFrame(JSON.stringify({ type: 'task_changed', project_id: 3, action: 'exploded', task: { id: 9 } }))).toBeNull();
    expect(parseSocketFrame(JSON.stringify({ type: 'task_changed', action: 'moved', task: { id: 9 } }))).toBeNull();
  });
});
