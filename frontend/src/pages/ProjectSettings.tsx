import type { FormEvent, ReactNode } from 'react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { isInvitation } from '../api/endpoints';
import type { Label, Member, Project, ProjectRole } from '../api/types';
import { ProjectGate } from '../components/ProjectGate';
import { ProjectDot } from '../components/ProjectTag';
import { LabelChip } from '../components/TaskBadges';
import { Button, ColorInput, ConfirmDialog, ErrorState, FormError, LabelledSelect, Loading, Select, TextArea, TextInput, formatDate } from '../components/ui';
import { errorMessage, useFormErrors } from '../lib/formErrors';
import { DEFAULT_LABEL_COLOR, LABEL_NAME_MAX, labelNameError } from '../lib/labels';
import { displayName } from '../lib/people';
import { ROLE_LABELS, canManage, grantableRoles, hasRole } from '../lib/projects';
import { useInvitations, useLabels, useMembers, useProjectActions } from '../state/projects';
import { useUser } from '../state/session';
import { useToast, useToastedAction } from '../state/toasts';

/** A titled part of the page. */
function SettingsSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Why a control is not there or disabled. */
function Explanation({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="text-sm text-slate-600 dark:text-slate-400">
      {children}
    </p>
  );
}

/**
 * A failed save: the service's field errors (400) at their fields, anything else (a 403 for a
 * missing role, a 409 for a rule) in an error toast, as the app's other actions do.
 */
function useSaveFailure(failureTitle: string) {
  const form = useFormErrors();
  const toast = useToast();
  const fail = (error: unknown) => {
    if (error instanceof ApiError && error.status === 400) form.fail(error);
    else toast('error', failureTitle, errorMessage(error));
  };
  return { ...form, fail };
}

function DetailsForm({ project }: { project: Project }) {
  const { update } = useProjectActions();
  const toast = useToast();
  const [values, setValues] = useState({ name: project.name, description: project.description, color: project.color });
  const { errors, formError, fail, reset } = useSaveFailure('Could not save the project');
  const [busy, setBusy] = useState(false);
  const editable = canManage(project);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!values.name.trim()) {
      reset({ name: ['A name is required.'] });
      return;
    }
    reset();
    setBusy(true);
    try {
      await update(project.id, { ...values, name: values.name.trim() });
      toast('success', 'Project saved');
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SettingsSection id="details-heading" title="Details">
      {!editable && (
        <Explanation id="details-read-only">
          {project.archived ? 'This project is archived: an owner must restore it before its details can change.' : 'Only admins and owners can change these details.'}
        </Explanation>
      )}
      <form noValidate onSubmit={submit} className="space-y-4">
        <FormError messages={formError} />
        <fieldset disabled={!editable} aria-describedby={editable ? undefined : 'details-read-only'} className="space-y-4">
          <TextInput label="Name" name="name" required maxLength={100} value={values.name} onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))} errors={errors.name} />
          <TextArea
            label="Description"
            name="description"
            rows={3}
            maxLength={10000}
            value={values.description}
            onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))}
            errors={errors.description}
          />
          <ColorInput value={values.color} onChange={(color) => setValues((v) => ({ ...v, color }))} errors={errors.color} />
          <Button type="submit" busy={busy}>
            Save details
          </Button>
        </fieldset>
      </form>
    </SettingsSection>
  );
}

/** Adding someone by email: a member at once if they have an account, else an invitation. */
function AddMemberForm({ project, roles }: { project: Project; roles: ProjectRole[] }) {
  const { addMember } = useProjectActions();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ProjectRole>('editor');
  const [outcome, setOutcome] = useState('');
  const { errors, formError, fail, reset } = useSaveFailure('Could not add the member');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome('');
    if (!email.trim()) {
      reset({ email: ['Enter an email address.'] });
      return;
    }
    reset();
    setBusy(true);
    try {
      const added = await addMember(project.id, email.trim(), role);
      setOutcome(
        isInvitation(added)
          ? `Invited ${added.email} as ${ROLE_LABELS[added.role].toLowerCase()}: nobody has an account with this email yet, so they join when they sign up with it.`
          : `Added ${displayName(added.user)} as ${ROLE_LABELS[added.role].toLowerCase()}.`,
      );
      setEmail('');
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} aria-labelledby="add-member-heading" className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
      <h3 id="add-member-heading" className="font-medium">
        Add a member
      </h3>
      <FormError messages={formError} />
      <div className="grid gap-3 sm:grid-cols-[1fr_auto]">
        <TextInput label="Email" type="email" name="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} errors={errors.email} />
        <Select label="Role" name="role" value={role} onChange={(e) => setRole(e.target.value as ProjectRole)} errors={errors.role}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" busy={busy}>
        Add member
      </Button>
      <p role="status" className="text-sm text-green-800 dark:text-green-300" data-testid="add-member-outcome">
        {outcome}
      </p>
    </form>
  );
}

