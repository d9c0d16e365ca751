import type { FormEvent, KeyboardEvent, ReactNode } from 'react';
import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import type { Attachment, Comment, TaskDetail } from '../api/types';
import { DeleteTaskDialog } from '../components/DeleteTaskDialog';
import { ProjectTag } from '../components/ProjectTag';
import { AssigneeAvatars, LabelChips } from '../components/TaskBadges';
import { TaskForm } from '../components/TaskForm';
import { Button, EmptyState, ErrorState, FormError, Loading, Modal, PriorityLabel, StatusBadge, TextArea, formatBytes, formatDate } from '../components/ui';
import { describeActivity } from '../lib/activity';
import { assigneeIdsOf, labelIdsOf } from '../lib/board';
import { errorMessage } from '../lib/formErrors';
import { displayName } from '../lib/people';
import { canEditTasks } from '../lib/projects';
import type { ProjectDirectory } from '../state/projects';
import { useProjectDirectory, useProjects } from '../state/projects';
import { useSession } from '../state/session';
import { useTask, useTaskActions, useTaskActivity } from '../state/tasks';
import { useToast, useToastedAction } from '../state/toasts';

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** A titled part of the page: its items (or what it says when there are none), then `children`. */
function DetailSection({ title, count, empty, items, children }: { title: string; count: number; empty: string; items: ReactNode; children: ReactNode }) {
  const id = `${title.toLowerCase()}-heading`;
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold">
        {title} ({count})
      </h2>
      {count === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">{empty}</p> : items}
      {children}
    </section>
  );
}

function CommentItem({ comment }: { comment: Comment }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <p className="whitespace-pre-wrap break-words text-sm">{comment.content}</p>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{formatDate(comment.created_at)}</p>
    </li>
  );
}

function Comments({ task }: { task: TaskDetail }) {
  const { addComment } = useTaskActions();
  const [content, setContent] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!content.trim()) {
      setErrors(['Write something first.']);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      await addComment(task.id, content);
      setContent('');
    } catch (error) {
      setErrors(error instanceof ApiError && error.field('content').length ? error.field('content') : [errorMessage(error)]);
    } finally {
      setBusy(false);
    }
  };

  const list = (
    <ol className="space-y-2" data-testid="comments">
      {task.comments.map((comment) => (
        <CommentItem key={comment.id} comment={comment} />
      ))}
    </ol>
  );
  return (
    <DetailSection title="Comments" count={task.comments.length} empty="No comments yet." items={list}>
      <form onSubmit={submit} noValidate className="space-y-2">
        <TextArea label="Add a comment" name="comment" rows={3} maxLength={10000} value={content} onChange={(e) => setContent(e.target.value)} errors={errors} />
        <Button type="submit" busy={busy}>
          Post comment
        </Button>
      </form>
    </DetailSection>
  );
}

