import type { Activity } from '../api/types';

// A task's history in words (pure: unit-tested): "Ana moved it from To do to In progress".

const STATUS_WORDS: Record<string, string> = { todo: 'To do', in_progress: 'In progress', review: 'Review', done: 'Done', cancelled: 'Cancelled' };
const PRIORITY_WORDS: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' };

/** Names for the ids an activity mentions (members, labels), as far as they are known. */
export interface ActivityNames {
  user: (id: number) => string | undefined;
  label: (id: number) => string | undefined;
}

const ids = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : []);

/** "a", "a and b", "a, b and c". */
function listed(words: string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function formatDay(value: unknown): string {
  const date = typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toLocaleDateString(undefined, { dateStyle: 'medium' }) : String(value);
}

/** The verb for one id, and for several ("added the label", "added the labels"). */
type Verb = [one: string, several: string];

/** What the ids added to and removed from a list of people or labels say, e.g. "assigned Bo and unassigned Cy". */
function listChange(before: unknown, after: unknown, name: (id: number) => string, added: Verb, removed: Verb): string[] {
  const was = ids(before);
  const is = ids(after);
  const phrase = (names: string[], [one, several]: Verb) => (names.length ? [`${names.length === 1 ? one : several} ${listed(names)}`] : []);
  return [...phrase(is.filter((id) => !was.includes(id)).map(name), added), ...phrase(was.filter((id) => !is.includes(id)).map(name), removed)];
}

/** One field's change in words, or nothing for what says nothing to a person (the board key). */
function fieldChange(field: string, before: unknown, after: unknown, names: ActivityNames): string[] {
  const user = (id: number) => names.user(id) ?? `user #${id}`;
  const label = (id: number) => `“${names.label(id) ?? `label #${id}`}”`;
  switch (field) {
    case 'status':
      return [`changed the status from ${STATUS_WORDS[String(before)] ?? before} to ${STATUS_WORDS[String(after)] ?? after}`];
    case 'priority':
      return [`changed the priority from ${PRIORITY_WORDS[String(before)] ?? before} to ${PRIORITY_WORDS[String(after)] ?? after}`];
    case 'title':
      return [`renamed it from “${before}” to “${after}”`];
    case 'description':
      return ['edited the description'];
    case 'due_date':
      return [after ? `set the due date to ${formatDay(after)}` : 'removed the due date'];
    case 'assignee_ids':
      return listChange(before, after, user, ['assigned', 'assigned'], ['unassigned', 'unassigned']);
    case 'label_ids':
      return listChange(before, after, label, ['added the label', 'added the labels'], ['removed the label', 'removed the labels']);
    case 'project_id':
      return ['moved it to another project'];
    case 'position':
    case 'completed_at':
    case 'updated_at':
      return [];
    default:
      return [`changed the ${field.replace(/_/g, ' ')}`];
  }
}

/** The sentence for one entry of a task's activity. */
export function describeActivity(entry: Activity, names: ActivityNames): string {
  const who = (entry.actor && (names.user(entry.actor.id) ?? entry.actor.username)) || 'Someone';
  const changes = entry.changes ?? {};
  switch (entry.action) {
    case 'created':
      return `${who} created it`;
    case 'deleted':
      return `${who} deleted it`;
    case 'commented': {
      const quote = changes.comment?.[1];
      return typeof quote === 'string' ? `${who} commented: “${quote}”` : `${who} commented`;
    }
    case 'attached': {
      const file = changes.attachment?.[1];
      return typeof file === 'string' ? `${who} attached ${file}` : `${who} attached a file`;
    }
    case 'moved': {
      const status = changes.status;
      if (status && status[0] !== status[1]) return `${who} moved it from ${STATUS_WORDS[String(status[0])] ?? status[0]} to ${STATUS_WORDS[String(status[1])] ?? status[1]}`;
      return `${who} moved it within its column`;
    }
    default: {
      const parts = Object.entries(changes).flatMap(([field, pair]) => (Array.isArray(pair) ? fieldChange(field, pair[0], pair[1], names) : []));
      return parts.length ? `${who} ${listed(parts)}` : `${who} updated it`;
    }
  }
}
