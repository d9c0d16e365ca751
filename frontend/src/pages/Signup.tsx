import type { FormEvent } from 'react';
import { useState } from 'react';
import { ApiError } from '../api/client';
import type { FieldErrors } from '../api/types';
import { AuthLayout } from '../components/Layout';
import { Button, FormError, TextInput, cx } from '../components/ui';
import { Link, navigate } from '../lib/router';
import type { SignupValues } from '../lib/validation';
import { PASSWORD_RULES, hasErrors, validateSignup } from '../lib/validation';
import { errorMessage, useApp } from '../state/app';

/** Each password rule with whether the password meets it, shown live under the field. */
export function PasswordRules({ password, attributes, serverErrors }: { password: string; attributes: string[]; serverErrors: string[] }) {
  const commonRefused = serverErrors.some((m) => m.includes('too common'));
  return (
    <ul className="mt-1 space-y-0.5" aria-label="Password rules">
      {PASSWORD_RULES.map((rule) => {
        const met = rule.id === 'common' ? (commonRefused ? false : null) : password ? rule.check(password, attributes) : null;
        return (
          <li
            key={rule.id}
            data-rule={rule.id}
            data-met={met === null ? 'unknown' : String(met)}
            className={cx(met === true && 'text-green-700 dark:text-green-400', met === false && 'text-red-700 dark:text-red-400')}
          >
            <span aria-hidden="true">{met === true ? '✓' : met === false ? '✗' : '•'}</span> {rule.label}
            <span className="sr-only">{met === true ? ' (met)' : met === false ? ' (not met)' : ''}</span>
          </li>
        );
      })}
    </ul>
  );
}

const EMPTY: SignupValues = { username: '', email: '', first_name: '', last_name: '', password: '', password_confirm: '' };

export function SignupPage() {
  const { auth, startSession } = useApp();
  const [values, setValues] = useState<SignupValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverPasswordErrors, setServerPasswordErrors] = useState<string[]>([]);
  const [formError, setFormError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const set = (field: keyof SignupValues) => (event: { target: { value: string } }) => {
    const next = { ...values, [field]: event.target.value };
    setValues(next);
    if (field === 'password') setServerPasswordErrors([]);
    // After a first submit, errors follow the typing.
    if (submitted) setErrors(validateSignup(next));
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFormError([]);
    const found = validateSignup(values);
    setErrors(found);
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
      if (error instanceof ApiError && Object.keys(error.errors).length) {
        setErrors(error.errors);
        setServerPasswordErrors(error.field('password'));
        setFormError(error.field('non_field_errors'));
      } else {
        setFormError([errorMessage(error)]);
      }
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
        <TextInput
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set('password')}
          errors={errors.password}
          hint={<PasswordRules password={values.password} attributes={attributes} serverErrors={serverPasswordErrors} />}
        />
        <TextInput label="Confirm password" type="password" name="password_confirm" autoComplete="new-password" value={values.password_confirm} onChange={set('password_confirm')} errors={errors.password_confirm} />
        <Button type="submit" busy={busy} className="w-full">
          Create account
        </Button>
      </form>
      <p className="mt-4 text-center text-sm">
        Already have an account?{' '}
        <Link href="/login" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Sign in
        </Link>
      </p>
    </AuthLayout>
  );
}
