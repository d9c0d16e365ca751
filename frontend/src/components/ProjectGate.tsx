import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Project } from '../api/types';
import { errorMessage } from '../lib/formErrors';
import { useProject } from '../state/projects';
import { EmptyState, ErrorState, Loading } from './ui';

/** A page about one project: `children` once it is known, else why not (not a member: 404). */
export function ProjectGate({ id, children }: { id: number; children: (project: Project) => ReactNode }) {
  const project = useProject(id);
  if (project.data) return children(project.data);
  if (!project.error) return <Loading label="Loading the project…" />;
  return (project.error as { status?: number }).status === 404 ? (
    <EmptyState title="This project does not exist, or you are not a member of it.">
      <Link to="/" className="text-indigo-700 underline dark:text-indigo-300">
        See all your tasks
      </Link>
    </EmptyState>
  ) : (
    <ErrorState message={`Could not load the project: ${errorMessage(project.error)}`} onRetry={() => void project.refetch()} />
  );
}
