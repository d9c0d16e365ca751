import type { Label, MemberUser } from '../api/types';
import { chipTextColor } from '../lib/labels';
import { displayName, initials } from '../lib/people';
import { cx } from './ui';

/** A label: its name on its color, the text black or white, whichever reads better. */
export function LabelChip({ label }: { label: Label }) {
  return (
    <span className="inline-block max-w-40 truncate rounded-full px-2 py-0.5 text-xs font-medium" style={{ backgroundColor: label.color, color: chipTextColor(label.color) }} data-testid="label-chip">
      {label.name}
    </span>
  );
}

/** A task's labels, as far as they are known (a label deleted meanwhile is left out). */
export function LabelChips({ ids, labels, className }: { ids: number[]; labels: ReadonlyMap<number, Label>; className?: string }) {
  const known = ids.map((id) => labels.get(id)).filter((label): label is Label => label !== undefined);
  if (!known.length) return null;
  return (
    <ul aria-label="Labels" className={cx('flex flex-wrap gap-1', className)}>
      {known.map((label) => (
        <li key={label.id}>
          <LabelChip label={label} />
        </li>
      ))}
    </ul>
  );
}

/** A task's assignees, as initials (the full name for screen readers and on hover). */
export function AssigneeAvatars({ ids, members, className }: { ids: number[]; members: ReadonlyMap<number, MemberUser>; className?: string }) {
  if (!ids.length) return null;
  return (
    <ul aria-label="Assignees" className={cx('flex -space-x-1', className)}>
      {ids.map((id) => {
        const user = members.get(id);
        const name = user ? displayName(user) : `User ${id}`;
        return (
          <li
            key={id}
            title={name}
            className="flex size-6 items-center justify-center rounded-full border border-white bg-indigo-700 text-[0.625rem] font-semibold text-white dark:border-slate-900"
            data-testid="assignee"
          >
            <span aria-hidden="true">{user ? initials(user) : '?'}</span>
            <span className="sr-only">{name}</span>
          </li>
        );
      })}
    </ul>
  );
}
