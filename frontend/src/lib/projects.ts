import type { Project, ProjectRole } from '../api/types';
import { PROJECT_ROLES } from '../api/types';

// What a role allows, as the service decides it (docs/openapi.yaml, the "projects" tag), so the
// pages hide or disable what would only be refused. Pure: unit-tested.

export const ROLE_LABELS: Record<ProjectRole, string> = { viewer: 'Viewer', editor: 'Editor', admin: 'Admin', owner: 'Owner' };
export const DEFAULT_PROJECT_COLOR = '#6366f1';

/** Each role includes the ones before it. */
export function hasRole(role: ProjectRole, needed: ProjectRole): boolean {
  return PROJECT_ROLES.indexOf(role) >= PROJECT_ROLES.indexOf(needed);
}

/** Tasks can be created, edited, moved and deleted: an editor, and the project not archived. */
export function canEditTasks(project: Project): boolean {
  return !project.archived && hasRole(project.role, 'editor');
}

/** Name, description, color and members: an admin, and the project not archived. */
export function canManage(project: Project): boolean {
  return !project.archived && hasRole(project.role, 'admin');
}

/** The roles `role` may give (and take away): an admin all but owner, an owner every one. */
export function grantableRoles(role: ProjectRole): ProjectRole[] {
  if (role === 'owner') return [...PROJECT_ROLES];
  return role === 'admin' ? PROJECT_ROLES.filter((r) => r !== 'owner') : [];
}

/** The sidebar's groups, in the service's order: the personal project and the others, then the archived ones. */
export function groupProjects(projects: Project[]): { active: Project[]; archived: Project[] } {
  const active = projects.filter((p) => !p.archived);
  return {
    active: [...active.filter((p) => p.is_personal), ...active.filter((p) => !p.is_personal)],
    archived: projects.filter((p) => p.archived),
  };
}

/** Where a new task goes: the project shown, if tasks can be added to it, else the personal project. */
export function defaultProjectId(projects: Project[], shown?: number): number | undefined {
  const current = projects.find((p) => p.id === shown);
  if (current && canEditTasks(current)) return current.id;
  return projects.find((p) => p.is_personal)?.id;
}

/** The projects a task can be put in, plus the one it is in (so a select can show it). */
export function taskProjectChoices(projects: Project[], currentId?: number): Project[] {
  return projects.filter((p) => canEditTasks(p) || p.id === currentId);
}
