import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../src/api/client';
import type { tasksApi } from '../src/api/endpoints';
import { MemoryTokenStore } from '../src/api/tokens';
import type { Comment, Task, TaskDetail } from '../src/api/types';
import { queryKeys } from '../src/state/queryKeys';
import { stale } from './queryCache';
import { invalidateForTaskEvent, taskActions } from '../src/state/tasks';

const task = (id: number, title = `Task ${id}`): Task => ({
  id,
  project_id: 1,
  title,
  description: '',
  user_id: 1,
  priority: 'medium',
  status: 'todo',
  due_date: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  completed_at: null,
});
const detail = (id: number): TaskDetail => ({ ...task(id), comments: [], attachments: [] });
const comment: Comment = {
  id: 9,
  content: 'Looks good',
  user_id: 1,
  created_at: '2026-01-02T00:00:00Z',
  updated_at: '2026-01-02T00:00:00Z',
};

/** A cache holding a list page, the statistics and two tasks, none of them stale. */
function filledCache() {
  const queryClient = new QueryClient();
  queryClient.setQueryData(queryKeys.taskList({ page: 1 }), { count: 2, next: null, previous: null, results: [task(1), task(2)] });
  queryClient.setQueryData(queryKeys.taskStats, { total_tasks: 2 });
  queryClient.setQueryData(queryKeys.task(1), detail(1));
  queryClient.setQueryData(queryKeys.task(2), detail(2));
  return queryClient;
}

function actionsWith(api: Partial<ReturnType<typeof tasksApi>>, queryClient: QueryClient) {
  const client = new ApiClient({ tokens: new MemoryTokenStore() });
  return taskActions(api as ReturnType<typeof tasksApi>, client, queryClient);
}

describe('what a change of a task does to the cache', () => {
  it('an edit goes into the cached task; lists and statistics become stale', async () => {
    const queryClient = filledCache();
    const update = vi.fn(async () => task(1, 'Renamed'));
    await actionsWith({ update }, queryClient).update(1, { title: 'Renamed' });
    expect(update).toHaveBeenCalledWith(1, { title: 'Renamed' });
    expect(queryClient.getQueryData<TaskDetail>(queryKeys.task(1))).toMatchObject({ title: 'Renamed', comments: [] });
    expect(stale(queryClient)).toEqual([queryKeys.taskList({ page: 1 }), queryKeys.taskStats]);
  });

  it('a new comment is added to the cached task, nothing else changes', async () => {
    const queryClient = filledCache();
    await actionsWith({ addComment: async () => comment }, queryClient).addComment(2, 'Looks good');
    expect(queryClient.getQueryData<TaskDetail>(queryKeys.task(2))?.comments).toEqual([comment]);
    expect(queryClient.getQueryData<TaskDetail>(queryKeys.task(1))?.comments).toEqual([]);
    expect(stale(queryClient)).toEqual([]);
  });

  it('creating and deleting make the lists and statistics stale', async () => {
    const queryClient = filledCache();
    await actionsWith({ remove: async () => undefined }, queryClient).remove(2);
    expect(stale(queryClient)).toEqual([queryKeys.taskList({ page: 1 }), queryKeys.taskStats]);
  });

  it('a bulk update makes every task query stale', async () => {
    const queryClient = filledCache();
    await actionsWith({ bulkUpdate: async () => ({ message: 'ok', updated_count: 2 }) }, queryClient).bulkUpdate([1, 2], {
      status: 'done',
    });
    expect(stale(queryClient)).toHaveLength(4);
  });

  it('a failed request changes nothing', async () => {
    const queryClient = filledCache();
    const failing = async () => {
      throw new Error('offline');
    };
    await expect(actionsWith({ update: failing }, queryClient).update(1, { title: 'x' })).rejects.toThrow('offline');
    expect(queryClient.getQueryData<TaskDetail>(queryKeys.task(1))?.title).toBe('Task 1');
    expect(stale(queryClient)).toEqual([]);
  });

  it('a live event about a task makes the lists, the statistics and that task stale', () => {
    const queryClient = filledCache();
    invalidateForTaskEvent(queryClient, 2);
    expect(stale(queryClient)).toEqual([queryKeys.taskList({ page: 1 }), queryKeys.taskStats, queryKeys.task(2)]);
  });

  it('a live event about no task in particular leaves the tasks themselves alone', () => {
    const queryClient = filledCache();
    invalidateForTaskEvent(queryClient, null);
    expect(stale(queryClient)).toEqual([queryKeys.taskList({ page: 1 }), queryKeys.taskStats]);
  });
});