/** Removing a member, or leaving: asked first. */
type Departure = { member: Member; self: boolean };

function MemberRow({ project, member, self, roles, onRemove }: { project: Project; member: Member; self: boolean; roles: ProjectRole[]; onRemove: (departure: Departure) => void }) {
  const { changeRole } = useProjectActions();
  const toast = useToast();
  const { running, run } = useToastedAction();
  const name = displayName(member.user);
  // An admin manages everyone but the owners; an owner, everyone.
  const manageable = roles.length > 0 && (member.role !== 'owner' || project.role === 'owner');

  const change = (role: string) =>
    run(true, 'Could not change the role', async () => {
      await changeRole(project.id, member.user.id, role as ProjectRole);
      toast('success', `${name} is now ${ROLE_LABELS[role as ProjectRole].toLowerCase()}`);
    });

  return (
    <li className="flex flex-wrap items-center gap-3 py-3" data-member-id={member.user.id}>
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium">
          {name}
          {self && <span className="font-normal text-slate-600 dark:text-slate-400"> (you)</span>}
        </p>
        <p className="truncate text-xs text-slate-600 dark:text-slate-400">
          {member.user.email} · joined {formatDate(member.joined_at, false)}
        </p>
      </div>
      {manageable ? (
        <LabelledSelect id={`role-${member.user.id}`} label={`Role of ${name}`} hideLabel value={member.role} disabled={running !== null} onChange={change}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </LabelledSelect>
      ) : (
        <span className="text-sm" data-testid="member-role">
          {ROLE_LABELS[member.role]}
        </span>
      )}
      {self
        ? !project.is_personal && (
            <Button variant="secondary" onClick={() => onRemove({ member, self })}>
              Leave project
            </Button>
          )
        : manageable && (
            <Button variant="ghost" className="text-red-700 dark:text-red-400" aria-label={`Remove ${name}`} onClick={() => onRemove({ member, self })}>
              Remove
            </Button>
          )}
    </li>
  );
}

function Members({ project }: { project: Project }) {
  const members = useMembers(project.id);
  const { data: user } = useUser();
  const { removeMember } = useProjectActions();
  const toast = useToast();
  const navigate = useNavigate();
  const { running, run } = useToastedAction();
  const [departure, setDeparture] = useState<Departure | null>(null);
  const roles = canManage(project) ? grantableRoles(project.role) : [];

  const confirm = () =>
    departure &&
    run(true, departure.self ? 'Could not leave the project' : 'Could not remove the member', async () => {
      await removeMember(project.id, departure.member.user.id);
      setDeparture(null);
      if (departure.self) {
        toast('success', 'You left the project', project.name);
        navigate('/', { replace: true });
      } else toast('success', 'Member removed', displayName(departure.member.user));
    });

  return (
    <SettingsSection id="members-heading" title={`Members (${members.data?.length ?? project.member_count})`}>
      {members.error ? (
        <ErrorState message={`Could not load the members: ${errorMessage(members.error)}`} onRetry={() => void members.refetch()} />
      ) : !members.data ? (
        <Loading label="Loading the members…" />
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="members">
          {members.data.map((member) => (
            <MemberRow key={member.user.id} project={project} member={member} self={member.user.id === user?.id} roles={roles} onRemove={setDeparture} />
          ))}
        </ul>
      )}
      {project.is_personal ? (
        <Explanation>Your personal project is yours alone: it cannot be shared.</Explanation>
      ) : roles.length > 0 ? (
        <AddMemberForm project={project} roles={roles} />
      ) : (
        <Explanation>
          {project.archived && hasRole(project.role, 'admin')
            ? 'This project is archived: an owner must restore it before its members can change.'
            : 'Only admins and owners can add, change or remove members.'}
        </Explanation>
      )}
      <ConfirmDialog
        open={departure !== null}
        title={departure?.self ? 'Leave this project?' : 'Remove this member?'}
        message={
          departure?.self ? (
            <>
              You will no longer see <strong>{project.name}</strong> or its tasks, unless someone adds you again.
            </>
          ) : (
            <>
              <strong>{departure && displayName(departure.member.user)}</strong> will no longer see <strong>{project.name}</strong> or its tasks.
            </>
          )
        }
        confirmLabel={departure?.self ? 'Leave project' : 'Remove'}
        busy={running !== null}
        onConfirm={confirm}
        onCancel={() => setDeparture(null)}
      />
    </SettingsSection>
  );
}

