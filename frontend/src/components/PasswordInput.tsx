import type { ChangeEventHandler, ComponentProps } from 'react';
import { PASSWORD_RULES } from '../lib/validation';
import { TextInput, cx } from './ui';

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

/**
 * A new password's field, with the rules it must meet (`attributes`: the user's names and email).
 * `serverErrors` (by default `errors`) tell whether the service refused it as too common.
 */
export function NewPasswordInput({
  label,
  name,
  value,
  onChange,
  errors,
  attributes,
  serverErrors = errors ?? [],
}: {
  label: string;
  name: string;
  value: string;
  onChange: ChangeEventHandler<HTMLInputElement>;
  errors?: string[];
  attributes: string[];
  serverErrors?: string[];
}) {
  return (
    <TextInput
      label={label}
      type="password"
      name={name}
      autoComplete="new-password"
      value={value}
      onChange={onChange}
      errors={errors}
      hint={<PasswordRules password={value} attributes={attributes} serverErrors={serverErrors} />}
    />
  );
}

/** The new password typed again. */
export function ConfirmPasswordInput(props: ComponentProps<typeof TextInput>) {
  return <TextInput type="password" autoComplete="new-password" {...props} />;
}
