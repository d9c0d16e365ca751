import { describe, expect, it } from 'vitest';
import { ApiClient } from '../src/api/client';
import { isInvitation, projectsApi, tasksApi } from '../src/api/endpoints';
import { MemoryTokenStore } from '../src/api/tokens';
import type { Invitation, Member, Project } from '../src/api/types';
import { fakeFetch, json } from './fakeFetch';

const project: Project = {
  id: 3,
  name: 'Launch',
  description: '',
  color: '#6366f1',
  is_personal: false,
  archived: false,
  role: 'owner',
  member_count: 2,
  created_at: '2026-12-01T09:00:00Z',
  updated_at: '2026-12-01T09:00:00Z',
};
const member: Member = { user: { id: 8, username: 'ada', email: 'ada@example.org', first_name: 'Ada', last_name: 'Lovelace' }, role: 'editor', joined_at: '2026-12-01T09:00:00Z' };
const invitation: Invitation = { id: 5, email: 'new@example.org', role: 'viewer', invited_by: 7, created_at: '2026-12-01T09:00:00Z' };

/** The projects and tasks APIs over a fake server answering `status` with `body`. */
function apisAnswering(status: number, body?: unknown) {
  const server = fakeFetch(() => (status === 204 ? new Response(null, { status }) : json(status, body)));
  const client = new ApiClient({ tokens: new MemoryTokenStore({ access: 'A', refresh: 'R' }), fetch: server.fn });
  return { projects: projectsApi(client), tasks: tasksApi(client), calls: server.calls };
}

describe('projects API', () => {
  it('lists, reads, creates, changes and deletes projects', async () => {
    let api = apisAnswering(200, [project]);
    await expect(api.projects.list()).resolves.toEqual([project]);
    await api.projects.get(3);
    api = apisAnswering(201, project);
    await api.projects.create({ name: 'Launch', color: '#0ea5e9' });
    await api.projects.update(3, { archived: true });
    expect(api.calls).toMatchObject([
      { method: 'POST', url: '/api/projects/', body: { name: 'Launch', color: '#0ea5e9' }, auth: 'Bearer A' },
      { method: 'PATCH', url: '/api/projects/3/', body: { archived: true } },
    ]);
    api = apisAnswering(204);
    await expect(api.projects.remove(3)).resolves.toBeUndefined();
    expect(api.calls[0]).toMatchObject({ method: 'DELETE', url: '/api/projects/3/' });
  });

  it('reads the members and the invitations', async () => {
    let api = apisAnswering(200, [member]);
    await expect(api.projects.members(3)).resolves.toEqual([member]);
    api = apisAnswering(200, [invitation]);
    await expect(api.projects.invitations(3)).resolves.toEqual([invitation]);
    expect(api.calls[0]).toMatchObject({ method: 'GET', url: '/api/projects/3/invitations/' });
  });

  it('adds by email and tells a member from an invitation', async () => {
    let api = apisAnswering(201, member);
    const added = await api.projects.addMember(3, 'ada@example.org', 'editor');
    expect(api.calls[0]).toMatchObject({ method: 'POST', url: '/api/projects/3/members/', body: { email: 'ada@example.org', role: 'editor' } });
    expect(isInvitation(added)).toBe(false);
    api = apisAnswering(201, invitation);
    expect(isInvitation(await api.projects.addMember(3, 'new@example.org', 'viewer'))).toBe(true);
  });

  it('changes a role, removes a member and cancels an invitation', async () => {
    let api = apisAnswering(200, { ...member, role: 'viewer' });
    await api.projects.changeRole(3, 8, 'viewer');
    expect(api.calls[0]).toMatchObject({ method: 'PATCH', url: '/api/projects/3/members/8/', body: { role: 'viewer' } });
    api = apisAnswering(204);
    await api.projects.removeMember(3, 8);
    await api.projects.cancelInvitation(3, 5);
    expect(api.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /api/projects/3/members/8/', 'DELETE /api/projects/3/invitations/5/']);
  });

  it("gives a 409's detail (the last owner) as the error", async () => {
    const api = apisAnswering(409, { detail: 'A project must keep at least one owner: make another member an owner first.' });
    await expect(api.projects.removeMember(3, 7)).rejects.toMatchObject({ status: 409, detail: expect.stringContaining('at least one owner') });
  });
});

describe('tasks API, by project', () => {
  it('narrows the statistics to one project, or none', async () => {
    const api = apisAnswering(200, { total_tasks: 0 });
    await api.tasks.stats(3);
    await api.tasks.stats();
    expect(api.calls.map((c) => c.url)).toEqual(['/api/tasks/stats/?project=3', '/api/tasks/stats/']);
  });

  it('creates a task in a project and moves one', async () => {
    const api = apisAnswering(201, {});
    await api.tasks.create({ title: 'x', project_id: 3 });
    await api.tasks.update(42, { project_id: 4 });
    expect(api.calls).toMatchObject([
      { method: 'POST', url: '/api/tasks/', body: { title: 'x', project_id: 3 } },
      { method: 'PATCH', url: '/api/tasks/42/', body: { project_id: 4 } },
    ]);
  });
});
