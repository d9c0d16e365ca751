import type { ApiClient, Query } from './client';
import type {
  Activity,
  Attachment,
  AuthResponse,
  BulkUpdates,
  Comment,
  Invitation,
  Label,
  LabelInput,
  Member,
  MoveInput,
  NotificationList,
  Page,
  Project,
  ProjectInput,
  ProjectRole,
  Task,
  TaskDetail,
  TaskInput,
  TaskStats,
  User,
} from './types';

export interface RegisterInput {
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  password: string;
  password_confirm: string;
}

export interface ProfileInput {
  username?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
}

export interface PasswordChangeInput {
  old_password: string;
  new_password: string;
  new_password_confirm: string;
}

export function authApi(client: ApiClient) {
  return {
    register: (input: RegisterInput) => client.request<AuthResponse>('POST', '/api/auth/register/', { body: input, anonymous: true }),
    login: (email: string, password: string) => client.request<AuthResponse>('POST', '/api/auth/login/', { body: { email, password }, anonymous: true }),
    logout: (refresh: string) => client.post<{ message: string }>('/api/auth/logout/', { refresh }),
    profile: () => client.get<User>('/api/auth/profile/'),
    updateProfile: (input: ProfileInput) => client.patch<User>('/api/auth/profile/', input),
    changePassword: (input: PasswordChangeInput) => client.post<{ message: string }>('/api/auth/change-password/', input),
  };
}

export function tasksApi(client: ApiClient) {
  return {
    list: (query: Query, signal?: AbortSignal) => client.get<Page<Task>>('/api/tasks/', query, signal),
    /** Every project's tasks, or one project's (`project`). */
    stats: (project?: number) => client.get<TaskStats>('/api/tasks/stats/', { project }),
    get: (id: number) => client.get<TaskDetail>(`/api/tasks/${id}/`),
    create: (input: TaskInput) => client.post<Task>('/api/tasks/', input),
    update: (id: number, input: TaskInput) => client.patch<Task>(`/api/tasks/${id}/`, input),
    remove: (id: number) => client.delete(`/api/tasks/${id}/`),
    bulkUpdate: (taskIds: number[], updates: BulkUpdates) =>
      client.post<{ message: string; updated_count: number }>('/api/tasks/bulk-update/', {
        task_ids: taskIds,
        updates,
      }),
    move: (id: number, input: MoveInput) => client.post<Task>(`/api/tasks/${id}/move/`, input),
    activity: (id: number, page = 1) => client.get<Page<Activity>>(`/api/tasks/${id}/activity/`, { page }),
    comments: (id: number) => client.get<Page<Comment>>(`/api/tasks/${id}/comments/`, { page_size: 100 }),
    addComment: (id: number, content: string) => client.post<Comment>(`/api/tasks/${id}/comments/`, { content }),
    attachments: (id: number) => client.get<Attachment[]>(`/api/tasks/${id}/attachments/`),
    download: (taskId: number, attachmentId: number) => client.request<Response>('GET', `/api/tasks/${taskId}/attachments/${attachmentId}/`, { raw: true }),
  };
}

/** Adding someone by email: a Member when they have an account, else a pending Invitation. */
export function isInvitation(added: Member | Invitation): added is Invitation {
  return !('user' in added);
}

export function projectsApi(client: ApiClient) {
  const base = (id: number) => `/api/projects/${id}/`;
  return {
    list: () => client.get<Project[]>('/api/projects/'),
    get: (id: number) => client.get<Project>(base(id)),
    create: (input: ProjectInput) => client.post<Project>('/api/projects/', input),
    update: (id: number, input: ProjectInput) => client.patch<Project>(base(id), input),
    remove: (id: number) => client.delete(base(id)),
    members: (id: number) => client.get<Member[]>(`${base(id)}members/`),
    addMember: (id: number, email: string, role: ProjectRole) => client.post<Member | Invitation>(`${base(id)}members/`, { email, role }),
    changeRole: (id: number, userId: number, role: ProjectRole) => client.patch<Member>(`${base(id)}members/${userId}/`, { role }),
    /** Removes a member, or leaves the project when `userId` is the caller. */
    removeMember: (id: number, userId: number) => client.delete(`${base(id)}members/${userId}/`),
    invitations: (id: number) => client.get<Invitation[]>(`${base(id)}invitations/`),
    cancelInvitation: (id: number, invitationId: number) => client.delete(`${base(id)}invitations/${invitationId}/`),
    labels: (id: number) => client.get<Label[]>(`${base(id)}labels/`),
    createLabel: (id: number, input: LabelInput) => client.post<Label>(`${base(id)}labels/`, input),
    updateLabel: (id: number, labelId: number, input: LabelInput) => client.patch<Label>(`${base(id)}labels/${labelId}/`, input),
    removeLabel: (id: number, labelId: number) => client.delete(`${base(id)}labels/${labelId}/`),
  };
}

export function notificationsApi(client: ApiClient) {
  return {
    list: (limit = 20, offset = 0) => client.get<NotificationList>('/api/notifications/', { limit, offset }),
    markRead: (ids: Array<number | string>) => client.post<{ message: string; updated: number }>('/api/notifications/mark-read/', { ids }),
    markAllRead: () => client.post<{ message: string; updated: number }>('/api/notifications/mark-read/', { all: true }),
    clear: () => client.delete('/api/notifications/'),
  };
}
