import { useMutation } from '@tanstack/react-query';
import type { FormEvent, ReactNode } from 'react';
import { useState } from 'react';
import type { PasswordChangeInput } from '../api/endpoints';
import type { FieldErrors, User } from '../api/types';
import { ConfirmPasswordInput, NewPasswordInput } from '../components/PasswordInput';
import { Button, FormError, Loading, TextInput } from '../components/ui';
import { errorMessage, useFormErrors } from '../lib/formErrors';
import { hasErrors, passwordErrors } from '../lib/validation';
import { useSaveProfile, useSession, useUser } from '../state/session';
import { useToast } from '../state/toasts';

/** One of the page's two forms: its heading, then what went wrong with the whole form. */
function ProfileCardForm({ id, title, formError, onSubmit, children }: { id: string; title: string; formError: string[]; onSubmit: (event: FormEvent) => void; children: ReactNode }) {
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4" aria-labelledby={id}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <FormError messages={formError} />
      {children}
    </form>
  );
}

function ProfileForm({ user }: { user: User }) {
  const toast = useToast();
  const [values, setValues] = useState({
    username: user.username,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
  });
  const { errors, formError, fail, reset } = useFormErrors();
  const save = useSaveProfile();
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset();
    save.mutate(values, { onSuccess: () => toast('success', 'Profile saved'), onError: fail });
  };

  return (
    <ProfileCardForm id="profile-heading" title="Your details" formError={formError} onSubmit={submit}>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextInput label="First name" name="first_name" autoComplete="given-name" value={values.first_name} onChange={set('first_name')} errors={errors.first_name} />
        <TextInput label="Last name" name="last_name" autoComplete="family-name" value={values.last_name} onChange={set('last_name')} errors={errors.last_name} />
      </div>
      <TextInput label="Username" name="username" autoComplete="username" value={values.username} onChange={set('username')} errors={errors.username} />
      <TextInput label="Email" type="email" name="email" autoComplete="email" value={values.email} onChange={set('email')} errors={errors.email} />
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Member since {new Date(user.created_at).toLocaleDateString()} · {user.is_verified ? 'verified' : 'email not verified'}
      </p>
      <Button type="submit" busy={save.isPending}>
        Save profile
      </Button>
    </ProfileCardForm>
  );
}

const NO_PASSWORDS: PasswordChangeInput = { old_password: '', new_password: '', new_password_confirm: '' };

function PasswordForm({ user }: { user: User }) {
  const { auth } = useSession();
  const toast = useToast();
  const [values, setValues] = useState(NO_PASSWORDS);
  const { errors, formError, fail, reset } = useFormErrors();
  const change = useMutation({ mutationFn: (input: PasswordChangeInput) => auth.changePassword(input) });
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const attributes = [user.username, user.email, user.first_name, user.last_name];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!values.old_password) found.old_password = ['Enter your current password.'];
    const weak = passwordErrors(values.new_password, attributes);
    if (weak.length) found.new_password = weak;
    if (values.new_password !== values.new_password_confirm) found.new_password_confirm = ["Passwords don't match."];
    reset(found);
    if (hasErrors(found)) return;
    change.mutate(values, {
      onSuccess: () => {
        setValues(NO_PASSWORDS);
        toast('success', 'Password changed', 'Your other sessions were signed out.');
      },
      onError: fail,
    });
  };

  return (
    <ProfileCardForm id="password-heading" title="Change password" formError={formError} onSubmit={submit}>
      <TextInput label="Current password" type="password" name="old_password" autoComplete="current-password" value={values.old_password} onChange={set('old_password')} errors={errors.old_password} />
      <NewPasswordInput label="New password" name="new_password" value={values.new_password} onChange={set('new_password')} errors={errors.new_password} attributes={attributes} />
      <ConfirmPasswordInput label="Confirm new password" name="new_password_confirm" value={values.new_password_confirm} onChange={set('new_password_confirm')} errors={errors.new_password_confirm} />
      <Button type="submit" busy={change.isPending}>
        Change password
      </Button>
    </ProfileCardForm>
  );
}

export function ProfilePage() {
  const { data: user, error } = useUser();
  if (!user) return error ? <FormError messages={[errorMessage(error)]} /> : <Loading label="Loading your profile…" />;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Profile</h1>
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <ProfileForm user={user} />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <PasswordForm user={user} />
        </div>
      </div>
    </div>
  );
}
