import type { FocusEvent as ReactFocusEvent, KeyboardEvent as ReactKeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Project, Task, TaskStatus } from '../api/types';
import { TASK_STATUSES } from '../api/types';
import { ProjectGate } from '../components/ProjectGate';
import { ProjectDot } from '../components/ProjectTag';
import { AssigneeAvatars, LabelChips } from '../components/TaskBadges';
import { TaskForm } from '../components/TaskForm';
import { Button, ErrorState, Loading, Modal, PriorityLabel, STATUS_LABELS, cx, formatDate } from '../components/ui';
import type { Board, Slot } from '../lib/board';
import { assigneeIdsOf, findSlot, findTask, insertionIndex, keyboardTarget, labelIdsOf, placeTask } from '../lib/board';
import { errorMessage } from '../lib/formErrors';
import { canEditTasks } from '../lib/projects';
import type { ProjectDirectory } from '../state/projects';
import { useProjectDirectory } from '../state/projects';
import { useBoard, useBoardActions } from '../state/board';
import { useTaskActions } from '../state/tasks';
import { useToast } from '../state/toasts';

/** A pointer must travel this far (px) before a press becomes a drag, so clicks stay clicks. */
const DRAG_THRESHOLD = 5;
const HELP_ID = 'board-move-help';
/** A drag this close (px) to the top or bottom of a long column scrolls it, by this much per move. */
const SCROLL_EDGE = 40;
const SCROLL_STEP = 24;

/** A card picked up with the keyboard: where it was, and where it would go now. */
interface Picked {
  id: number;
  from: Slot;
  to: Slot;
}

/** A card dragged with a pointer, and where it would drop (null: outside every column). */
interface Dragged {
  id: number;
  to: Slot | null;
}

const placeWords = (board: Board, id: number, slot: Slot) => {
  const count = board[slot.status].filter((t) => t.id !== id).length + 1;
  return `${STATUS_LABELS[slot.status]}, position ${slot.index + 1} of ${count}`;
};

const Card = memo(function Card({
  task,
  directory,
  movable,
  picked,
  dragged,
  dropBefore,
}: {
  task: Task;
  directory: ProjectDirectory;
  movable: boolean;
  picked: boolean;
  dragged: boolean;
  dropBefore: boolean;
}) {
  return (
    <li
      data-card-id={task.id}
      className={cx(
        'rounded-lg border border-slate-200 bg-white p-2.5 shadow-sm [contain-intrinsic-size:auto_5rem] [content-visibility:auto] dark:border-slate-700 dark:bg-slate-900',
        movable && 'cursor-grab select-none',
        picked && 'ring-2 ring-indigo-500',
        dragged && 'opacity-40',
        dropBefore && 'shadow-[0_-3px_0_0_var(--color-indigo-600)]',
      )}
    >
      <div className="flex items-start gap-1.5">
        {movable && (
          <button
            type="button"
            data-move-handle={task.id}
            aria-label={`Move ${task.title}`}
            aria-describedby={HELP_ID}
            aria-pressed={picked}
            className="-ml-1 flex h-8 w-6 shrink-0 cursor-grab touch-none items-center justify-center rounded text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 aria-pressed:bg-indigo-100 dark:text-slate-300 dark:hover:bg-slate-800 dark:aria-pressed:bg-indigo-900"
          >
            <span aria-hidden="true">⠿</span>
          </button>
        )}
        <div className="min-w-0 flex-1 space-y-1.5">
          <Link
            to={`/tasks/${task.id}`}
            draggable={false}
            className="block break-words text-sm font-medium hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500"
            data-testid="card-title"
          >
            {task.title}
          </Link>
          <p className="flex flex-wrap items-center gap-x-2 text-xs text-slate-600 dark:text-slate-400">
            <PriorityLabel priority={task.priority} />
            {task.due_date && <span>Due {formatDate(task.due_date, false)}</span>}
          </p>
          {(labelIdsOf(task).length > 0 || assigneeIdsOf(task).length > 0) && (
            <div className="flex flex-wrap items-end justify-between gap-1">
              <LabelChips ids={labelIdsOf(task)} labels={directory.labels} />
              <AssigneeAvatars ids={assigneeIdsOf(task)} members={directory.members} className="ml-auto" />
            </div>
          )}
        </div>
      </div>
    </li>
  );
});

