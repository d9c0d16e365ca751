import type { Task } from '../api/types';
import { useTaskActions } from '../state/tasks';
import { useToast, useToastedAction } from '../state/toasts';
import { ConfirmDialog } from './ui';

/** Asks before deleting `task` (open while it is not null), then deletes it and says so. */
export function DeleteTaskDialog({ task, onCancel, onDeleted }: { task: Task | null; onCancel: () => void; onDeleted: () => void }) {
  const { remove } = useTaskActions();
  const toast = useToast();
  const { running, run } = useToastedAction();

  const confirm = () =>
    task &&
    run(true, 'Could not delete the task', async () => {
      await remove(task.id);
      toast('success', 'Task deleted', task.title);
      onDeleted();
    });

  return (
    <ConfirmDialog
      open={task !== null}
      title="Delete this task?"
      message={
        <>
          <strong>{task?.title}</strong> and its comments and attachments will be deleted. This cannot be undone.
        </>
      }
      confirmLabel="Delete"
      busy={running !== null}
      onConfirm={confirm}
      onCancel={onCancel}
    />
  );
}
