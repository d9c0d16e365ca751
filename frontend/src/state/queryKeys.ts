import { QueryClient } from '@tanstack/react-query';
import type { Query } from '../api/client';

// Every query of the app has its key here, so a change can say precisely what it makes stale.
export const queryKeys = {
  profile: ['profile'] as const,
  tasks: ['tasks'] as const,
  taskLists: ['tasks', 'list'] as const,
  taskList: (params: Query) => ['tasks', 'list', params] as const,
  taskStats: ['tasks', 'stats'] as const,
  /** One project's statistics, or every project's (null). */
  taskStatsOf: (project: number | null) => ['tasks', 'stats', project] as const,
  taskDetails: ['tasks', 'detail'] as const,
  task: (id: number) => ['tasks', 'detail', id] as const,
  /** A project's board: every task, by column (under 'tasks', so what makes every task stale makes it stale too). */
  boards: ['tasks', 'board'] as const,
  board: (projectId: number) => ['tasks', 'board', projectId] as const,
  taskActivity: (id: number) => ['tasks', 'activity', id] as const,
  notifications: ['notifications'] as const,
  projects: ['projects'] as const,
  projectList: ['projects', 'list'] as const,
  project: (id: number) => ['projects', 'detail', id] as const,
  projectMembers: (id: number) => ['projects', 'members', id] as const,
  projectInvitations: (id: number) => ['projects', 'invitations', id] as const,
  projectLabels: (id: number) => ['projects', 'labels', id] as const,
};

/**
 * The app's query cache. A failed request is shown at once with a retry button (no automatic
 * retries), and data is fetched when a page shows it or a change or live event makes it stale,
 * not on window focus or reconnection.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}
