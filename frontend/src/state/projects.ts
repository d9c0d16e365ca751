import type { QueryClient } from '@tanstack/react-query';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { projectsApi } from '../api/endpoints';
import { isInvitation } from '../api/endpoints';
import type { Invitation, Label, LabelInput, Member, MemberUser, Project, ProjectInput, ProjectRole, User } from '../api/types';
import { queryKeys } from './queryKeys';
import { useSession } from './session';

type ProjectsApi = ReturnType<typeof projectsApi>;

// How each answer changes the cached lists (pure: unit-tested).

/** The list with `project` in place of its old version, or added at the end (the refetch sorts it). */
export function withProject(list: Project[] | undefined, project: Project): Project[] | undefined {
  if (!list) return list;
  return list.some((p) => p.id === project.id) ? list.map((p) => (p.id === project.id ? project : p)) : [...list, project];
}

export function withoutProject(list: Project[] | undefined, id: number): Project[] | undefined {
  return list?.filter((p) => p.id !== id);
}

export function withMember(list: Member[] | undefined, member: Member): Member[] | undefined {
  return list?.map((m) => (m.user.id === member.user.id ? member : m));
}

export function withoutMember(list: Member[] | undefined, userId: number): Member[] | undefined {
  return list?.filter((m) => m.user.id !== userId);
}

export function withoutInvitation(list: Invitation[] | undefined, id: number): Invitation[] | undefined {
  return list?.filter((i) => i.id !== id);
}

/** The list with `label` in place of its old version, or added; by name, as the service sorts them. */
export function withLabel(list: Label[] | undefined, label: Label): Label[] | undefined {
  if (!list) return list;
  const others = list.filter((l) => l.id !== label.id);
  return [...others, label].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function withoutLabel(list: Label[] | undefined, id: number): Label[] | undefined {
  return list?.filter((l) => l.id !== id);
}

/** The caller's projects, the personal one first (the sidebar, the task form's select). */
export function useProjects() {
  const { projects } = useSession();
  return useQuery({ queryKey: queryKeys.projectList, queryFn: () => projects.list() });
}

/** One project, shown at once from the list while its own request runs. */
export function useProject(id: number) {
  const { projects } = useSession();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.project(id),
    queryFn: () => projects.get(id),
    placeholderData: () => queryClient.getQueryData<Project[]>(queryKeys.projectList)?.find((p) => p.id === id),
  });
}

/** A project's members (`undefined`: none asked for until the project is known). */
export function useMembers(id: number | undefined) {
  const { projects } = useSession();
  return useQuery({ queryKey: queryKeys.projectMembers(id ?? 0), queryFn: () => projects.members(id ?? 0), enabled: id !== undefined });
}

/** A project's labels, by name (`enabled: false` until the project is known). */
export function useLabels(id: number | undefined) {
  const { projects } = useSession();
  return useQuery({ queryKey: queryKeys.projectLabels(id ?? 0), queryFn: () => projects.labels(id ?? 0), enabled: id !== undefined });
}

/** Who and what the tasks of some projects refer to: their members and labels, by id. */
export interface ProjectDirectory {
  members: ReadonlyMap<number, MemberUser>;
  labels: ReadonlyMap<number, Label>;
}

// Module-level, so the query cache re-runs them only when the data changes (stable maps).
const membersById = (results: Array<{ data?: Member[] }>) => new Map(results.flatMap((r) => (r.data ?? []).map((m) => [m.user.id, m.user] as const)));
const labelsById = (results: Array<{ data?: Label[] }>) => new Map(results.flatMap((r) => (r.data ?? []).map((l) => [l.id, l] as const)));

/** The members and labels of `projectIds` (each project's cached on its own), merged by id. */
export function useProjectDirectory(projectIds: number[]): ProjectDirectory {
  const { projects } = useSession();
  const members = useQueries({
    queries: projectIds.map((id) => ({ queryKey: queryKeys.projectMembers(id), queryFn: () => projects.members(id) })),
    combine: membersById,
  });
  const labels = useQueries({
    queries: projectIds.map((id) => ({ queryKey: queryKeys.projectLabels(id), queryFn: () => projects.labels(id) })),
    combine: labelsById,
  });
  return useMemo(() => ({ members, labels }), [members, labels]);
}

