import type { FormEvent } from 'react';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { AuthLayout } from '../components/Layout';
import { Button, FormError, TextInput } from '../components/ui';
import { useFormErrors } from '../lib/formErrors';
import { nextPath } from '../lib/paths';
import { hasErrors, validateLogin } from '../lib/validation';
import { useSession } from '../state/session';

export function LoginPage() {
  const { auth, startSession } = useSession();
  const { search } = useLocation();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, formError, fail, reset } = useFormErrors();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateLogin(email, password);
    reset(found);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      startSession(await auth.login(email.trim(), password));
      navigate(nextPath(search), { replace: true });
    } catch (error) {
      fail(error);
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
        <Link to="/signup" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Sign up
        </Link>
      </p>
    </AuthLayout>
  );
}