function Attachments({ task }: { task: TaskDetail }) {
  const { tasks: api } = useSession();
  const { upload: uploadTo } = useTaskActions();
  const toast = useToast();
  const inputRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string[]>([]);
  const { running: downloading, run } = useToastedAction<number>();

  const upload = async (file: File) => {
    setError([]);
    if (file.size > MAX_UPLOAD_BYTES) {
      setError([`${file.name} is ${formatBytes(file.size)}; the limit is 10 MiB.`]);
      return;
    }
    setProgress(0);
    try {
      await uploadTo(task.id, file, setProgress);
      toast('success', 'File uploaded', file.name);
    } catch (e) {
      setError([errorMessage(e)]);
    } finally {
      setProgress(null);
      if (inputRef.current) inputRef.current.value = '';
    }
  };

  const download = (attachment: Attachment) =>
    run(attachment.id, 'Download failed', async () => {
      const response = await api.download(task.id, attachment.id);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = attachment.file_name;
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });

  const list = (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900" data-testid="attachments">
      {task.attachments.map((attachment) => (
        <li key={attachment.id} className="flex flex-wrap items-center gap-2 p-3">
          <span className="min-w-0 flex-1 truncate text-sm font-medium">{attachment.file_name}</span>
          <span className="text-xs text-slate-600 dark:text-slate-400">{formatBytes(attachment.file_size)}</span>
          <Button variant="secondary" className="text-xs" busy={downloading === attachment.id} aria-label={`Download ${attachment.file_name}`} onClick={() => download(attachment)}>
            Download
          </Button>
        </li>
      ))}
    </ul>
  );
  return (
    <DetailSection title="Attachments" count={task.attachments.length} empty="No files attached." items={list}>
      <div className="space-y-2">
        <label htmlFor="attachment-file" className="block text-sm font-medium">
          Upload a file (up to 10 MiB)
        </label>
        <input
          ref={inputRef}
          id="attachment-file"
          type="file"
          disabled={progress !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-indigo-600 file:px-3 file:py-2 file:text-white"
        />
        {progress !== null && (
          <div className="flex items-center gap-2">
            <progress max={1} value={progress} aria-label="Upload progress" className="h-2 w-full" />
            <span className="w-12 text-right text-xs tabular-nums" data-testid="upload-percent">
              {Math.round(progress * 100)}%
            </span>
          </div>
        )}
        <FormError messages={error} />
      </div>
    </DetailSection>
  );
}

/** The task's history, newest first, in words. */
function ActivityFeed({ taskId, directory }: { taskId: number; directory: ProjectDirectory }) {
  const activity = useTaskActivity(taskId);
  const names = useMemo(
    () => ({
      user: (id: number) => {
        const user = directory.members.get(id);
        return user && displayName(user);
      },
      label: (id: number) => directory.labels.get(id)?.name,
    }),
    [directory],
  );
  if (activity.error && !activity.data) return <ErrorState message={`Could not load the activity: ${errorMessage(activity.error)}`} onRetry={() => void activity.refetch()} />;
  if (!activity.data) return <Loading label="Loading the activity…" />;
  const entries = activity.data.pages.flatMap((page) => page.results);
  if (!entries.length) return <p className="text-sm text-slate-600 dark:text-slate-400">No activity yet.</p>;
  return (
    <div className="space-y-3">
      <ol className="space-y-2" data-testid="activity">
        {entries.map((entry) => (
          <li key={entry.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
            <p>{describeActivity(entry, names)}</p>
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              <time dateTime={entry.created_at}>{formatDate(entry.created_at)}</time>
            </p>
          </li>
        ))}
      </ol>
      {activity.hasNextPage && (
        <Button variant="secondary" busy={activity.isFetchingNextPage} onClick={() => void activity.fetchNextPage()}>
          Show older activity
        </Button>
      )}
    </div>
  );
}

const TABS = [
  { key: 'discussion', label: 'Comments and files' },
  { key: 'activity', label: 'Activity' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

/** Tabs as the ARIA pattern has them: arrow keys move between them, each shows its panel. */
function Tabs({ selected, onSelect, panels }: { selected: TabKey; onSelect: (key: TabKey) => void; panels: Record<TabKey, ReactNode> }) {
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.key === selected);
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const key = TABS[(next + TABS.length) % TABS.length].key;
    onSelect(key);
    document.getElementById(`tab-${key}`)?.focus();
  };
  return (
    <div className="space-y-4">
      <div role="tablist" aria-label="Task details" onKeyDown={onKeyDown} className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((tab) => (
          <button
            key={tab.key}
            id={`tab-${tab.key}`}
            type="button"
            role="tab"
            aria-selected={selected === tab.key}
            aria-controls={`panel-${tab.key}`}
            tabIndex={selected === tab.key ? 0 : -1}
            onClick={() => onSelect(tab.key)}
            className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-500 aria-selected:border-indigo-600 aria-selected:text-indigo-700 dark:text-slate-300 dark:aria-selected:text-indigo-300"
          >
            {tab.label}
          </button>
        ))}
      </div>
      {TABS.map((tab) => (
        <div key={tab.key} id={`panel-${tab.key}`} role="tabpanel" aria-labelledby={`tab-${tab.key}`} hidden={selected !== tab.key}>
          {selected === tab.key && panels[tab.key]}
        </div>
      ))}
    </div>
  );
}

export function TaskDetailPage({ id }: { id: number }) {
  const { update } = useTaskActions();
  const toast = useToast();
  const navigate = useNavigate();
  const task = useTask(id);
  const { data: projects = [] } = useProjects();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [tab, setTab] = useState<TabKey>('discussion');
  const projectIds = useMemo(() => (task.data ? [task.data.project_id] : []), [task.data]);
  const directory = useProjectDirectory(projectIds);

  if (task.error) {
    const status = (task.error as { status?: number }).status;
    return status === 404 ? (
      <EmptyState title="This task does not exist (or is not yours).">
        <Link to="/" className="text-indigo-700 underline dark:text-indigo-300">
          Back to the dashboard
        </Link>
      </EmptyState>
    ) : (
      <ErrorState message={`Could not load the task: ${errorMessage(task.error)}`} onRetry={() => void task.refetch()} />
    );
  }
  if (!task.data) return <Loading label="Loading the task…" />;
  const data = task.data;
  const project = projects.find((p) => p.id === data.project_id);
  // Until the projects are known the buttons show: the service has the last word.
  const editable = !project || canEditTasks(project);

  return (
    <article className="space-y-8">
      <div>
        <Link to="/" className="text-sm text-indigo-700 underline dark:text-indigo-300">
          ← Dashboard
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <h1 className="min-w-0 break-words text-2xl font-semibold" data-testid="task-heading">
            {data.title}
          </h1>
          {editable && (
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button variant="danger" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </div>
          )}
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
          {project && projects.length > 1 && <ProjectTag project={project} />}
          <StatusBadge status={data.status} />
          <PriorityLabel priority={data.priority} />
          <span>Due {formatDate(data.due_date)}</span>
          {data.completed_at && <span>Completed {formatDate(data.completed_at)}</span>}
          <LabelChips ids={labelIdsOf(data)} labels={directory.labels} />
          {assigneeIdsOf(data).length > 0 && (
            <span className="inline-flex items-center gap-1.5">
              Assigned to <AssigneeAvatars ids={assigneeIdsOf(data)} members={directory.members} />
            </span>
          )}
        </div>
        <p className="mt-4 whitespace-pre-wrap break-words text-slate-700 dark:text-slate-300">
          {data.description || <span className="italic text-slate-600 dark:text-slate-400">No description.</span>}
        </p>
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          Created {formatDate(data.created_at)} · updated {formatDate(data.updated_at)}
        </p>
      </div>
      <Tabs
        selected={tab}
        onSelect={setTab}
        panels={{
          discussion: (
            <div className="grid gap-8 lg:grid-cols-2">
              <Comments task={data} />
              <Attachments task={data} />
            </div>
          ),
          activity: <ActivityFeed taskId={data.id} directory={directory} />,
        }}
      />

      <Modal title="Edit task" open={editing} onClose={() => setEditing(false)}>
        <TaskForm
          task={data}
          onCancel={() => setEditing(false)}
          save={async (input) => {
            await update(data.id, input);
            setEditing(false);
            toast('success', 'Task saved');
          }}
        />
      </Modal>
      <DeleteTaskDialog task={deleting ? data : null} onCancel={() => setDeleting(false)} onDeleted={() => navigate('/', { replace: true })} />
    </article>
  );
}
