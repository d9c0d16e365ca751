import { TASK_ORDERINGS, TASK_PRIORITIES, TASK_STATUSES } from '../api/types';

// The dashboard's list state lives in the URL (?status=todo&search=x&ordering=-due_date&page=2,
// and the project in the path: /projects/:id), so a reload, the back button or a shared link
// shows the same list.

export interface TaskQuery {
  status: string;
  priority: string;
  search: string;
  /** "me": only the caller's tasks; "": everyone's. */
  assignee: string;
  /** A label's id, or "". */
  label: string;
  ordering: string;
  page: number;
  pageSize: number;
}

export const DEFAULT_ORDERING = '-created_at';
export const PAGE_SIZES = [10, 20, 50, 100];
export const DEFAULT_PAGE_SIZE = 20;

const validOrdering = (value: string) => TASK_ORDERINGS.includes(value.replace(/^-/, '') as never);

export function parseTaskQuery(search: string): TaskQuery {
  const params = new URLSearchParams(search);
  const status = params.get('status') ?? '';
  const priority = params.get('priority') ?? '';
  const ordering = params.get('ordering') ?? DEFAULT_ORDERING;
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  const pageSize = Number.parseInt(params.get('page_size') ?? String(DEFAULT_PAGE_SIZE), 10);
  return {
    status: TASK_STATUSES.includes(status as never) ? status : '',
    priority: TASK_PRIORITIES.includes(priority as never) ? priority : '',
    search: params.get('search') ?? '',
    assignee: params.get('assignee') === 'me' ? 'me' : '',
    label: /^[1-9]\d*$/.test(params.get('label') ?? '') ? (params.get('label') as string) : '',
    ordering: validOrdering(ordering) ? ordering : DEFAULT_ORDERING,
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

/** The URL query string for a state ("" when everything is the default). */
export function serializeTaskQuery(query: TaskQuery): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.priority) params.set('priority', query.priority);
  if (query.search.trim()) params.set('search', query.search.trim());
  if (query.assignee) params.set('assignee', query.assignee);
  if (query.label) params.set('label', query.label);
  if (query.ordering !== DEFAULT_ORDERING) params.set('ordering', query.ordering);
  if (query.page > 1) params.set('page', String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set('page_size', String(query.pageSize));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** The tasks API's query parameters for a state, in one project or (none) in every one. */
export function apiParams(query: TaskQuery, project?: number): Record<string, string | number> {
  const params: Record<string, string | number> = {
    ...(project ? { project } : {}),
    ordering: query.ordering,
    page: query.page,
    page_size: query.pageSize,
  };
  if (query.status) params.status = query.status;
  if (query.priority) params.priority = query.priority;
  if (query.search.trim()) params.search = query.search.trim();
  if (query.assignee) params.assignee = query.assignee;
  if (query.label) params.label = query.label;
  return params;
}

/** A change of filter, search, sort or page size starts again at page 1. */
export function updateQuery(query: TaskQuery, change: Partial<TaskQuery>): TaskQuery {
  const next = { ...query, ...change };
  if (change.page === undefined) next.page = 1;
  return next;
}

export function pageCount(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}