function Column({
  status,
  tasks,
  directory,
  movable,
  picked,
  dragged,
}: {
  status: TaskStatus;
  tasks: Task[];
  directory: ProjectDirectory;
  movable: boolean;
  picked: Picked | null;
  dragged: Dragged | null;
}) {
  const headingId = `column-${status}`;
  const drop = dragged?.to?.status === status ? dragged.to.index : null;
  // The drop line is drawn above the card it would go before: count the others, not the dragged one.
  const others = dragged ? tasks.filter((t) => t.id !== dragged.id) : tasks;
  const beforeId = drop !== null ? others[drop]?.id : undefined;
  const atEnd = drop !== null && drop >= others.length;
  return (
    <section aria-labelledby={headingId} data-column={status} className="flex w-72 shrink-0 flex-col rounded-xl bg-slate-100 p-2 lg:w-auto lg:min-w-0 lg:flex-1 dark:bg-slate-800/60">
      <h2 id={headingId} className="flex items-center justify-between px-1 pb-2 text-sm font-semibold">
        {STATUS_LABELS[status]}
        <span className="rounded-full bg-white px-2 text-xs font-medium text-slate-700 dark:bg-slate-900 dark:text-slate-200" data-testid="column-count">
          {tasks.length}
        </span>
      </h2>
      <ol
        className={cx('flex max-h-[70vh] min-h-16 flex-col gap-2 overflow-y-auto rounded-lg p-0.5', atEnd && 'shadow-[inset_0_-3px_0_0_var(--color-indigo-600)]')}
        data-column-list={status}
        data-testid={`column-${status}`}
      >
        {tasks.map((task) => (
          <Card key={task.id} task={task} directory={directory} movable={movable} picked={picked?.id === task.id} dragged={dragged?.id === task.id} dropBefore={beforeId === task.id} />
        ))}
      </ol>
      {tasks.length === 0 && <p className="px-1 pt-1 text-xs text-slate-600 dark:text-slate-400">No tasks</p>}
    </section>
  );
}

/** Where a pointer at (x, y) would drop card `id`: the column under it, before the first card whose middle is below it. */
function slotAt(x: number, y: number, id: number): Slot | null {
  const column = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-column]');
  const status = column?.dataset.column as TaskStatus | undefined;
  if (!column || !status) return null;
  const middles = [...column.querySelectorAll<HTMLElement>('[data-card-id]')]
    .filter((card) => card.dataset.cardId !== String(id))
    .map((card) => {
      const rect = card.getBoundingClientRect();
      return rect.top + rect.height / 2;
    });
  return { status, index: insertionIndex(middles, y) };
}

/** A drag near the top or bottom edge of a column's list scrolls it (a finger cannot scroll while dragging). */
function scrollNearEdge(x: number, y: number) {
  const list = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-column-list]');
  if (!list) return;
  const { top, bottom } = list.getBoundingClientRect();
  if (y < top + SCROLL_EDGE) list.scrollTop -= SCROLL_STEP;
  else if (y > bottom - SCROLL_EDGE) list.scrollTop += SCROLL_STEP;
}