/** The pending invitations (only admins may read them). */
export function useInvitations(id: number) {
  const { projects } = useSession();
  return useQuery({ queryKey: queryKeys.projectInvitations(id), queryFn: () => projects.invitations(id) });
}

/**
 * The changes to projects, each with what it does to the cache: the answer goes into the cached
 * project and list; what it cannot tell (the list's order, member counts, the caller's role, the
 * tasks of a deleted or left project) is invalidated.
 */
export function projectActions(api: ProjectsApi, queryClient: QueryClient) {
  const setProject = (project: Project) => {
    queryClient.setQueryData(queryKeys.project(project.id), project);
    queryClient.setQueryData<Project[]>(queryKeys.projectList, (list) => withProject(list, project));
    void queryClient.invalidateQueries({ queryKey: queryKeys.projectList });
  };
  /** The project is gone for the caller (deleted or left): its data and its tasks with it. */
  const forget = (id: number) => {
    for (const key of [queryKeys.project(id), queryKeys.projectMembers(id), queryKeys.projectInvitations(id)]) queryClient.removeQueries({ queryKey: key });
    queryClient.setQueryData<Project[]>(queryKeys.projectList, (list) => withoutProject(list, id));
    void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
  };
  /** The member count, or the caller's own role, changed. */
  const invalidateProject = (id: number) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.project(id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.projectList });
  };
  const isMe = (userId: number) => queryClient.getQueryData<User>(queryKeys.profile)?.id === userId;

  return {
    create: async (input: ProjectInput) => {
      const project = await api.create(input);
      setProject(project);
      return project;
    },
    update: async (id: number, input: ProjectInput) => {
      const project = await api.update(id, input);
      setProject(project);
      return project;
    },
    remove: async (id: number) => {
      await api.remove(id);
      forget(id);
    },
    addMember: async (id: number, email: string, role: ProjectRole) => {
      const added = await api.addMember(id, email, role);
      void queryClient.invalidateQueries({ queryKey: isInvitation(added) ? queryKeys.projectInvitations(id) : queryKeys.projectMembers(id) });
      if (!isInvitation(added)) invalidateProject(id);
      return added;
    },
    changeRole: async (id: number, userId: number, role: ProjectRole) => {
      const member = await api.changeRole(id, userId, role);
      queryClient.setQueryData<Member[]>(queryKeys.projectMembers(id), (list) => withMember(list, member));
      if (isMe(userId)) invalidateProject(id);
      return member;
    },
    /** Removes a member; removing yourself is leaving the project. */
    removeMember: async (id: number, userId: number) => {
      await api.removeMember(id, userId);
      if (isMe(userId)) {
        forget(id);
        return;
      }
      queryClient.setQueryData<Member[]>(queryKeys.projectMembers(id), (list) => withoutMember(list, userId));
      invalidateProject(id);
    },
    cancelInvitation: async (id: number, invitationId: number) => {
      await api.cancelInvitation(id, invitationId);
      queryClient.setQueryData<Invitation[]>(queryKeys.projectInvitations(id), (list) => withoutInvitation(list, invitationId));
    },
    createLabel: async (id: number, input: LabelInput) => {
      const label = await api.createLabel(id, input);
      queryClient.setQueryData<Label[]>(queryKeys.projectLabels(id), (list) => withLabel(list, label));
      return label;
    },
    updateLabel: async (id: number, labelId: number, input: LabelInput) => {
      const label = await api.updateLabel(id, labelId, input);
      queryClient.setQueryData<Label[]>(queryKeys.projectLabels(id), (list) => withLabel(list, label));
      return label;
    },
    /** The label goes from its tasks too: every cached task may have carried it. */
    removeLabel: async (id: number, labelId: number) => {
      await api.removeLabel(id, labelId);
      queryClient.setQueryData<Label[]>(queryKeys.projectLabels(id), (list) => withoutLabel(list, labelId));
      void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
    },
  };
}

export function useProjectActions() {
  const { projects } = useSession();
  const queryClient = useQueryClient();
  return useMemo(() => projectActions(projects, queryClient), [projects, queryClient]);
}
