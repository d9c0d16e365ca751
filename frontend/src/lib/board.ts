import type { Page, Task, TaskChange, TaskStatus } from '../api/types';
import { TASK_STATUSES } from '../api/types';

// The kanban board's logic (pure: unit-tested): columns by status, cards in board order, where a
// dragged or keyboard-moved card lands, and what a live change does to a cached board or list.

/** Every task of a project, by column, each column in board order. */
export type Board = Record<TaskStatus, Task[]>;

/** A place on the board: `index` counts the cards of the column without the card being moved. */
export interface Slot {
  status: TaskStatus;
  index: number;
}

// A backend without the Teams fields answers tasks without them: read them as empty.
export const positionOf = (task: Task): string => task.position ?? '';
export const assigneeIdsOf = (task: Task): number[] => task.assignee_ids ?? [];
export const labelIdsOf = (task: Task): number[] => task.label_ids ?? [];

/** The service's `ordering=position`: the key in byte order (never localeCompare), then the id. */
export function compareByPosition(a: Task, b: Task): number {
  const pa = positionOf(a);
  const pb = positionOf(b);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.id - b.id;
}

export function emptyBoard(): Board {
  return { todo: [], in_progress: [], review: [], done: [], cancelled: [] };
}

export function groupIntoColumns(tasks: Task[]): Board {
  const board = emptyBoard();
  for (const task of tasks) board[task.status]?.push(task);
  for (const status of TASK_STATUSES) board[status].sort(compareByPosition);
  return board;
}

export function findSlot(board: Board, id: number): Slot | null {
  for (const status of TASK_STATUSES) {
    const index = board[status].findIndex((t) => t.id === id);
    if (index >= 0) return { status, index };
  }
  return null;
}

export function findTask(board: Board, id: number): Task | undefined {
  const slot = findSlot(board, id);
  return slot ? board[slot.status][slot.index] : undefined;
}

export function withoutTask(board: Board, id: number): Board {
  const slot = findSlot(board, id);
  if (!slot) return board;
  return { ...board, [slot.status]: board[slot.status].filter((t) => t.id !== id) };
}

/** The board with `task` in its column at its place by position (replacing its old version, wherever it was). */
export function withTask(board: Board, task: Task): Board {
  const next = withoutTask(board, task.id);
  const column = next[task.status];
  const index = column.findIndex((t) => compareByPosition(task, t) < 0);
  const placed = index < 0 ? [...column, task] : [...column.slice(0, index), task, ...column.slice(index)];
  return { ...next, [task.status]: placed };
}

/**
 * The board with task `id` moved to `slot` (index clamped to the column), and the `after_id`
 * the move endpoint takes: the card it now follows, or null when it is first. The moved card
 * keeps its old position until the service answers with the new one.
 */
export function placeTask(board: Board, id: number, slot: Slot): { board: Board; afterId: number | null } | null {
  const task = findTask(board, id);
  if (!task) return null;
  const without = withoutTask(board, id);
  const column = without[slot.status];
  const index = Math.max(0, Math.min(slot.index, column.length));
  const moved = { ...task, status: slot.status };
  return {
    board: { ...without, [slot.status]: [...column.slice(0, index), moved, ...column.slice(index)] },
    afterId: index > 0 ? column[index - 1].id : null,
  };
}

/** How many places a column offers a card being moved (its cards without that one, plus one). */
function placesIn(board: Board, status: TaskStatus, movingId: number): number {
  return board[status].filter((t) => t.id !== movingId).length + 1;
}

/**
 * Where a keyboard move goes from `current`: up and down within the column, left and right to
 * the neighbouring column (at the same height, or its end), Home and End. Null for other keys;
 * `current` itself at an edge.
 */
export function keyboardTarget(board: Board, movingId: number, current: Slot, key: string): Slot | null {
  const last = (status: TaskStatus) => placesIn(board, status, movingId) - 1;
  const column = TASK_STATUSES.indexOf(current.status);
  switch (key) {
    case 'ArrowUp':
      return { ...current, index: Math.max(0, current.index - 1) };
    case 'ArrowDown':
      return { ...current, index: Math.min(last(current.status), current.index + 1) };
    case 'Home':
      return { ...current, index: 0 };
    case 'End':
      return { ...current, index: last(current.status) };
    case 'ArrowLeft':
    case 'ArrowRight': {
      const neighbour = TASK_STATUSES[column + (key === 'ArrowLeft' ? -1 : 1)];
      return neighbour ? { status: neighbour, index: Math.min(current.index, last(neighbour)) } : current;
    }
    default:
      return null;
  }
}

/**
 * Where a card dropped at height `y` goes in a column, given the vertical middles of the
 * column's other cards (top to bottom): before the first card whose middle is below `y`.
 */
export function insertionIndex(middles: number[], y: number): number {
  let low = 0;
  let high = middles.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (middles[mid] < y) low = mid + 1;
    else high = mid;
  }
  return low;
}

const isFullTask = (task: TaskChange['task']): task is Task => 'status' in task;

/** An older state than the one cached (a late echo) changes nothing. */
function isOlder(incoming: Task, cached: Task | undefined): boolean {
  return cached !== undefined && Date.parse(incoming.updated_at) < Date.parse(cached.updated_at);
}

/** A live change applied to the board of project `projectId`. */
export function boardWithChange(board: Board, projectId: number, change: TaskChange): Board {
  const { task } = change;
  if (change.action === 'deleted' || !isFullTask(task)) return withoutTask(board, task.id);
  // Moved to another project: it leaves this board.
  if (task.project_id !== undefined && task.project_id !== projectId) return withoutTask(board, task.id);
  if (isOlder(task, findTask(board, task.id))) return board;
  return withTask(board, task);
}

/** A live change applied to a cached task (its details keep their comments and attachments). */
export function taskWithChange<T extends Task>(cached: T, change: TaskChange): T {
  const { task } = change;
  return change.action === 'deleted' || !isFullTask(task) || isOlder(task, cached) ? cached : { ...cached, ...task };
}

/**
 * A live change applied to a cached page of a list: a changed task is replaced where it is, a
 * deleted one removed. Whether a new or changed task now belongs to the page (filters, order)
 * only the service can say: the caller also makes the lists stale.
 */
export function pageWithChange(page: Page<Task>, change: TaskChange): Page<Task> {
  const { task } = change;
  const index = page.results.findIndex((t) => t.id === task.id);
  if (index < 0) return page;
  if (change.action === 'deleted' || !isFullTask(task)) return { ...page, count: Math.max(0, page.count - 1), results: page.results.filter((t) => t.id !== task.id) };
  return { ...page, results: page.results.map((t) => (t.id === task.id ? taskWithChange(t, change) : t)) };
}
