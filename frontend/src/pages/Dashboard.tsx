import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { BulkUpdates, Project, Task, TaskStats } from '../api/types';
import { TASK_PRIORITIES, TASK_STATUSES } from '../api/types';
import { DeleteTaskDialog } from '../components/DeleteTaskDialog';
import { ProjectGate } from '../components/ProjectGate';
import { ProjectDot, ProjectTag } from '../components/ProjectTag';
import { AssigneeAvatars, LabelChips } from '../components/TaskBadges';
import { TaskForm } from '../components/TaskForm';
import {
  Button,
  EmptyState,
  ErrorState,
  LabelledSelect,
  Loading,
  Modal,
  Options,
  PRIORITY_LABELS,
  PriorityLabel,
  STATUS_LABELS,
  Spinner,
  StatusBadge,
  controlClass,
  cx,
  formatDate,
} from '../components/ui';
import { assigneeIdsOf, labelIdsOf } from '../lib/board';
import { errorMessage } from '../lib/formErrors';
import { canEditTasks, hasRole } from '../lib/projects';
import type { TaskQuery } from '../lib/taskQuery';
import { PAGE_SIZES, apiParams, pageCount, parseTaskQuery, serializeTaskQuery, updateQuery } from '../lib/taskQuery';
import { useLabels, useProjectDirectory, useProjects } from '../state/projects';
import { useTaskActions, useTaskList, useTaskStats } from '../state/tasks';
import { useToast, useToastedAction } from '../state/toasts';

const STAT_CARDS: Array<{ key: keyof TaskStats; label: string; status?: string; tone: string }> = [
  { key: 'total_tasks', label: 'Total', tone: 'text-slate-900 dark:text-white' },
  { key: 'todo_tasks', label: 'To do', status: 'todo', tone: 'text-slate-700 dark:text-slate-200' },
  { key: 'in_progress_tasks', label: 'In progress', status: 'in_progress', tone: 'text-blue-700 dark:text-blue-300' },
  { key: 'review_tasks', label: 'Review', status: 'review', tone: 'text-amber-700 dark:text-amber-300' },
  { key: 'done_tasks', label: 'Done', status: 'done', tone: 'text-green-700 dark:text-green-400' },
  { key: 'overdue_tasks', label: 'Overdue', tone: 'text-red-700 dark:text-red-400' },
];

const ORDERINGS: Array<[string, string]> = [
  ['-created_at', 'Newest first'],
  ['created_at', 'Oldest first'],
  ['-updated_at', 'Recently updated'],
  ['due_date', 'Due date (soonest)'],
  ['-due_date', 'Due date (latest)'],
  ['-priority', 'Priority (highest)'],
  ['priority', 'Priority (lowest)'],
  ['title', 'Title A–Z'],
  ['-title', 'Title Z–A'],
];

function StatsCards({ stats, loading, error, onPick }: { stats: TaskStats | null; loading: boolean; error: unknown; onPick: (status: string) => void }) {
  if (error && !stats) return <ErrorState message={`Statistics unavailable: ${errorMessage(error)}`} />;
  return (
    <section aria-label="Statistics" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {STAT_CARDS.map((card) => (
        <button
          key={card.key}
          type="button"
          disabled={!card.status}
          onClick={() => card.status && onPick(card.status)}
          data-stat={card.key}
          className="rounded-lg border border-slate-200 bg-white p-3 text-left shadow-sm enabled:hover:border-indigo-400 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-800 dark:bg-slate-900"
        >
          <span className="block text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{card.label}</span>
          <span className={cx('mt-1 block text-2xl font-semibold', card.tone)}>{stats ? stats[card.key] : loading ? '…' : '—'}</span>
        </button>
      ))}
    </section>
  );
}

/** Why tasks cannot be changed in `project`, or null when they can. */
function readOnlyReason(project: Project): string | null {
  if (project.archived) return 'This project is archived: it is read-only until an owner restores it.';
  if (!hasRole(project.role, 'editor')) return 'You are a viewer of this project: you can read its tasks, not change them.';
  return null;
}

