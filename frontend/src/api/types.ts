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
  // Teams: optional, so a backend without them still works (read them through lib/board.ts).
  assignee_ids?: number[];
  label_ids?: number[];
  /** The board key: compared as plain strings (byte order), never with localeCompare. */
  position?: string;
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

export type TaskInput = Partial<Pick<Task, 'project_id' | 'title' | 'description' | 'priority' | 'status' | 'due_date' | 'assignee_ids' | 'label_ids'>>;

/** Where a task goes on the board: after `after_id` in the column `status` (null: first). */
export interface MoveInput {
  status?: TaskStatus;
  after_id: number | null;
}
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

export interface Label {
  id: number;
  name: string;
  color: string; // "#rrggbb"
}

export type LabelInput = Partial<Pick<Label, 'name' | 'color'>>;

export const ACTIVITY_ACTIONS = ['created', 'updated', 'moved', 'deleted', 'commented', 'attached'] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** One change of a task: `changes` maps each field to [before, after]. */
export interface Activity {
  id: number;
  actor: { id: number; username: string };
  task_id: number;
  action: ActivityAction;
  changes: Record<string, [unknown, unknown]>;
  created_at: string;
}

/** A live change of a project's task, pushed to every member (a deletion carries only the id). */
export interface TaskChange {
  project_id: number;
  action: 'created' | 'updated' | 'moved' | 'deleted';
  task: Task | { id: number };
  actor_id: number | null;
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
  /** Who made the change it tells of; null (or absent, from an older service) when nobody did. */
  actor_id?: number | null;
}

export interface NotificationList {
  notifications: Notification[];
  total: number;
  unread_count: number;
  limit: number;
  offset: number;
}

export type FieldErrors = Record<string, string[]>;
