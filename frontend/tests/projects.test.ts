import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { projectsApi } from '../src/api/endpoints';
import type { Invitation, Member, Project, ProjectRole, Task } from '../src/api/types';
import { taskFormValues, taskInput } from '../src/components/TaskForm';
import { canEditTasks, canManage, defaultProjectId, grantableRoles, groupProjects, hasRole, taskProjectChoices } from '../src/lib/projects';
import { projectActions } from '../src/state/projects';
import { queryKeys } from '../src/state/queryKeys';
import { stale } from './queryCache';

const project = (id: number, changes: Partial<Project> = {}): Project => ({
  id,
  name: `Project ${id}`,
  description: '',
  color: '#6366f1',
  is_personal: false,
  archived: false,
  role: 'owner',
  member_count: 1,
  created_at: '2026-12-01T09:00:00Z',
  updated_at: '2026-12-01T09:00:00Z',
  ...changes,
});
const member = (userId: number, role: ProjectRole = 'editor'): Member => ({
  user: { id: userId, username: `user${userId}`, email: `user${userId}@example.org`, first_name: '', last_name: '' },
  role,
  joined_at: '2026-12-01T09:00:00Z',
});
const invitation: Invitation = { id: 5, email: 'new@example.org', role: 'viewer', invited_by: 7, created_at: '2026-12-01T09:00:00Z' };

const personal = project(1, { name: 'Personal', is_personal: true });
const shared = project(2, { role: 'viewer' });
const archived = project(3, { archived: true });

describe('what a role allows', () => {
  it('each role includes the ones before it', () => {
    expect(hasRole('owner', 'viewer')).toBe(true);
    expect(hasRole('admin', 'admin')).toBe(true);
    expect(hasRole('editor', 'admin')).toBe(false);
  });

  it('an archived project is read-only whatever the role', () => {
    expect(canEditTasks(personal)).toBe(true);
    expect(canEditTasks(shared)).toBe(false);
    expect(canEditTasks(archived)).toBe(false);
    expect(canManage(project(4, { role: 'admin' }))).toBe(true);
    expect(canManage(project(4, { role: 'editor' }))).toBe(false);
    expect(canManage(archived)).toBe(false);
  });

  it('only owners give the owner role', () => {
    expect(grantableRoles('owner')).toEqual(['viewer', 'editor', 'admin', 'owner']);
    expect(grantableRoles('admin')).toEqual(['viewer', 'editor', 'admin']);
    expect(grantableRoles('editor')).toEqual([]);
  });
});

describe('choosing a project', () => {
  it('groups the sidebar: personal first, archived apart', () => {
    expect(groupProjects([shared, archived, personal])).toEqual({ active: [personal, shared], archived: [archived] });
  });

  it('puts a new task in the project shown when it can, else in the personal one', () => {
    const mine = project(4);
    expect(defaultProjectId([personal, mine], 4)).toBe(4);
    expect(defaultProjectId([personal, shared], 2)).toBe(1);
    expect(defaultProjectId([personal, archived], 3)).toBe(1);
    expect(defaultProjectId([personal], undefined)).toBe(1);
    expect(defaultProjectId([], undefined)).toBeUndefined();
  });

  it('offers the projects a task can move to, and the one it is in', () => {
    expect(taskProjectChoices([personal, shared, archived])).toEqual([personal]);
    expect(taskProjectChoices([personal, shared, archived], 3)).toEqual([personal, archived]);
  });
});

describe("a task's project in the task form", () => {
  const task = { id: 4, project_id: 2, title: 'Ship', description: '', priority: 'low', status: 'todo', due_date: null } as Task;

  it('a new task names its project, once known', () => {
    expect(taskInput({ ...taskFormValues(), title: 'New', project_id: '2' }).project_id).toBe(2);
    expect(taskInput({ ...taskFormValues(), title: 'New' })).not.toHaveProperty('project_id');
  });

  it('an edit sends the project only to move the task', () => {
    expect(taskInput(taskFormValues(task), task)).not.toHaveProperty('project_id');
    expect(taskInput({ ...taskFormValues(task), project_id: '1' }, task).project_id).toBe(1);
  });
});

/** A cache with the project list, project 2, its members and invitations; the caller is user 7. */
function filledCache() {
  const queryClient = new QueryClient();
  queryClient.setQueryData(queryKeys.profile, { id: 7 });
  queryClient.setQueryData(queryKeys.projectList, [personal, project(2)]);
  queryClient.setQueryData(queryKeys.project(2), project(2));
  queryClient.setQueryData(queryKeys.projectMembers(2), [member(7, 'owner'), member(8)]);
  queryClient.setQueryData(queryKeys.projectInvitations(2), [invitation]);
  queryClient.setQueryData(queryKeys.taskList({ project: 2 }), { count: 0, results: [] });
  return queryClient;
}

const actionsWith = (api: Partial<ReturnType<typeof projectsApi>>, queryClient: QueryClient) => projectActions(api as ReturnType<typeof projectsApi>, queryClient);

