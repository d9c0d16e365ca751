import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { tasksApi } from '../src/api/endpoints';
import type { Page, Task, TaskChange, TaskStatus } from '../src/api/types';
import type { Board } from '../src/lib/board';
import { boardWithChange, compareByPosition, groupIntoColumns, insertionIndex, keyboardTarget, pageWithChange, placeTask } from '../src/lib/board';
import { boardActions, loadBoard } from '../src/state/board';
import { queryKeys } from '../src/state/queryKeys';
import { applyTaskChange, taskActions } from '../src/state/tasks';
import { ApiClient } from '../src/api/client';
import { MemoryTokenStore } from '../src/api/tokens';
import { stale } from './queryCache';

const task = (id: number, status: TaskStatus, position: string, extra: Partial<Task> = {}): Task => ({
  id,
  project_id: 1,
  title: `Task ${id}`,
  description: '',
  user_id: 1,
  priority: 'medium',
  status,
  due_date: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  completed_at: null,
  assignee_ids: [],
  label_ids: [],
  position,
  ...extra,
});
const ids = (board: Board, status: TaskStatus) => board[status].map((t) => t.id);

/** To do: 1, 2, 3; In progress: 4. */
const sample = () => groupIntoColumns([task(3, 'todo', 'c'), task(1, 'todo', 'a'), task(4, 'in_progress', 'a'), task(2, 'todo', 'b')]);

describe('columns in board order', () => {
  it('groups by status and sorts by position', () => {
    const board = sample();
    expect(ids(board, 'todo')).toEqual([1, 2, 3]);
    expect(ids(board, 'in_progress')).toEqual([4]);
    expect(ids(board, 'done')).toEqual([]);
  });

  it('compares keys in byte order (uppercase before lowercase), then by id', () => {
    const tasks = [task(1, 'todo', 'a'), task(2, 'todo', 'B'), task(3, 'todo', 'a0'), task(5, 'todo', 'a'), task(4, 'todo', 'a')];
    expect(tasks.sort(compareByPosition).map((t) => t.id)).toEqual([2, 1, 4, 5, 3]);
  });

  it('reads a task without a position (an older backend) as first', () => {
    const bare = task(9, 'todo', '');
    delete bare.position;
    expect(ids(groupIntoColumns([task(1, 'todo', 'a'), bare]), 'todo')).toEqual([9, 1]);
  });
});

describe('placing a card', () => {
  it('between two cards of another column, after the one above it', () => {
    const placed = placeTask(sample(), 2, { status: 'in_progress', index: 1 });
    expect(placed?.afterId).toBe(4);
    expect(ids(placed!.board, 'todo')).toEqual([1, 3]);
    expect(ids(placed!.board, 'in_progress')).toEqual([4, 2]);
    expect(placed!.board.in_progress[1].status).toBe('in_progress');
  });

  it('first in its own column: after nobody', () => {
    const placed = placeTask(sample(), 3, { status: 'todo', index: 0 });
    expect(placed?.afterId).toBeNull();
    expect(ids(placed!.board, 'todo')).toEqual([3, 1, 2]);
  });

  it('past the end of a column: last', () => {
    const placed = placeTask(sample(), 1, { status: 'todo', index: 99 });
    expect(placed?.afterId).toBe(3);
    expect(ids(placed!.board, 'todo')).toEqual([2, 3, 1]);
  });

  it('an unknown card: nothing', () => {
    expect(placeTask(sample(), 42, { status: 'todo', index: 0 })).toBeNull();
  });

  it('the drop height gives the index among the other cards', () => {
    expect(insertionIndex([10, 30, 50], 5)).toBe(0);
    expect(insertionIndex([10, 30, 50], 31)).toBe(2);
    expect(insertionIndex([10, 30, 50], 99)).toBe(3);
    expect(insertionIndex([], 99)).toBe(0);
  });
});