/** The columns, with moves by pointer (mouse, pen, touch on the handle) and by keyboard for those who may move. */
function BoardColumns({ project, board }: { project: Project; board: Board }) {
  const { move } = useBoardActions();
  const toast = useToast();
  const movable = canEditTasks(project);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [dragged, setDragged] = useState<Dragged | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const ghostRef = useRef<HTMLDivElement | null>(null);
  // Where the floating copy goes: set on each pointer move, and when it first appears.
  const ghostStyle = useRef({ width: '', transform: '' });
  const placeGhost = (ghost: HTMLDivElement | null) => {
    ghostRef.current = ghost;
    if (ghost) Object.assign(ghost.style, ghostStyle.current);
  };
  // The handle to focus again when a render moved its card to another list (React remounts it,
  // and the focus falls back to the page); never taken from anywhere else.
  const [focusId, setFocusId] = useState<number | null>(null);

  const allTasks = useMemo(() => TASK_STATUSES.flatMap((s) => board[s]), [board]);
  const projectIds = useMemo(() => [project.id], [project.id]);
  const directory = useProjectDirectory(projectIds);
  // While a card is picked up with the keyboard, it is shown where it would go.
  const shown = useMemo(() => (picked ? (placeTask(board, picked.id, picked.to)?.board ?? board) : board), [board, picked]);

  useEffect(() => {
    if (focusId === null) return;
    const focusLost = !document.activeElement || document.activeElement === document.body;
    if (focusLost) document.querySelector<HTMLElement>(`[data-move-handle="${focusId}"]`)?.focus();
  }, [focusId, shown]);

  const commit = async (id: number, to: Slot) => {
    const title = findTask(board, id)?.title ?? 'The task';
    try {
      const moved = await move(project.id, id, to);
      setAnnouncement(moved ? `${title} dropped: ${placeWords(board, id, to)}.` : `${title} stays where it was.`);
    } catch (error) {
      const from = findSlot(board, id);
      setAnnouncement(`${title} could not be moved${from ? `; it is back in ${STATUS_LABELS[from.status]}` : ''}.`);
      toast('error', 'Could not move the task', errorMessage(error));
    }
  };

  const onKeyDown = (event: ReactKeyboardEvent) => {
    const handle = (event.target as HTMLElement).closest<HTMLElement>('[data-move-handle]');
    if (!handle || !movable) return;
    const id = Number(handle.dataset.moveHandle);
    const title = findTask(board, id)?.title ?? 'Task';
    const drop = event.key === ' ' || event.key === 'Enter';
    if (!picked) {
      const from = findSlot(board, id);
      if (!drop || !from) return;
      event.preventDefault();
      setPicked({ id, from, to: from });
      setFocusId(id);
      setAnnouncement(`${title} picked up: ${placeWords(board, id, from)}. Arrow keys move it, Space or Enter drops it, Escape cancels.`);
      return;
    }
    if (picked.id !== id) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      setPicked(null);
      setAnnouncement(`Move cancelled: ${title} is back in ${placeWords(board, id, picked.from)}.`);
      return;
    }
    if (drop) {
      event.preventDefault();
      setPicked(null);
      void commit(id, picked.to);
      return;
    }
    const to = keyboardTarget(board, id, picked.to, event.key);
    if (!to) return;
    event.preventDefault();
    setPicked({ ...picked, to });
    setAnnouncement(`${title}: ${placeWords(board, id, to)}.`);
  };

  // Tabbing away (focus going elsewhere, not a remount) puts a picked-up card back.
  const onBlur = (event: ReactFocusEvent) => {
    const next = event.relatedTarget as HTMLElement | null;
    if (!next || (focusId !== null && next.closest(`[data-move-handle="${focusId}"]`))) return;
    setFocusId(null);
    if (picked) {
      setPicked(null);
      setAnnouncement('Move cancelled.');
    }
  };

  const onPointerDown = (event: ReactPointerEvent) => {
    if (!movable || picked || (event.pointerType === 'mouse' && event.button !== 0)) return;
    const target = event.target as HTMLElement;
    const card = target.closest<HTMLElement>('[data-card-id]');
    // Touch drags start on the handle only: elsewhere a finger scrolls the column.
    if (!card || (event.pointerType === 'touch' && !target.closest('[data-move-handle]'))) return;
    const id = Number(card.dataset.cardId);
    const start = { x: event.clientX, y: event.clientY };
    const offset = { x: start.x - card.getBoundingClientRect().left, y: start.y - card.getBoundingClientRect().top };
    const width = card.getBoundingClientRect().width;
    const pointerId = event.pointerId;
    let dragging = false;
    let to: Slot | null = null;

    const onMove = (e: PointerEvent) => {
      if (e.pointerId !== pointerId) return;
      if (!dragging) {
        if (Math.hypot(e.clientX - start.x, e.clientY - start.y) < DRAG_THRESHOLD) return;
        dragging = true;
        setDragged({ id, to: null });
        setAnnouncement(`${findTask(board, id)?.title ?? 'Task'} picked up.`);
      }
      e.preventDefault();
      ghostStyle.current = { width: `${width}px`, transform: `translate(${e.clientX - offset.x}px, ${e.clientY - offset.y}px)` };
      placeGhost(ghostRef.current);
      scrollNearEdge(e.clientX, e.clientY);
      const next = slotAt(e.clientX, e.clientY, id);
      if (next?.status !== to?.status || next?.index !== to?.index) {
        to = next;
        setDragged({ id, to });
      }
    };
    const finish = (e: PointerEvent | KeyboardEvent) => {
      if ('pointerId' in e ? e.pointerId !== pointerId : e.key !== 'Escape') return;
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', finish);
      window.removeEventListener('pointercancel', finish);
      window.removeEventListener('keydown', finish);
      if (!dragging) return;
      // The click that ends a drag (if the browser fires one) is not a click on the card's link.
      const swallow = (click: MouseEvent) => click.preventDefault();
      window.addEventListener('click', swallow, { capture: true, once: true });
      window.setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
      setDragged(null);
      if (e.type === 'pointerup' && to) void commit(id, to);
      else setAnnouncement('Move cancelled.');
    };
    window.addEventListener('pointermove', onMove, { passive: false });
    window.addEventListener('pointerup', finish);
    window.addEventListener('pointercancel', finish);
    // Escape drops nothing: the card stays where it was.
    window.addEventListener('keydown', finish);
  };

  const draggedTask = dragged ? allTasks.find((t) => t.id === dragged.id) : undefined;
  return (
    <>
      {movable && (
        <p id={HELP_ID} className="sr-only">
          Press Space or Enter to pick the card up, the arrow keys to move it, Space or Enter to drop it, Escape to cancel.
        </p>
      )}
      <div aria-live="assertive" aria-atomic="true" className="sr-only" data-testid="board-announcer">
        {announcement}
      </div>
      <div className={cx('flex gap-3 overflow-x-auto pb-2', dragged && 'cursor-grabbing')} onKeyDown={onKeyDown} onBlur={onBlur} onPointerDown={onPointerDown} data-testid="board">
        {TASK_STATUSES.map((status) => (
          <Column key={status} status={status} tasks={shown[status]} directory={directory} movable={movable} picked={picked} dragged={dragged} />
        ))}
      </div>
      {draggedTask && (
        <div
          ref={placeGhost}
          aria-hidden="true"
          className="pointer-events-none fixed left-0 top-0 z-50 rotate-2 rounded-lg border border-indigo-400 bg-white p-2.5 text-sm font-medium shadow-xl dark:bg-slate-900"
        >
          {draggedTask.title}
        </div>
      )}
    </>
  );
}