describe('what a change of a project does to the cache', () => {
  it('a new project joins the cached list at once; the list is refetched for its order', async () => {
    const queryClient = filledCache();
    await actionsWith({ create: async () => project(9, { name: 'Launch' }) }, queryClient).create({ name: 'Launch' });
    expect(queryClient.getQueryData<Project[]>(queryKeys.projectList)?.map((p) => p.id)).toEqual([1, 2, 9]);
    expect(queryClient.getQueryData(queryKeys.project(9))).toMatchObject({ name: 'Launch' });
    expect(stale(queryClient)).toEqual([queryKeys.projectList]);
  });

  it('a renamed or archived project replaces the cached one', async () => {
    const queryClient = filledCache();
    const update = vi.fn(async () => project(2, { name: 'Renamed', archived: true }));
    await actionsWith({ update }, queryClient).update(2, { name: 'Renamed', archived: true });
    expect(update).toHaveBeenCalledWith(2, { name: 'Renamed', archived: true });
    expect(queryClient.getQueryData<Project[]>(queryKeys.projectList)?.[1]).toMatchObject({ name: 'Renamed', archived: true });
    expect(queryClient.getQueryData(queryKeys.project(2))).toMatchObject({ name: 'Renamed' });
  });

  it('a deleted project goes, with its members, and the tasks become stale', async () => {
    const queryClient = filledCache();
    await actionsWith({ remove: async () => undefined }, queryClient).remove(2);
    expect(queryClient.getQueryData<Project[]>(queryKeys.projectList)?.map((p) => p.id)).toEqual([1]);
    expect(queryClient.getQueryData(queryKeys.project(2))).toBeUndefined();
    expect(queryClient.getQueryData(queryKeys.projectMembers(2))).toBeUndefined();
    expect(stale(queryClient)).toEqual([queryKeys.taskList({ project: 2 })]);
  });

  it('an added member makes the members and the count stale; an invitation, the invitations', async () => {
    let queryClient = filledCache();
    await actionsWith({ addMember: async () => member(9) }, queryClient).addMember(2, 'user9@example.org', 'editor');
    expect(stale(queryClient)).toEqual(expect.arrayContaining([queryKeys.projectMembers(2), queryKeys.project(2), queryKeys.projectList]));
    expect(stale(queryClient)).not.toContainEqual(queryKeys.projectInvitations(2));
    queryClient = filledCache();
    await actionsWith({ addMember: async () => invitation }, queryClient).addMember(2, 'new@example.org', 'viewer');
    expect(stale(queryClient)).toEqual([queryKeys.projectInvitations(2)]);
  });

  it("a role change goes into the cached member; the caller's own makes the project stale", async () => {
    let queryClient = filledCache();
    await actionsWith({ changeRole: async () => member(8, 'viewer') }, queryClient).changeRole(2, 8, 'viewer');
    expect(queryClient.getQueryData<Member[]>(queryKeys.projectMembers(2))?.map((m) => m.role)).toEqual(['owner', 'viewer']);
    expect(stale(queryClient)).toEqual([]);
    queryClient = filledCache();
    await actionsWith({ changeRole: async () => member(7, 'admin') }, queryClient).changeRole(2, 7, 'admin');
    expect(stale(queryClient)).toEqual(expect.arrayContaining([queryKeys.project(2), queryKeys.projectList]));
  });

  it('removing a member drops them; leaving drops the project and its tasks', async () => {
    let queryClient = filledCache();
    await actionsWith({ removeMember: async () => undefined }, queryClient).removeMember(2, 8);
    expect(queryClient.getQueryData<Member[]>(queryKeys.projectMembers(2))?.map((m) => m.user.id)).toEqual([7]);
    queryClient = filledCache();
    await actionsWith({ removeMember: async () => undefined }, queryClient).removeMember(2, 7);
    expect(queryClient.getQueryData<Project[]>(queryKeys.projectList)?.map((p) => p.id)).toEqual([1]);
    expect(queryClient.getQueryData(queryKeys.projectMembers(2))).toBeUndefined();
    expect(stale(queryClient)).toEqual([queryKeys.taskList({ project: 2 })]);
  });

  it('a cancelled invitation leaves the list; a failed request changes nothing', async () => {
    const queryClient = filledCache();
    await actionsWith({ cancelInvitation: async () => undefined }, queryClient).cancelInvitation(2, 5);
    expect(queryClient.getQueryData(queryKeys.projectInvitations(2))).toEqual([]);
    const failing = async () => {
      throw new Error('This user is already a member of the project.');
    };
    await expect(actionsWith({ addMember: failing }, queryClient).addMember(2, 'user8@example.org', 'editor')).rejects.toThrow('already a member');
    expect(stale(queryClient)).toEqual([]);
  });
});

describe("a task's assignees and labels in the task form", () => {
  const task = { id: 4, project_id: 2, title: 'Ship', description: '', priority: 'low', status: 'todo', due_date: null, assignee_ids: [7], label_ids: [3, 5] } as Task;

  it('are sent only when they change', () => {
    expect(taskInput(taskFormValues(task), task)).not.toHaveProperty('label_ids');
    expect(taskInput({ ...taskFormValues(task), label_ids: [5, 3] }, task)).not.toHaveProperty('label_ids');
    expect(taskInput({ ...taskFormValues(task), assignee_ids: [] }, task).assignee_ids).toEqual([]);
    expect(taskInput({ ...taskFormValues(), title: 'New', label_ids: [3] })).toMatchObject({ label_ids: [3] });
    expect(taskInput({ ...taskFormValues(), title: 'New' })).not.toHaveProperty('assignee_ids');
  });

  it('a task from a backend without them has none', () => {
    const bare = { ...task, assignee_ids: undefined, label_ids: undefined };
    expect(taskFormValues(bare)).toMatchObject({ assignee_ids: [], label_ids: [] });
  });
});
