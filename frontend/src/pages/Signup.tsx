import type { FormEvent } from 'react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { RegisterInput } from '../api/endpoints';
import { AuthLayout } from '../components/Layout';
import { ConfirmPasswordInput, NewPasswordInput } from '../components/PasswordInput';
import { Button, FormError, TextInput } from '../components/ui';
import { useFormErrors } from '../lib/formErrors';
import { hasErrors, validateSignup } from '../lib/validation';
import { useSession } from '../state/session';

const EMPTY: RegisterInput = { username: '', email: '', first_name: '', last_name: '', password: '', password_confirm: '' };

export function SignupPage() {
  const { auth, startSession } = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState<RegisterInput>(EMPTY);
  const { errors, setErrors, formError, fail, reset } = useFormErrors();
  const [serverPasswordErrors, setServerPasswordErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const set = (field: keyof RegisterInput) => (event: { target: { value: string } }) => {
    const next = { ...values, [field]: event.target.value };
    setValues(next);
    if (field === 'password') setServerPasswordErrors([]);
    // After a first submit, errors follow the typing.
    if (submitted) setErrors(validateSignup(next));
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    const found = validateSignup(values);
    reset(found);
    if (hasErrors(found)) {
      const first = Object.keys(found)[0];
      event.currentTarget.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      startSession(await auth.register(values));
      navigate('/', { replace: true });
    } catch (error) {
      const fieldErrors = fail(error);
      if (Object.keys(fieldErrors).length) setServerPasswordErrors(fieldErrors.password ?? []);
      setBusy(false);
    }
  };

  const attributes = [values.username, values.email, values.first_name, values.last_name];
  return (
    <AuthLayout title="Create your account">
      <form noValidate onSubmit={submit} className="space-y-4">
        <FormError messages={formError} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextInput label="First name" name="first_name" autoComplete="given-name" autoFocus value={values.first_name} onChange={set('first_name')} errors={errors.first_name} />
          <TextInput label="Last name" name="last_name" autoComplete="family-name" value={values.last_name} onChange={set('last_name')} errors={errors.last_name} />
        </div>
        <TextInput label="Username" name="username" autoComplete="username" value={values.username} onChange={set('username')} errors={errors.username} hint="Letters, digits and @ . + - _ only." />
        <TextInput label="Email" type="email" name="email" autoComplete="email" value={values.email} onChange={set('email')} errors={errors.email} />
        <NewPasswordInput label="Password" name="password" value={values.password} onChange={set('password')} errors={errors.password} attributes={attributes} serverErrors={serverPasswordErrors} />
        <ConfirmPasswordInput label="Confirm password" name="password_confirm" value={values.password_confirm} onChange={set('password_confirm')} errors={errors.password_confirm} />
        <Button type="submit" busy={busy} className="w-full">
          Create account
        </Button>
      </form>
      <p className="mt-4 text-center text-sm">
        Already have an account?{' '}
        <Link to="/login" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Sign in
        </Link>
      </p>
    </AuthLayout>
  );
}