/** The project's name and color, its settings, and why its tasks are read-only if they are. */
function ProjectHeader({ project, onNewTask }: { project: Project; onNewTask: () => void }) {
  const readOnly = readOnlyReason(project);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="flex min-w-0 items-center gap-2 text-2xl font-semibold">
          <ProjectDot color={project.color} className="size-4" />
          <span className="truncate">{project.name}</span>
        </h1>
        <div className="flex items-center gap-2">
          <Link
            to={`/projects/${project.id}/board`}
            className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300"
          >
            Board
          </Link>
          <Link
            to={`/projects/${project.id}/settings`}
            className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300"
          >
            {project.is_personal ? 'Settings' : 'Settings and members'}
          </Link>
          <Button onClick={onNewTask} disabled={readOnly !== null} aria-describedby={readOnly ? 'project-read-only' : undefined}>
            + New task
          </Button>
        </div>
      </div>
      {project.description && <p className="whitespace-pre-wrap break-words text-sm text-slate-700 dark:text-slate-300">{project.description}</p>}
      {readOnly && (
        <p id="project-read-only" role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {readOnly}
        </p>
      )}
    </div>
  );
}

/** One project's tasks (/projects/:id). */
export function ProjectDashboardPage({ id }: { id: number }) {
  return <ProjectGate id={id}>{(project) => <DashboardPage project={project} />}</ProjectGate>;
}