describe('keyboard moves', () => {
  const board = sample();
  it('up and down stay within the column and stop at its ends', () => {
    expect(keyboardTarget(board, 2, { status: 'todo', index: 1 }, 'ArrowUp')).toEqual({ status: 'todo', index: 0 });
    expect(keyboardTarget(board, 2, { status: 'todo', index: 0 }, 'ArrowUp')).toEqual({ status: 'todo', index: 0 });
    // To do has two other cards: three places, 0 to 2.
    expect(keyboardTarget(board, 2, { status: 'todo', index: 2 }, 'ArrowDown')).toEqual({ status: 'todo', index: 2 });
    expect(keyboardTarget(board, 2, { status: 'todo', index: 1 }, 'End')).toEqual({ status: 'todo', index: 2 });
    expect(keyboardTarget(board, 2, { status: 'todo', index: 2 }, 'Home')).toEqual({ status: 'todo', index: 0 });
  });

  it('left and right go to the neighbouring column, at most to its end', () => {
    expect(keyboardTarget(board, 3, { status: 'todo', index: 2 }, 'ArrowRight')).toEqual({ status: 'in_progress', index: 1 });
    expect(keyboardTarget(board, 3, { status: 'in_progress', index: 1 }, 'ArrowRight')).toEqual({ status: 'review', index: 0 });
    expect(keyboardTarget(board, 3, { status: 'todo', index: 2 }, 'ArrowLeft')).toEqual({ status: 'todo', index: 2 });
    expect(keyboardTarget(board, 3, { status: 'cancelled', index: 0 }, 'ArrowRight')).toEqual({ status: 'cancelled', index: 0 });
  });

  it('other keys are not moves', () => {
    expect(keyboardTarget(board, 3, { status: 'todo', index: 2 }, 'a')).toBeNull();
  });
});

describe('live changes', () => {
  const change = (action: TaskChange['action'], t: Task | { id: number }, projectId = 1): TaskChange => ({ project_id: projectId, action, task: t, actor_id: 7 });

  it('a created or moved task takes its place by position', () => {
    let board = boardWithChange(sample(), 1, change('created', task(5, 'todo', 'bb')));
    expect(ids(board, 'todo')).toEqual([1, 2, 5, 3]);
    board = boardWithChange(board, 1, change('moved', task(1, 'in_progress', 'b', { updated_at: '2026-01-02T00:00:00Z' })));
    expect(ids(board, 'todo')).toEqual([2, 5, 3]);
    expect(ids(board, 'in_progress')).toEqual([4, 1]);
  });

  it('a deleted task, or one moved to another project, leaves the board', () => {
    expect(ids(boardWithChange(sample(), 1, change('deleted', { id: 2 })), 'todo')).toEqual([1, 3]);
    expect(ids(boardWithChange(sample(), 1, change('updated', task(2, 'todo', 'b', { project_id: 2 }))), 'todo')).toEqual([1, 3]);
  });

  it('a late echo older than the cached task changes nothing', () => {
    const board = groupIntoColumns([task(1, 'done', 'a', { updated_at: '2026-01-03T00:00:00Z' })]);
    expect(boardWithChange(board, 1, change('moved', task(1, 'todo', 'a')))).toBe(board);
  });

  it('a list page has a changed task replaced in place and a deleted one removed', () => {
    const page: Page<Task> = { count: 2, next: null, previous: null, results: [task(1, 'todo', 'a'), task(2, 'todo', 'b')] };
    const renamed = pageWithChange(page, change('updated', task(2, 'todo', 'b', { title: 'Renamed', updated_at: '2026-01-02T00:00:00Z' })));
    expect(renamed.results.map((t) => t.title)).toEqual(['Task 1', 'Renamed']);
    const removed = pageWithChange(page, change('deleted', { id: 1 }));
    expect(removed).toMatchObject({ count: 1, results: [{ id: 2 }] });
    expect(pageWithChange(page, change('created', task(3, 'todo', 'c')))).toBe(page);
  });

  it('goes into the cached boards, lists and task, and makes the lists stale', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(queryKeys.board(1), sample());
    queryClient.setQueryData(queryKeys.board(2), groupIntoColumns([task(2, 'todo', 'a', { project_id: 2 })]));
    queryClient.setQueryData(queryKeys.taskList({ page: 1 }), { count: 1, next: null, previous: null, results: [task(2, 'todo', 'b')] });
    queryClient.setQueryData(queryKeys.task(2), { ...task(2, 'todo', 'b'), comments: [], attachments: [] });
    applyTaskChange(queryClient, change('moved', task(2, 'done', 'a', { updated_at: '2026-01-02T00:00:00Z' })));
    expect(ids(queryClient.getQueryData<Board>(queryKeys.board(1))!, 'done')).toEqual([2]);
    expect(ids(queryClient.getQueryData<Board>(queryKeys.board(2))!, 'todo')).toEqual([]);
    expect(queryClient.getQueryData<Page<Task>>(queryKeys.taskList({ page: 1 }))?.results[0].status).toBe('done');
    expect(queryClient.getQueryData(queryKeys.task(2))).toMatchObject({ status: 'done', comments: [] });
    expect(stale(queryClient)).toEqual([queryKeys.taskList({ page: 1 })]);
  });
});

