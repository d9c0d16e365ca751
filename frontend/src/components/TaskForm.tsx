import type { FormEvent, ReactNode } from 'react';
import { useState } from 'react';
import type { Label, Member, Task, TaskInput } from '../api/types';
import { TASK_PRIORITIES, TASK_STATUSES } from '../api/types';
import { assigneeIdsOf, labelIdsOf } from '../lib/board';
import { useFormErrors } from '../lib/formErrors';
import { displayName } from '../lib/people';
import { defaultProjectId, taskProjectChoices } from '../lib/projects';
import type { TaskFormValues } from '../lib/validation';
import { fromLocalInput, hasErrors, toLocalInput, validateTask } from '../lib/validation';
import { useLabels, useMembers, useProjects } from '../state/projects';
import { LabelChip } from './TaskBadges';
import { Button, FormError, Options, PRIORITY_LABELS, STATUS_LABELS, Select, TextArea, TextInput } from './ui';

export function taskFormValues(task?: Task): TaskFormValues {
  return {
    title: task?.title ?? '',
    description: task?.description ?? '',
    priority: task?.priority ?? 'medium',
    status: task?.status ?? 'todo',
    due_date: toLocalInput(task?.due_date ?? null),
    project_id: task ? String(task.project_id) : '',
    assignee_ids: task ? assigneeIdsOf(task) : [],
    label_ids: task ? labelIdsOf(task) : [],
  };
}

const sameIds = (a: number[], b: number[]) => a.length === b.length && a.every((id) => b.includes(id));

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
  // Likewise assignees and labels only when they change (a backend without them never sees them).
  if (!sameIds(values.assignee_ids, task ? assigneeIdsOf(task) : [])) input.assignee_ids = values.assignee_ids;
  if (!sameIds(values.label_ids, task ? labelIdsOf(task) : [])) input.label_ids = values.label_ids;
  return input;
}

/** Checkboxes for some of a list of options (assignees, labels), in a fieldset named `legend`. */
function Picker<T extends { id: number }>({
  legend,
  name,
  options,
  chosen,
  empty,
  render,
  errors = [],
  onChange,
}: {
  legend: string;
  name: string;
  options: T[] | undefined;
  chosen: number[];
  empty: string;
  render: (option: T) => ReactNode;
  errors?: string[];
  onChange: (ids: number[]) => void;
}) {
  const errorId = `${name}-errors`;
  return (
    <fieldset aria-describedby={errors.length ? errorId : undefined} className="space-y-1">
      <legend className="text-sm font-medium">{legend}</legend>
      {!options ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">Loading…</p>
      ) : options.length === 0 ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">{empty}</p>
      ) : (
        <div className="flex max-h-36 flex-wrap gap-x-4 gap-y-1 overflow-y-auto" data-testid={`${name}-picker`}>
          {options.map((option) => (
            <label key={option.id} className="inline-flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                name={name}
                value={option.id}
                checked={chosen.includes(option.id)}
                onChange={(e) => onChange(e.target.checked ? [...chosen, option.id] : chosen.filter((id) => id !== option.id))}
                className="size-4"
              />
              {render(option)}
            </label>
          ))}
        </div>
      )}
      {errors.length > 0 && (
        <ul id={errorId} className="text-sm text-red-700 dark:text-red-400" data-field-errors>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
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
  // Assignees and labels belong to a project: another project starts without them.
  const setProject = (event: { target: { value: string } }) => setValues((v) => ({ ...v, project_id: event.target.value, assignee_ids: [], label_ids: [] }));
  const members = useMembers(projectId ? Number(projectId) : undefined);
  const labels = useLabels(projectId ? Number(projectId) : undefined);

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
        <Select label="Project" name="project_id" value={projectId} onChange={setProject} errors={errors.project_id}>
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
      <Picker<Member & { id: number }>
        legend="Assignees"
        name="assignee_ids"
        options={members.data?.map((m) => ({ ...m, id: m.user.id }))}
        chosen={values.assignee_ids}
        empty="Nobody to assign yet."
        render={(m) => displayName(m.user)}
        errors={errors.assignee_ids}
        onChange={(assignee_ids) => setValues((v) => ({ ...v, assignee_ids }))}
      />
      {/* A backend without labels answers 404: then the form has no labels to offer. */}
      {!labels.error && (
        <Picker<Label>
          legend="Labels"
          name="label_ids"
          options={labels.data}
          chosen={values.label_ids}
          empty="This project has no labels yet (admins add them in its settings)."
          render={(label) => <LabelChip label={label} />}
          errors={errors.label_ids}
          onChange={(label_ids) => setValues((v) => ({ ...v, label_ids }))}
        />
      )}
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