/** The pending invitations (admins only: nobody else may read them). */
function Invitations({ project }: { project: Project }) {
  const invitations = useInvitations(project.id);
  const { cancelInvitation } = useProjectActions();
  const toast = useToast();
  const { running, run } = useToastedAction<number>();
  const cancellable = canManage(project);

  const cancel = (id: number, email: string) =>
    run(id, 'Could not cancel the invitation', async () => {
      await cancelInvitation(project.id, id);
      toast('success', 'Invitation cancelled', email);
    });

  return (
    <SettingsSection id="invitations-heading" title="Pending invitations">
      {invitations.error ? (
        <ErrorState message={`Could not load the invitations: ${errorMessage(invitations.error)}`} onRetry={() => void invitations.refetch()} />
      ) : !invitations.data ? (
        <Loading label="Loading the invitations…" />
      ) : invitations.data.length === 0 ? (
        <Explanation>No pending invitations. Adding an email nobody has signed up with invites it.</Explanation>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="invitations">
          {invitations.data.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center gap-3 py-3">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">{invitation.email}</p>
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  {ROLE_LABELS[invitation.role]} · invited {formatDate(invitation.created_at, false)}
                </p>
              </div>
              {cancellable && (
                <Button variant="ghost" busy={running === invitation.id} aria-label={`Cancel invitation of ${invitation.email}`} onClick={() => cancel(invitation.id, invitation.email)}>
                  Cancel invitation
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}

/** One label: its chip for everyone; name, color, save and delete for admins. */
function LabelRow({ project, label, editable, onDelete }: { project: Project; label: Label; editable: boolean; onDelete: (label: Label) => void }) {
  const { updateLabel } = useProjectActions();
  const toast = useToast();
  const [values, setValues] = useState({ name: label.name, color: label.color });
  const { errors, formError, fail, reset } = useSaveFailure('Could not save the label');
  const [busy, setBusy] = useState(false);
  if (!editable) {
    return (
      <li className="py-2" data-label-id={label.id}>
        <LabelChip label={label} />
      </li>
    );
  }
  const changed = values.name.trim() !== label.name || values.color !== label.color;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nameError = labelNameError(values.name);
    reset(nameError ? { name: [nameError] } : {});
    if (nameError) return;
    setBusy(true);
    try {
      await updateLabel(project.id, label.id, { name: values.name.trim(), color: values.color });
      toast('success', 'Label saved', values.name.trim());
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="py-3" data-label-id={label.id}>
      <form noValidate onSubmit={submit} aria-label={`Label ${label.name}`} className="flex flex-wrap items-end gap-3">
        <FormError messages={formError} />
        <div className="min-w-40 flex-1">
          <TextInput label="Label name" name="label-name" maxLength={LABEL_NAME_MAX} value={values.name} onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))} errors={errors.name} />
        </div>
        <ColorInput label="Label color" value={values.color} onChange={(color) => setValues((v) => ({ ...v, color }))} errors={errors.color} />
        <LabelChip label={{ ...label, name: values.name.trim() || label.name, color: values.color }} />
        <Button type="submit" variant="secondary" busy={busy} disabled={!changed}>
          Save
        </Button>
        <Button variant="ghost" className="text-red-700 dark:text-red-400" aria-label={`Delete the label ${label.name}`} onClick={() => onDelete(label)}>
          Delete
        </Button>
      </form>
    </li>
  );
}

function NewLabelForm({ project }: { project: Project }) {
  const { createLabel } = useProjectActions();
  const toast = useToast();
  const [values, setValues] = useState({ name: '', color: DEFAULT_LABEL_COLOR });
  const { errors, formError, fail, reset } = useSaveFailure('Could not add the label');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nameError = labelNameError(values.name);
    reset(nameError ? { name: [nameError] } : {});
    if (nameError) return;
    setBusy(true);
    try {
      const label = await createLabel(project.id, { name: values.name.trim(), color: values.color });
      toast('success', 'Label added', label.name);
      setValues({ name: '', color: DEFAULT_LABEL_COLOR });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={submit} aria-labelledby="new-label-heading" className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
      <h3 id="new-label-heading" className="font-medium">
        Add a label
      </h3>
      <FormError messages={formError} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-40 flex-1">
          <TextInput
            label="New label name"
            name="new-label-name"
            maxLength={LABEL_NAME_MAX}
            value={values.name}
            onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))}
            errors={errors.name}
          />
        </div>
        <ColorInput label="New label color" value={values.color} onChange={(color) => setValues((v) => ({ ...v, color }))} errors={errors.color} />
        <Button type="submit" busy={busy}>
          Add label
        </Button>
      </div>
    </form>
  );
}