describe('loading and moving on the board', () => {
  it('loads every page of every column, in board order', async () => {
    const list = vi.fn(async (query: Record<string, unknown>) => {
      const status = query.status as TaskStatus;
      if (status !== 'todo') return { count: 0, next: null, previous: null, results: [] };
      return query.page === 1 ? { count: 2, next: '/api/tasks/?page=2', previous: null, results: [task(1, 'todo', 'a')] } : { count: 2, next: null, previous: 'x', results: [task(2, 'todo', 'b')] };
    });
    const board = await loadBoard({ list } as unknown as ReturnType<typeof tasksApi>, 1);
    expect(ids(board, 'todo')).toEqual([1, 2]);
    expect(list).toHaveBeenCalledWith({ project: 1, status: 'todo', ordering: 'position', page: 2, page_size: 100 }, undefined);
    expect(list).toHaveBeenCalledTimes(6);
  });

  it('shows a move at once, then the position the service gave', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(queryKeys.board(1), sample());
    let answer: (t: Task) => void = () => {};
    const move = vi.fn(() => new Promise<Task>((resolve) => (answer = resolve)));
    const moving = boardActions({ move } as unknown as ReturnType<typeof tasksApi>, queryClient).move(1, 1, { status: 'in_progress', index: 0 });
    await vi.waitFor(() => expect(move).toHaveBeenCalledWith(1, { status: 'in_progress', after_id: null }));
    expect(ids(queryClient.getQueryData<Board>(queryKeys.board(1))!, 'in_progress')).toEqual([1, 4]);
    answer(task(1, 'in_progress', '0'));
    await expect(moving).resolves.toBe(true);
    expect(queryClient.getQueryData<Board>(queryKeys.board(1))!.in_progress[0]).toMatchObject({ id: 1, position: '0' });
  });

  it('puts a refused move back where it was', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(queryKeys.board(1), sample());
    const move = vi.fn(async () => {
      throw new Error('403');
    });
    await expect(boardActions({ move } as unknown as ReturnType<typeof tasksApi>, queryClient).move(1, 2, { status: 'done', index: 0 })).rejects.toThrow('403');
    const board = queryClient.getQueryData<Board>(queryKeys.board(1))!;
    expect(ids(board, 'todo')).toEqual([1, 2, 3]);
    expect(ids(board, 'done')).toEqual([]);
  });

  it('a drop where the card already is asks nothing', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(queryKeys.board(1), sample());
    const move = vi.fn();
    await expect(boardActions({ move } as unknown as ReturnType<typeof tasksApi>, queryClient).move(1, 2, { status: 'todo', index: 1 })).resolves.toBe(false);
    expect(move).not.toHaveBeenCalled();
  });
});

describe("this tab's own changes on a cached board", () => {
  const actions = (api: Partial<ReturnType<typeof tasksApi>>, queryClient: QueryClient) =>
    taskActions(api as ReturnType<typeof tasksApi>, new ApiClient({ tokens: new MemoryTokenStore() }), queryClient);

  it('a created, edited or deleted task takes or leaves its place, the board not loaded again', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(queryKeys.board(1), sample());
    const api = {
      create: async () => task(5, 'todo', 'z', { updated_at: '2026-01-02T00:00:00Z' }),
      update: async () => task(1, 'done', 'a', { updated_at: '2026-01-02T00:00:00Z' }),
      remove: async () => undefined,
    };
    await actions(api, queryClient).create({ title: 'New', project_id: 1 });
    await actions(api, queryClient).update(1, { status: 'done' });
    await actions(api, queryClient).remove(2);
    const board = queryClient.getQueryData<Board>(queryKeys.board(1))!;
    expect(ids(board, 'todo')).toEqual([3, 5]);
    expect(ids(board, 'done')).toEqual([1]);
    expect(stale(queryClient)).not.toContainEqual(queryKeys.board(1));
  });
});