/** The tasks of every project (/), or of one (`project`). */
export function DashboardPage({ project }: { project?: Project }) {
  const actions = useTaskActions();
  const toast = useToast();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const query = useMemo(() => parseTaskQuery(search), [search]);
  const setQuery = useCallback(
    (change: Partial<TaskQuery>) => {
      const target = serializeTaskQuery(updateQuery(query, change));
      if (target !== search) navigate(`${pathname}${target}`);
    },
    [query, pathname, search, navigate],
  );

  const { data: projects = [] } = useProjects();
  // A task's project, when it says something: on the page of every project, for a user with more than one.
  const projectOf = (task: Task) => (!project && projects.length > 1 ? projects.find((p) => p.id === task.project_id) : undefined);
  // Unknown projects (not loaded yet) count as editable: the service has the last word.
  const editable = (task: Task) => {
    const of = projects.find((p) => p.id === task.project_id);
    return !of || canEditTasks(of);
  };
  const canCreate = !project || canEditTasks(project);

  const stats = useTaskStats(project?.id);
  const list = useTaskList(apiParams(query, project?.id));
  const [searchText, setSearchText] = useState(query.search);
  const [searchInUrl, setSearchInUrl] = useState(query.search);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [selectionQuery, setSelectionQuery] = useState(query);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Task | null>(null);
  const [deleting, setDeleting] = useState<Task | null>(null);
  const [bulk, setBulk] = useState<{ status: string; priority: string }>({ status: '', priority: '' });
  const { running: bulkRunning, run: runBulk } = useToastedAction();

  // The search box follows the URL (back button) and updates it 300 ms after typing stops.
  if (searchInUrl !== query.search) {
    setSearchInUrl(query.search);
    setSearchText(query.search);
  }
  useEffect(() => {
    if (searchText.trim() === query.search.trim()) return;
    const timer = window.setTimeout(() => setQuery({ search: searchText }), 300);
    return () => window.clearTimeout(timer);
  }, [searchText, query.search, setQuery]);
  // A selection belongs to the page it was made on.
  if (selectionQuery !== query) {
    setSelectionQuery(query);
    setSelected(new Set());
  }

  const page = list.data;
  const results = page?.results ?? [];
  // The members and labels the rows name: of the project shown, or of each project on the page.
  const rowProjectIds = useMemo(() => (project ? [project.id] : [...new Set(page?.results.map((t) => t.project_id))].sort((a, b) => a - b)), [project, page]);
  const directory = useProjectDirectory(rowProjectIds);
  const projectLabels = useLabels(project?.id);
  const pages = page ? pageCount(page.count, query.pageSize) : 1;
  const notFoundPage = list.error && (list.error as { status?: number }).status === 404 && query.page > 1;

  const refresh = () => {
    void list.refetch();
    void stats.refetch();
  };

  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = results.length > 0 && results.every((t) => selected.has(t.id));

  const applyBulk = async () => {
    const updates: BulkUpdates = {};
    if (bulk.status) updates.status = bulk.status as BulkUpdates['status'];
    if (bulk.priority) updates.priority = bulk.priority as BulkUpdates['priority'];
    if (!Object.keys(updates).length) {
      toast('warning', 'Choose a status or a priority to apply');
      return;
    }
    await runBulk(true, 'Bulk update failed', async () => {
      const result = await actions.bulkUpdate([...selected], updates);
      toast('success', `Updated ${result.updated_count} task${result.updated_count === 1 ? '' : 's'}`);
      setSelected(new Set());
      setBulk({ status: '', priority: '' });
    });
  };

  const filtered = Boolean(query.status || query.priority || query.search || query.assignee || query.label);
  return (
    <div className="space-y-6">
      {project ? (
        <ProjectHeader project={project} onNewTask={() => setCreating(true)} />
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold">Dashboard</h1>
          <Button onClick={() => setCreating(true)}>+ New task</Button>
        </div>
      )}

      <StatsCards stats={stats.data ?? null} loading={stats.isFetching} error={stats.error} onPick={(status) => setQuery({ status })} />

      <section aria-label="Tasks" className="space-y-3">
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-48 flex-1">
            <label htmlFor="task-search" className="mb-1 block text-xs font-medium">
              Search
            </label>
            <input
              id="task-search"
              type="search"
              placeholder="Title or description"
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && setQuery({ search: searchText })}
              className={cx(controlClass, 'w-full')}
            />
          </div>
          <LabelledSelect id="filter-status" label="Status" value={query.status} onChange={(status) => setQuery({ status })}>
            <option value="">All statuses</option>
            <Options values={TASK_STATUSES} labels={STATUS_LABELS} />
          </LabelledSelect>
          <LabelledSelect id="filter-priority" label="Priority" value={query.priority} onChange={(priority) => setQuery({ priority })}>
            <option value="">All priorities</option>
            <Options values={TASK_PRIORITIES} labels={PRIORITY_LABELS} />
          </LabelledSelect>
          {project && (projectLabels.data?.length ?? 0) > 0 && (
            <LabelledSelect id="filter-label" label="Label" value={query.label} onChange={(label) => setQuery({ label })}>
              <option value="">All labels</option>
              {projectLabels.data?.map((label) => (
                <option key={label.id} value={label.id}>
                  {label.name}
                </option>
              ))}
            </LabelledSelect>
          )}
          <label className="inline-flex min-h-10 items-center gap-2 text-sm">
            <input type="checkbox" checked={query.assignee === 'me'} onChange={(e) => setQuery({ assignee: e.target.checked ? 'me' : '' })} className="size-4" />
            Assigned to me
          </label>
          <LabelledSelect id="ordering" label="Sort by" value={query.ordering} onChange={(ordering) => setQuery({ ordering })}>
            {ORDERINGS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </LabelledSelect>
          {filtered && (
            <Button variant="ghost" onClick={() => navigate(pathname)}>
              Clear filters
            </Button>
          )}
        </div>

        {selected.size > 0 && (
          <div role="region" aria-label="Bulk update" className="flex flex-wrap items-center gap-2 rounded-lg border border-indigo-300 bg-indigo-50 p-3 dark:border-indigo-800 dark:bg-indigo-950/50">
            <span className="text-sm font-medium" data-testid="selected-count">
              {selected.size} selected
            </span>
            <LabelledSelect id="bulk-status" label="Set status" hideLabel value={bulk.status} onChange={(status) => setBulk((b) => ({ ...b, status }))}>
              <option value="">Status: unchanged</option>
              <Options values={TASK_STATUSES} labels={STATUS_LABELS} />
            </LabelledSelect>
            <LabelledSelect id="bulk-priority" label="Set priority" hideLabel value={bulk.priority} onChange={(priority) => setBulk((b) => ({ ...b, priority }))}>
              <option value="">Priority: unchanged</option>
              <Options values={TASK_PRIORITIES} labels={PRIORITY_LABELS} />
            </LabelledSelect>
            <Button busy={bulkRunning !== null} onClick={applyBulk}>
              Apply to {selected.size}
            </Button>
            <Button variant="ghost" onClick={() => setSelected(new Set())}>
              Cancel
            </Button>
          </div>
        )}

        {list.error && !notFoundPage ? (
          <ErrorState message={`Could not load your tasks: ${errorMessage(list.error)}`} onRetry={refresh} />
        ) : notFoundPage ? (
          <EmptyState title="This page is past the end of the list.">
            <Button variant="secondary" onClick={() => setQuery({ page: 1 })}>
              Go to the first page
            </Button>
          </EmptyState>
        ) : !page ? (
          <Loading label="Loading tasks…" />
        ) : results.length === 0 ? (
          filtered ? (
            <EmptyState title="No task matches these filters." />
          ) : (
            <EmptyState title="No tasks yet.">
              {canCreate && (
                <Button className="mt-2" onClick={() => setCreating(true)}>
                  Create your first task
                </Button>
              )}
            </EmptyState>
          )
        ) : (
          // While a refetch runs the list keeps its contrast (a faded list fails WCAG's 4.5:1);
          // the border's colour says it is updating.
          <div
            className={cx('overflow-hidden rounded-lg border bg-white dark:bg-slate-900', list.isFetching ? 'border-blue-400 dark:border-blue-500' : 'border-slate-200 dark:border-slate-800')}
            aria-busy={list.isFetching}
          >
            <div className="flex items-center gap-3 border-b border-slate-200 px-3 py-2 text-xs font-medium text-slate-600 dark:border-slate-800 dark:text-slate-400">
              <input
                type="checkbox"
                aria-label="Select all tasks on this page"
                checked={allSelected}
                onChange={() => setSelected(allSelected ? new Set() : new Set(results.map((t) => t.id)))}
                className="size-4"
              />
              <span>
                {page.count} task{page.count === 1 ? '' : 's'}
              </span>
              {list.isFetching && <Spinner small />}
            </div>
            <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="task-list">
              {results.map((task) => {
                const taskProject = projectOf(task);
                return (
                  <li key={task.id} data-task-id={task.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-3 sm:flex-nowrap">
                    <input type="checkbox" aria-label={`Select ${task.title}`} checked={selected.has(task.id)} onChange={() => toggle(task.id)} className="size-4 shrink-0" />
                    <div className="min-w-0 flex-1 basis-[calc(100%-2rem)] sm:basis-auto">
                      <Link to={`/tasks/${task.id}`} className="block truncate font-medium hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500" data-testid="task-title">
                        {task.title}
                      </Link>
                      <p className="flex flex-wrap items-center gap-x-3 text-xs text-slate-500 dark:text-slate-400">
                        <span>Due {formatDate(task.due_date)}</span>
                        {taskProject && <ProjectTag project={taskProject} />}
                      </p>
                      <LabelChips ids={labelIdsOf(task)} labels={directory.labels} className="mt-1" />
                    </div>
                    <div className="flex items-center gap-3 pl-7 sm:pl-0">
                      <AssigneeAvatars ids={assigneeIdsOf(task)} members={directory.members} />
                      <StatusBadge status={task.status} />
                      <PriorityLabel priority={task.priority} />
                      {editable(task) && (
                        <>
                          <Button variant="ghost" className="text-xs" aria-label={`Edit ${task.title}`} onClick={() => setEditing(task)}>
                            Edit
                          </Button>
                          <Button variant="ghost" className="text-xs text-red-700 dark:text-red-400" aria-label={`Delete ${task.title}`} onClick={() => setDeleting(task)}>
                            Delete
                          </Button>
                        </>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
            <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-3 py-2 text-sm dark:border-slate-800">
              <div className="flex items-center gap-2">
                <label htmlFor="page-size" className="text-xs">
                  Per page
                </label>
                <select id="page-size" value={query.pageSize} onChange={(e) => setQuery({ pageSize: Number(e.target.value) })} className={controlClass}>
                  {PAGE_SIZES.map((size) => (
                    <option key={size}>{size}</option>
                  ))}
                </select>
              </div>
              <div className="flex items-center gap-2">
                <Button variant="secondary" disabled={!page.previous} onClick={() => setQuery({ page: query.page - 1 })}>
                  Previous
                </Button>
                <span aria-live="polite">
                  Page {query.page} of {pages}
                </span>
                <Button variant="secondary" disabled={!page.next} onClick={() => setQuery({ page: query.page + 1 })}>
                  Next
                </Button>
              </div>
            </nav>
          </div>
        )}
      </section>

      <Modal title="New task" open={creating} onClose={() => setCreating(false)}>
        <TaskForm
          shownProjectId={project?.id}
          onCancel={() => setCreating(false)}
          save={async (input) => {
            const task = await actions.create(input);
            setCreating(false);
            toast('success', 'Task created', task.title);
          }}
        />
      </Modal>
      <Modal title="Edit task" open={editing !== null} onClose={() => setEditing(null)}>
        {editing && (
          <TaskForm
            task={editing}
            onCancel={() => setEditing(null)}
            save={async (input) => {
              await actions.update(editing.id, input);
              setEditing(null);
              toast('success', 'Task saved');
            }}
          />
        )}
      </Modal>
      <DeleteTaskDialog task={deleting} onCancel={() => setDeleting(null)} onDeleted={() => setDeleting(null)} />
    </div>
  );
}