/** /projects/:id/board: the project's tasks in five columns, by status, in board order. */
export function ProjectBoardPage({ id }: { id: number }) {
  return <ProjectGate id={id}>{(project) => <BoardPage project={project} />}</ProjectGate>;
}

function BoardPage({ project }: { project: Project }) {
  const { create } = useTaskActions();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="flex min-w-0 items-center gap-2 text-2xl font-semibold">
          <ProjectDot color={project.color} className="size-4" />
          <span className="truncate">{project.name}</span>
          <span className="font-normal text-slate-600 dark:text-slate-400">· Board</span>
        </h1>
        <div className="flex items-center gap-2 text-sm">
          <Link to={`/projects/${project.id}`} className="rounded-md px-3 py-2 font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300">
            List
          </Link>
          <Link
            to={`/projects/${project.id}/settings`}
            className="rounded-md px-3 py-2 font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300"
          >
            Settings
          </Link>
          {canEditTasks(project) && <Button onClick={() => setCreating(true)}>+ New task</Button>}
        </div>
      </div>
      {!canEditTasks(project) && (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {project.archived ? 'This project is archived: its board is read-only.' : 'You are a viewer of this project: you can see its board, not move its cards.'}
        </p>
      )}
      <BoardLoader project={project} />
      <Modal title="New task" open={creating} onClose={() => setCreating(false)}>
        <TaskForm
          shownProjectId={project.id}
          onCancel={() => setCreating(false)}
          save={async (input) => {
            const task = await create(input);
            setCreating(false);
            toast('success', 'Task created', task.title);
          }}
        />
      </Modal>
    </div>
  );
}

function BoardLoader({ project }: { project: Project }) {
  const board = useBoard(project.id);
  if (board.error && !board.data) return <ErrorState message={`Could not load the board: ${errorMessage(board.error)}`} onRetry={() => void board.refetch()} />;
  if (!board.data) return <Loading label="Loading the board…" />;
  return <BoardColumns project={project} board={board.data} />;
}
