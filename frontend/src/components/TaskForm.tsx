import type { FormEvent } from 'react';
import { useState } from 'react';
import type { Task, TaskInput } from '../api/types';
import { TASK_PRIORITIES, TASK_STATUSES } from '../api/types';
import { useFormErrors } from '../lib/formErrors';
import { defaultProjectId, taskProjectChoices } from '../lib/projects';
import type { TaskFormValues } from '../lib/validation';
import { fromLocalInput, hasErrors, toLocalInput, validateTask } from '../lib/validation';
import { useProjects } from '../state/projects';
import { Button, FormError, Options, PRIORITY_LABELS, STATUS_LABELS, Select, TextArea, TextInput } from './ui';

export function taskFormValues(task?: Task): TaskFormValues {
  return {
    title: task?.title ?? '',
    description: task?.description ?? '',
    priority: task?.priority ?? 'medium',
    status: task?.status ?? 'todo',
    due_date: toLocalInput(task?.due_date ?? null),
    project_id: task ? String(task.project_id) : '',
  };
}

export function taskInput(values: TaskFormValues, task?: Task): TaskInput {
  const input: TaskInput = {
    title: values.title.trim(),
    description: values.description,
    priority: values.priority as TaskInput['priority'],
    status: values.status as TaskInput['status'],
    due_date: fromLocalInput(values.due_date),
  };
  // An edit sends the project only to move the task: one that keeps it is the request it always was.
  const projectId = Number(values.project_id);
  if (projectId && projectId !== task?.project_id) input.project_id = projectId;
  return input;
}

/**
 * Create or edit a task; `save` does the request and may throw an ApiError with field errors.
 * A new task goes to `shownProjectId` (the project on screen) when it can, else to the personal project.
 */
export function TaskForm({ task, shownProjectId, save, onCancel }: { task?: Task; shownProjectId?: number; save: (input: TaskInput) => Promise<void>; onCancel: () => void }) {
  const { data: projects = [] } = useProjects();
  const [values, setValues] = useState(() => taskFormValues(task));
  const { errors, formError, fail, reset } = useFormErrors();
  const [busy, setBusy] = useState(false);
  // Until one is picked, the default, which is known once the projects are.
  const projectId = values.project_id || String(defaultProjectId(projects, shownProjectId) ?? '');
  const choices = taskProjectChoices(projects, task?.project_id);
  const set = (field: keyof TaskFormValues) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateTask(values);
    reset(found);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      await save(taskInput({ ...values, project_id: projectId }, task));
    } catch (error) {
      fail(error);
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4">
      <FormError messages={formError} />
      <TextInput label="Title" name="title" required maxLength={200} value={values.title} onChange={set('title')} errors={errors.title} />
      <TextArea label="Description" name="description" rows={4} value={values.description} onChange={set('description')} errors={errors.description} />
      {choices.length > 1 && (
        <Select label="Project" name="project_id" value={projectId} onChange={set('project_id')} errors={errors.project_id}>
          {choices.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </Select>
      )}
      <div className="grid gap-4 sm:grid-cols-3">
        <Select label="Status" name="status" value={values.status} onChange={set('status')} errors={errors.status}>
          <Options values={TASK_STATUSES} labels={STATUS_LABELS} />
        </Select>
        <Select label="Priority" name="priority" value={values.priority} onChange={set('priority')} errors={errors.priority}>
          <Options values={TASK_PRIORITIES} labels={PRIORITY_LABELS} />
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
