import type { QueryClient } from '@tanstack/react-query';
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ApiClient, Query } from '../api/client';
import type { tasksApi } from '../api/endpoints';
import type { BulkUpdates, Page, Task, TaskChange, TaskDetail, TaskInput } from '../api/types';
import type { Board } from '../lib/board';
import { ownChanges } from '../lib/ownChanges';
import { boardWithChange, pageWithChange, taskWithChange, withoutTask } from '../lib/board';
import { uploadAttachment } from '../api/upload';
import { queryKeys } from './queryKeys';
import { useSession } from './session';

type TasksApi = ReturnType<typeof tasksApi>;

/** One page of the task list; the previous page stays shown while the next one loads. */
export function useTaskList(params: Query) {
  const { tasks } = useSession();
  return useQuery({
    queryKey: queryKeys.taskList(params),
    queryFn: ({ signal }) => tasks.list(params, signal),
    placeholderData: keepPreviousData,
  });
}

/** The statistics of one project, or of every project the user is a member of. */
export function useTaskStats(project?: number) {
  const { tasks } = useSession();
  return useQuery({ queryKey: queryKeys.taskStatsOf(project ?? null), queryFn: () => tasks.stats(project) });
}

export function useTask(id: number) {
  const { tasks } = useSession();
  return useQuery({ queryKey: queryKeys.task(id), queryFn: () => tasks.get(id) });
}

/** A task's history, newest first, a page at a time. */
export function useTaskActivity(id: number) {
  const { tasks } = useSession();
  return useInfiniteQuery({
    queryKey: queryKeys.taskActivity(id),
    queryFn: ({ pageParam }) => tasks.activity(id, pageParam),
    initialPageParam: 1,
    getNextPageParam: (last, _pages, page) => (last.next ? page + 1 : undefined),
  });
}

/** The lists and the statistics, which any change of a task can alter. */
export function invalidateSummaries(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.taskLists });
  void queryClient.invalidateQueries({ queryKey: queryKeys.taskStats });
}

/** A live event about a task: what shows tasks is reloaded if on screen, or when next shown. */
export function invalidateForTaskEvent(queryClient: QueryClient, taskId: number | null) {
  invalidateSummaries(queryClient);
  if (taskId !== null) void queryClient.invalidateQueries({ queryKey: queryKeys.task(taskId) });
}

/**
 * A change of a task put into the cached boards, where it has its place by position: a board of
 * a thousand tasks is not loaded again for one change.
 */
function putInBoards(queryClient: QueryClient, change: TaskChange) {
  for (const [key, board] of queryClient.getQueriesData<Board>({ queryKey: queryKeys.boards })) {
    // A task is in one project: the change's. Another project's board loses it (it moved).
    if (board) queryClient.setQueryData(key, key[2] === change.project_id ? boardWithChange(board, change.project_id, change) : withoutTask(board, change.task.id));
  }
}

/**
 * A live change of a task (task_changed): applied to the cached boards, list pages and task, so
 * what is on screen changes at once; the lists and statistics are also made stale, since only
 * the service knows which filtered, sorted page a task now belongs to.
 */
export function applyTaskChange(queryClient: QueryClient, change: TaskChange) {
  putInBoards(queryClient, change);
  queryClient.setQueriesData<Page<Task>>({ queryKey: queryKeys.taskLists }, (page) => page && pageWithChange(page, change));
  invalidateSummaries(queryClient);
  const id = change.task.id;
  if (change.action === 'deleted') void queryClient.invalidateQueries({ queryKey: queryKeys.task(id) });
  else queryClient.setQueryData<TaskDetail>(queryKeys.task(id), (cached) => cached && taskWithChange(cached, change));
  void queryClient.invalidateQueries({ queryKey: queryKeys.taskActivity(id) });
}

/**
 * The changes to tasks, each with what it does to the cache: an answer that carries the new
 * state goes into the cached task; what it cannot tell (lists, statistics) is invalidated, and
 * refetched only where it is on screen.
 */
export function taskActions(api: TasksApi, client: ApiClient, queryClient: QueryClient) {
  const patchCached = (id: number, change: (task: TaskDetail) => TaskDetail) => queryClient.setQueryData<TaskDetail>(queryKeys.task(id), (task) => task && change(task));
  return {
    create: async (input: TaskInput) => {
      ownChanges.note('created', 0);
      const task = await api.create(input);
      ownChanges.note('task', task.id);
      invalidateSummaries(queryClient);
      putInBoards(queryClient, { project_id: task.project_id, action: 'created', task, actor_id: null });
      return task;
    },
    update: async (id: number, input: TaskInput) => {
      ownChanges.note('task', id);
      const task = await api.update(id, input);
      ownChanges.note('task', id);
      patchCached(id, (cached) => ({ ...cached, ...task }));
      invalidateSummaries(queryClient);
      putInBoards(queryClient, { project_id: task.project_id, action: 'updated', task, actor_id: null });
      void queryClient.invalidateQueries({ queryKey: queryKeys.taskActivity(id) });
      return task;
    },
    remove: async (id: number) => {
      ownChanges.note('task', id);
      await api.remove(id);
      invalidateSummaries(queryClient);
      putInBoards(queryClient, { project_id: 0, action: 'deleted', task: { id }, actor_id: null });
    },
    bulkUpdate: async (ids: number[], updates: BulkUpdates) => {
      ownChanges.note('task', ...ids);
      const result = await api.bulkUpdate(ids, updates);
      ownChanges.note('task', ...ids);
      void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
      return result;
    },
    addComment: async (id: number, content: string) => {
      ownChanges.note('comment', id);
      const comment = await api.addComment(id, content);
      ownChanges.note('comment', id);
      patchCached(id, (task) => ({ ...task, comments: [...task.comments, comment] }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.taskActivity(id) });
      return comment;
    },
    upload: async (id: number, file: File, onProgress: (fraction: number) => void) => {
      const attachment = await uploadAttachment(client, id, file, { onProgress });
      patchCached(id, (task) => ({ ...task, attachments: [...task.attachments, attachment] }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.taskActivity(id) });
      return attachment;
    },
  };
}

export function useTaskActions() {
  const { tasks, client } = useSession();
  const queryClient = useQueryClient();
  return useMemo(() => taskActions(tasks, client, queryClient), [tasks, client, queryClient]);
}