/** The project's labels: everyone sees them; admins add, rename, recolor and delete them. */
function Labels({ project }: { project: Project }) {
  const labels = useLabels(project.id);
  const { removeLabel } = useProjectActions();
  const toast = useToast();
  const { running, run } = useToastedAction();
  const [deleting, setDeleting] = useState<Label | null>(null);
  const editable = canManage(project);

  const confirmDelete = () =>
    deleting &&
    run(true, 'Could not delete the label', async () => {
      await removeLabel(project.id, deleting.id);
      toast('success', 'Label deleted', deleting.name);
      setDeleting(null);
    });

  return (
    <SettingsSection id="labels-heading" title="Labels">
      {labels.error ? (
        <ErrorState message={`Could not load the labels: ${errorMessage(labels.error)}`} onRetry={() => void labels.refetch()} />
      ) : !labels.data ? (
        <Loading label="Loading the labels…" />
      ) : labels.data.length === 0 ? (
        <Explanation>No labels yet.</Explanation>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="labels">
          {labels.data.map((label) => (
            <LabelRow key={`${label.id}-${label.name}-${label.color}`} project={project} label={label} editable={editable} onDelete={setDeleting} />
          ))}
        </ul>
      )}
      {editable ? <NewLabelForm project={project} /> : <Explanation>Only admins and owners can add, change or delete labels.</Explanation>}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this label?"
        message={
          <>
            <strong>{deleting?.name}</strong> will be removed from every task that has it.
          </>
        }
        confirmLabel="Delete label"
        busy={running !== null}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
      />
    </SettingsSection>
  );
}

/** Archive or restore, and delete: owners only, never the personal project. */
function ArchiveAndDelete({ project }: { project: Project }) {
  const { update, remove } = useProjectActions();
  const toast = useToast();
  const navigate = useNavigate();
  const { running, run } = useToastedAction<'archive' | 'delete'>();
  const [deleting, setDeleting] = useState(false);
  const owner = project.role === 'owner';

  const toggleArchived = () =>
    run('archive', project.archived ? 'Could not restore the project' : 'Could not archive the project', async () => {
      await update(project.id, { archived: !project.archived });
      toast('success', project.archived ? 'Project restored' : 'Project archived', project.name);
    });
  const confirmDelete = () =>
    run('delete', 'Could not delete the project', async () => {
      await remove(project.id);
      toast('success', 'Project deleted', project.name);
      navigate('/', { replace: true });
    });

  return (
    <SettingsSection id="archive-heading" title="Archive or delete">
      {project.is_personal ? (
        <Explanation>Your personal project cannot be archived or deleted.</Explanation>
      ) : !owner ? (
        <Explanation>Only an owner can archive, restore or delete this project.</Explanation>
      ) : (
        <>
          <Explanation>
            {project.archived
              ? 'This project is archived: its tasks can be read, not changed. Restore it to work in it again.'
              : 'An archived project keeps its tasks, read-only, until it is restored. Deleting it deletes its tasks too, for every member.'}
          </Explanation>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" busy={running === 'archive'} onClick={toggleArchived}>
              {project.archived ? 'Restore project' : 'Archive project'}
            </Button>
            <Button variant="danger" onClick={() => setDeleting(true)}>
              Delete project
            </Button>
          </div>
        </>
      )}
      <ConfirmDialog
        open={deleting}
        title="Delete this project?"
        message={
          <>
            <strong>{project.name}</strong> and all its tasks, comments and attachments will be deleted for every member. This cannot be undone.
          </>
        }
        confirmLabel="Delete project"
        busy={running === 'delete'}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(false)}
      />
    </SettingsSection>
  );
}

/** /projects/:id/settings: details, members, invitations, archive and delete, as the caller's role allows. */
export function ProjectSettingsPage({ id }: { id: number }) {
  return (
    <ProjectGate id={id}>
      {(project) => (
        <div className="space-y-6">
          <div>
            <Link to={`/projects/${project.id}`} className="inline-flex items-center gap-2 text-sm text-indigo-700 underline dark:text-indigo-300">
              ← <ProjectDot color={project.color} /> {project.name}
            </Link>
            <h1 className="mt-2 text-2xl font-semibold">Project settings</h1>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Your role: <strong data-testid="my-role">{ROLE_LABELS[project.role]}</strong>
              {project.archived && ' · archived'}
            </p>
          </div>
          <DetailsForm project={project} />
          <Members project={project} />
          <Labels project={project} />
          {!project.is_personal && hasRole(project.role, 'admin') && <Invitations project={project} />}
          <ArchiveAndDelete project={project} />
        </div>
      )}
    </ProjectGate>
  );
}
