import type { QueryClient } from '@tanstack/react-query';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { tasksApi } from '../api/endpoints';
import type { Task, TaskStatus } from '../api/types';
import { TASK_STATUSES } from '../api/types';
import type { Board, Slot } from '../lib/board';
import { ownChanges } from '../lib/ownChanges';
import { findSlot, findTask, groupIntoColumns, placeTask, withTask } from '../lib/board';
import { queryKeys } from './queryKeys';
import { useSession } from './session';
import { invalidateSummaries } from './tasks';

type TasksApi = ReturnType<typeof tasksApi>;

/** The service's largest page: a board of a thousand tasks is ten requests. */
const PAGE_SIZE = 100;

/** One column, every page of it, in board order. */
async function loadColumn(api: TasksApi, projectId: number, status: TaskStatus, signal?: AbortSignal): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let page = 1; ; page++) {
    const answer = await api.list({ project: projectId, status, ordering: 'position', page, page_size: PAGE_SIZE }, signal);
    tasks.push(...answer.results);
    if (!answer.next) return tasks;
  }
}

/** Every task of the project, the five columns loaded side by side. */
export async function loadBoard(api: TasksApi, projectId: number, signal?: AbortSignal): Promise<Board> {
  const columns = await Promise.all(TASK_STATUSES.map((status) => loadColumn(api, projectId, status, signal)));
  return groupIntoColumns(columns.flat());
}

export function useBoard(projectId: number) {
  const { tasks } = useSession();
  return useQuery({ queryKey: queryKeys.board(projectId), queryFn: ({ signal }) => loadBoard(tasks, projectId, signal) });
}

/**
 * Moving a card: shown at once (optimistic), then the service's answer (its new position) put in
 * place; a refused move puts the card back where it was, and the error goes to the caller.
 */
export function boardActions(api: TasksApi, queryClient: QueryClient) {
  return {
    /** Returns false when the card is already there (nothing to do). */
    move: async (projectId: number, taskId: number, slot: Slot): Promise<boolean> => {
      const key = queryKeys.board(projectId);
      const board = queryClient.getQueryData<Board>(key);
      const from = board && findSlot(board, taskId);
      const original = board && findTask(board, taskId);
      const placed = board && placeTask(board, taskId, slot);
      if (!from || !original || !placed || (from.status === slot.status && from.index === slot.index)) return false;
      // Shown in the same render as the drop; a refetch landing afterwards would show the card
      // back in its old place: it is cancelled, keeping the data shown (no revert).
      queryClient.setQueryData(key, placed.board);
      void queryClient.cancelQueries({ queryKey: key }, { revert: false });
      try {
        ownChanges.note('task', taskId);
        const task = await api.move(taskId, { status: slot.status, after_id: placed.afterId });
        ownChanges.note('task', taskId);
        queryClient.setQueryData<Board>(key, (current) => current && withTask(current, task));
        queryClient.setQueryData<Task>(queryKeys.task(taskId), (cached) => cached && { ...cached, ...task });
        void queryClient.invalidateQueries({ queryKey: queryKeys.taskActivity(taskId) });
        invalidateSummaries(queryClient);
        return true;
      } catch (error) {
        // Back to where it was, keeping whatever else changed meanwhile (live changes).
        queryClient.setQueryData<Board>(key, (current) => current && withTask(current, original));
        throw error;
      }
    },
  };
}

export function useBoardActions() {
  const { tasks } = useSession();
  const queryClient = useQueryClient();
  return useMemo(() => boardActions(tasks, queryClient), [tasks, queryClient]);
}
