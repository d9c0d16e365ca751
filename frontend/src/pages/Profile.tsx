import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import type { FieldErrors, User } from '../api/types';
import { Button, FormError, Loading, TextInput } from '../components/ui';
import { hasErrors, passwordErrors } from '../lib/validation';
import { errorMessage, useApp } from '../state/app';
import { PasswordRules } from './Signup';

function useFormErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string[]>([]);
  const fail = (error: unknown) => {
    if (error instanceof ApiError && Object.keys(error.errors).length) {
      setErrors(error.errors);
      setFormError(error.field('non_field_errors'));
    } else {
      setErrors({});
      setFormError([errorMessage(error)]);
    }
  };
  const reset = () => {
    setErrors({});
    setFormError([]);
  };
  return { errors, setErrors, formError, fail, reset };
}

function ProfileForm({ user }: { user: User }) {
  const { auth, setUser, toast } = useApp();
  const [values, setValues] = useState({ username: user.username, email: user.email, first_name: user.first_name, last_name: user.last_name });
  const { errors, formError, fail, reset } = useFormErrors();
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    reset();
    setBusy(true);
    try {
      setUser(await auth.updateProfile(values));
      toast('success', 'Profile saved');
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="text-lg font-semibold">
        Your details
      </h2>
      <FormError messages={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextInput label="First name" name="first_name" autoComplete="given-name" value={values.first_name} onChange={set('first_name')} errors={errors.first_name} />
        <TextInput label="Last name" name="last_name" autoComplete="family-name" value={values.last_name} onChange={set('last_name')} errors={errors.last_name} />
      </div>
      <TextInput label="Username" name="username" autoComplete="username" value={values.username} onChange={set('username')} errors={errors.username} />
      <TextInput label="Email" type="email" name="email" autoComplete="email" value={values.email} onChange={set('email')} errors={errors.email} />
      <p className="text-xs text-slate-500">
        Member since {new Date(user.created_at).toLocaleDateString()} · {user.is_verified ? 'verified' : 'email not verified'}
      </p>
      <Button type="submit" busy={busy}>
        Save profile
      </Button>
    </form>
  );
}

function PasswordForm({ user }: { user: User }) {
  const { auth, toast } = useApp();
  const empty = { old_password: '', new_password: '', new_password_confirm: '' };
  const [values, setValues] = useState(empty);
  const { errors, setErrors, formError, fail, reset } = useFormErrors();
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const attributes = [user.username, user.email, user.first_name, user.last_name];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    reset();
    const found: FieldErrors = {};
    if (!values.old_password) found.old_password = ['Enter your current password.'];
    const weak = passwordErrors(values.new_password, attributes);
    if (weak.length) found.new_password = weak;
    if (values.new_password !== values.new_password_confirm) found.new_password_confirm = ["Passwords don't match."];
    if (hasErrors(found)) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      await auth.changePassword(values);
      setValues(empty);
      toast('success', 'Password changed', 'Your other sessions were signed out.');
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-labelledby="password-heading">
      <h2 id="password-heading" className="text-lg font-semibold">
        Change password
      </h2>
      <FormError messages={formError} />
      <TextInput label="Current password" type="password" name="old_password" autoComplete="current-password" value={values.old_password} onChange={set('old_password')} errors={errors.old_password} />
      <TextInput
        label="New password"
        type="password"
        name="new_password"
        autoComplete="new-password"
        value={values.new_password}
        onChange={set('new_password')}
        errors={errors.new_password}
        hint={<PasswordRules password={values.new_password} attributes={attributes} serverErrors={errors.new_password ?? []} />}
      />
      <TextInput label="Confirm new password" type="password" name="new_password_confirm" autoComplete="new-password" value={values.new_password_confirm} onChange={set('new_password_confirm')} errors={errors.new_password_confirm} />
      <Button type="submit" busy={busy}>
        Change password
      </Button>
    </form>
  );
}

export function ProfilePage() {
  const { user, auth, setUser } = useApp();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (user) return;
    auth.profile().then(setUser, (e) => setError(errorMessage(e)));
  }, [user, auth, setUser]);

  if (error) return <FormError messages={[error]} />;
  if (!user) return <Loading label="Loading your profile…" />;
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
