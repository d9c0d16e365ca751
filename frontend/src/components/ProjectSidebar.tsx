import { useState } from 'react';
import { useMatch } from 'react-router';
import type { Project } from '../api/types';
import { groupProjects } from '../lib/projects';
import { useProjects } from '../state/projects';
import { NavLink } from './NavLink';
import { NewProjectDialog } from './NewProjectDialog';
import { ProjectDot } from './ProjectTag';
import { Button, Spinner } from './ui';

/** A project; the one shown also offers its list and its board. */
function ProjectLink({ project }: { project: Project }) {
  const shown = useMatch({ path: `/projects/${project.id}`, end: false }) !== null;
  return (
    <li>
      <NavLink to={`/projects/${project.id}`} end className="flex items-center gap-2">
        <ProjectDot color={project.color} />
        <span className="min-w-0 flex-1 truncate">{project.name}</span>
      </NavLink>
      {shown && (
        <ul className="ml-5 mt-0.5 flex flex-col gap-0.5 border-l border-slate-300 pl-2 dark:border-slate-700">
          <li>
            <NavLink to={`/projects/${project.id}/board`} className="flex" aria-label={`Board of ${project.name}`}>
              Board
            </NavLink>
          </li>
        </ul>
      )}
    </li>
  );
}

/** The projects menu: every task, the personal project, the others, the archived ones folded away. */
export function ProjectSidebar() {
  const projects = useProjects();
  const [creating, setCreating] = useState(false);
  const { active, archived } = groupProjects(projects.data ?? []);

  return (
    <nav aria-label="Projects" className="shrink-0 lg:sticky lg:top-20 lg:w-56 lg:self-start">
      <h2 className="mb-2 px-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Projects</h2>
      <ul className="flex flex-col gap-0.5">
        <li>
          <NavLink to="/" end className="flex">
            All tasks
          </NavLink>
        </li>
        {active.map((project) => (
          <ProjectLink key={project.id} project={project} />
        ))}
      </ul>
      {projects.isPending && <Spinner small label="Loading projects…" />}
      {projects.error && (
        <p role="alert" className="px-2 text-sm text-red-700 dark:text-red-400">
          Could not load your projects.{' '}
          <button type="button" className="underline" onClick={() => void projects.refetch()}>
            Retry
          </button>
        </p>
      )}
      {archived.length > 0 && (
        <details className="mt-2">
          <summary className="cursor-pointer rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-slate-400 dark:hover:bg-slate-800">
            Archived ({archived.length})
          </summary>
          <ul className="mt-0.5 flex flex-col gap-0.5">
            {archived.map((project) => (
              <ProjectLink key={project.id} project={project} />
            ))}
          </ul>
        </details>
      )}
      <Button variant="ghost" className="mt-2 w-full justify-start" onClick={() => setCreating(true)}>
        + New project
      </Button>
      <NewProjectDialog open={creating} onClose={() => setCreating(false)} />
    </nav>
  );
}
