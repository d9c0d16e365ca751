import type { FormEvent } from 'react';
import { useState } from 'react';
import { ApiError } from '../api/client';
import type { FieldErrors, Task, TaskInput } from '../api/types';
import { TASK_PRIORITIES, TASK_STATUSES } from '../api/types';
import type { TaskFormValues } from '../lib/validation';
import { fromLocalInput, hasErrors, toLocalInput, validateTask } from '../lib/validation';
import { errorMessage } from '../state/app';
import { Button, FormError, PRIORITY_LABELS, STATUS_LABELS, Select, TextArea, TextInput } from './ui';

export function taskFormValues(task?: Task): TaskFormValues {
  return {
    title: task?.title ?? '',
    description: task?.description ?? '',
    priority: task?.priority ?? 'medium',
    status: task?.status ?? 'todo',
    due_date: toLocalInput(task?.due_date ?? null),
  };
}

export function taskInput(values: TaskFormValues): TaskInput {
  return {
    title: values.title.trim(),
    description: values.description,
    priority: values.priority as TaskInput['priority'],
    status: values.status as TaskInput['status'],
    due_date: fromLocalInput(values.due_date),
  };
}

/** Create or edit a task; `save` does the request and may throw an ApiError with field errors. */
export function TaskForm({ task, save, onCancel }: { task?: Task; save: (input: TaskInput) => Promise<void>; onCancel: () => void }) {
  const [values, setValues] = useState(() => taskFormValues(task));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof TaskFormValues) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateTask(values);
    setErrors(found);
    setFormError([]);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      await save(taskInput(values));
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.errors).length) {
        setErrors(error.errors);
        setFormError(error.field('non_field_errors'));
      } else {
        setFormError([errorMessage(error)]);
      }
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4">
      <FormError messages={formError} />
      <TextInput label="Title" name="title" required maxLength={200} value={values.title} onChange={set('title')} errors={errors.title} />
      <TextArea label="Description" name="description" rows={4} value={values.description} onChange={set('description')} errors={errors.description} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Select label="Status" name="status" value={values.status} onChange={set('status')} errors={errors.status}>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select label="Priority" name="priority" value={values.priority} onChange={set('priority')} errors={errors.priority}>
          {TASK_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {PRIORITY_LABELS[p]}
            </option>
          ))}
        </Select>
        <TextInput label="Due" type="datetime-local" name="due_date" value={values.due_date} onChange={set('due_date')} errors={errors.due_date} />
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" busy={busy}>
          {task ? 'Save changes' : 'Create task'}
        </Button>
      </div>
    </form>
  );
}
