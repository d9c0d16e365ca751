import type { Project } from '../api/types';
import { cx } from './ui';

/** The project's color, as a dot beside its name (decorative: the name says which project). */
export function ProjectDot({ color, className }: { color: string; className?: string }) {
  return <span aria-hidden="true" className={cx('inline-block size-2.5 shrink-0 rounded-full', className)} style={{ backgroundColor: color }} />;
}

/** A task's project: its color and name. */
export function ProjectTag({ project }: { project: Project }) {
  return (
    <span className="inline-flex max-w-48 items-center gap-1.5 text-xs text-slate-600 dark:text-slate-300" data-testid="task-project">
      <ProjectDot color={project.color} />
      <span className="truncate">{project.name}</span>
    </span>
  );
}
