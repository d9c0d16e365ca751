// The shapes of the API's requests and answers (docs/openapi.yaml).

export interface User {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  is_verified: boolean;
  created_at: string;
}

export interface Tokens {
  access: string;
  refresh: string;
}

export interface AuthResponse {
  user: User;
  tokens: Tokens;
}

export const TASK_STATUSES = ['todo', 'in_progress', 'review', 'done', 'cancelled'] as const;
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const TASK_ORDERINGS = ['created_at', 'updated_at', 'due_date', 'priority', 'title'] as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export interface Task {
  id: number;
  project_id: number;
  title: string;
  description: string;
  user_id: number;
  priority: TaskPriority;
  status: TaskStatus;
  due_date: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface Comment {
  id: number;
  content: string;
  user_id: number;
  created_at: string;
  updated_at: string;
}

export interface Attachment {
  id: number;
  file_name: string;
  file_size: number;
  mime_type: string;
  user_id: number;
  created_at: string;
  download_url: string;
}

export interface TaskDetail extends Task {
  comments: Comment[];
  attachments: Attachment[];
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface TaskStats {
  total_tasks: number;
  todo_tasks: number;
  in_progress_tasks: number;
  review_tasks: number;
  done_tasks: number;
  cancelled_tasks: number;
  overdue_tasks: number;
}

export type TaskInput = Partial<Pick<Task, 'project_id' | 'title' | 'description' | 'priority' | 'status' | 'due_date'>>;
export type BulkUpdates = Partial<Pick<Task, 'status' | 'priority' | 'due_date'>>;

/** The roles in a project, each including the ones before. */
export const PROJECT_ROLES = ['viewer', 'editor', 'admin', 'owner'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export interface Project {
  id: number;
  name: string;
  description: string;
  color: string; // "#rrggbb"
  is_personal: boolean;
  archived: boolean;
  /** The caller's role. */
  role: ProjectRole;
  member_count: number;
  created_at: string;
  updated_at: string;
}

export type ProjectInput = Partial<Pick<Project, 'name' | 'description' | 'color' | 'archived'>>;

/** A member's user, from the tasks service's directory (empty strings until it has heard of them). */
export interface MemberUser {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
}

export interface Member {
  user: MemberUser;
  role: ProjectRole;
  joined_at: string;
}

/** An email invited before anyone registered with it; a membership once they do. */
export interface Invitation {
  id: number;
  email: string;
  role: ProjectRole;
  invited_by: number;
  created_at: string;
}

export interface Notification {
  id: number | string;
  title: string;
  message: string;
  type: 'info' | 'success' | 'warning' | 'error';
  event_type: string;
  task_id: number | null;
  created_at: string;
  read: boolean;
}

export interface NotificationList {
  notifications: Notification[];
  total: number;
  unread_count: number;
  limit: number;
  offset: number;
}

export type FieldErrors = Record<string, string[]>;
