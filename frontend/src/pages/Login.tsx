import type { FormEvent } from 'react';
import { useState } from 'react';
import { ApiError } from '../api/client';
import type { FieldErrors } from '../api/types';
import { AuthLayout } from '../components/Layout';
import { Button, FormError, TextInput } from '../components/ui';
import { nextPath } from '../lib/paths';
import { Link, navigate, useLocation } from '../lib/router';
import { hasErrors, validateLogin } from '../lib/validation';
import { errorMessage, useApp } from '../state/app';

export function LoginPage() {
  const { auth, startSession } = useApp();
  const { search } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateLogin(email, password);
    setErrors(found);
    setFormError([]);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      startSession(await auth.login(email.trim(), password));
      navigate(nextPath(search), { replace: true });
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
    <AuthLayout title="Sign in">
      {new URLSearchParams(search).get('expired') === '1' && (
        <p role="status" data-testid="session-expired" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          Your session has expired. Please sign in again.
        </p>
      )}
      <form noValidate onSubmit={submit} className="space-y-4">
        <FormError messages={formError} />
        <TextInput label="Email" type="email" name="email" autoComplete="email" autoFocus value={email} onChange={(e) => setEmail(e.target.value)} errors={errors.email} />
        <TextInput label="Password" type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} errors={errors.password} />
        <Button type="submit" busy={busy} className="w-full">
          Sign in
        </Button>
      </form>
      <p className="mt-4 text-center text-sm">
        No account yet?{' '}
        <Link href="/signup" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Sign up
        </Link>
      </p>
    </AuthLayout>
  );
}
