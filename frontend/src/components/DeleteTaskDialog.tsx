import { useState } from 'react';
import type { Task } from '../api/types';
import { errorMessage } from '../lib/formErrors';
import { useTaskActions } from '../state/tasks';
import { useToast } from '../state/toasts';
import { ConfirmDialog } from './ui';

/** Asks before deleting `task` (open while it is not null), then deletes it and says so. */
export function DeleteTaskDialog({ task, onCancel, onDeleted }: { task: Task | null; onCancel: () => void; onDeleted: () => void }) {
  const { remove } = useTaskActions();
  const toast = useToast();
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    if (!task) return;
    setBusy(true);
    try {
      await remove(task.id);
      toast('success', 'Task deleted', task.title);
      onDeleted();
    } catch (error) {
      toast('error', 'Could not delete the task', errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

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
      busy={busy}
      onConfirm={confirm}
      onCancel={onCancel}
    />
  );
}
