import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useEffect, useId, useRef } from 'react';

export function cx(...classes: Array<string | false | null | undefined>) {
  return classes.filter(Boolean).join(' ');
}

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';
const VARIANTS: Record<Variant, string> = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-500 disabled:bg-indigo-400',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700',
  danger: 'bg-red-600 text-white hover:bg-red-500 disabled:bg-red-400',
  ghost: 'text-slate-700 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-800',
};

export function Button({
  variant = 'primary',
  busy = false,
  className,
  children,
  disabled,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; busy?: boolean }) {
  return (
    <button
      type={type}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={cx(
        'inline-flex min-h-10 items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed',
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500',
        VARIANTS[variant],
        className,
      )}
      {...rest}
    >
      {busy && <Spinner small />}
      {children}
    </button>
  );
}

export function Spinner({ small = false, label }: { small?: boolean; label?: string }) {
  return (
    <span role={label ? 'status' : undefined} className="inline-flex items-center gap-2">
      <span aria-hidden="true" className={cx('inline-block animate-spin rounded-full border-2 border-current border-r-transparent', small ? 'size-4' : 'size-6')} />
      {label && <span className="text-sm text-slate-600 dark:text-slate-300">{label}</span>}
    </span>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="flex justify-center py-12">
      <Spinner label={label} />
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
      <p>{message}</p>
      {onRetry && (
        <Button variant="secondary" className="mt-3" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
      <p className="font-medium">{title}</p>
      {children && <div className="mt-2 text-sm text-slate-600 dark:text-slate-400">{children}</div>}
    </div>
  );
}

const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-2 focus:outline-indigo-500 aria-[invalid=true]:border-red-500 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500 dark:disabled:bg-slate-800 dark:disabled:text-slate-400 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';

interface FieldProps {
  label: string;
  errors?: string[];
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string; className: string }) => ReactNode;
}

/** A labelled control with its hint and its errors, tied together for screen readers. */
export function Field({ label, errors = [], hint, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({ id, 'aria-invalid': errors.length > 0, 'aria-describedby': describedBy, className: inputClass })}
      {hint && (
        <div id={hintId} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </div>
      )}
      {errors.length > 0 && (
        <ul id={errorId} className="space-y-0.5 text-sm text-red-700 dark:text-red-400" data-field-errors>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function TextInput({ label, errors, hint, ...rest }: InputHTMLAttributes<HTMLInputElement> & { label: string; errors?: string[]; hint?: ReactNode }) {
  return (
    <Field label={label} errors={errors} hint={hint}>
      {(props) => <input {...props} {...rest} />}
    </Field>
  );
}

export function TextArea({ label, errors, hint, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; errors?: string[]; hint?: ReactNode }) {
  return (
    <Field label={label} errors={errors} hint={hint}>
      {(props) => <textarea {...props} {...rest} />}
    </Field>
  );
}

export function Select({ label, errors, children, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; errors?: string[] }) {
  return (
    <Field label={label} errors={errors}>
      {(props) => (
        <select {...props} {...rest}>
          {children}
        </select>
      )}
    </Field>
  );
}

/** A color (the browser's color picker gives "#rrggbb", the API's format). */
export function ColorInput({ label = 'Color', value, onChange, errors, disabled }: { label?: string; value: string; onChange: (color: string) => void; errors?: string[]; disabled?: boolean }) {
  return (
    <TextInput
      label={label}
      type="color"
      name="color"
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
      errors={errors}
      className="h-10 w-20 cursor-pointer rounded-md border border-slate-300 bg-white p-1 disabled:cursor-not-allowed dark:border-slate-600 dark:bg-slate-900"
    />
  );
}

export function FormError({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

/** The compact controls' style (the filter bar, the bulk update, the members' roles). */
export const controlClass = 'rounded-md border border-slate-300 bg-white px-2 py-2 text-sm dark:border-slate-600 dark:bg-slate-900 focus:outline-2 focus:outline-indigo-500';

/** A compact labelled <select>; `hideLabel`: the label is for screen readers only (the options say what it is). */
export function LabelledSelect({
  id,
  label,
  hideLabel = false,
  value,
  disabled,
  onChange,
  children,
}: {
  id: string;
  label: string;
  hideLabel?: boolean;
  value: string;
  disabled?: boolean;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : 'mb-1 block text-xs font-medium'}>
        {label}
      </label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} className={controlClass}>
        {children}
      </select>
    </div>
  );
}

/** A modal dialog on <dialog>: focus moves in and is trapped, Escape closes, focus returns. */
export function Modal({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first focusable element (the close button): start in the form
      // instead, or on the element marked data-autofocus.
      dialog.querySelector<HTMLElement>('[data-autofocus], input:not([type="hidden"]), select, textarea')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-xl bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:bg-slate-900 dark:text-slate-100"
    >
      {open && (
        <div className="p-5">
          <div className="mb-4 flex items-start justify-between gap-4">
            <h2 id={titleId} className="text-lg font-semibold">
              {title}
            </h2>
            <Button variant="ghost" aria-label="Close" onClick={onClose} className="-mr-2 -mt-1">
              ✕
            </Button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}

export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal title={title} open={open} onClose={onCancel}>
      <div className="text-sm">{message}</div>
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} data-autofocus>
          Cancel
        </Button>
        <Button variant="danger" busy={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </Modal>
  );
}

export const STATUS_LABELS: Record<string, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  review: 'Review',
  done: 'Done',
  cancelled: 'Cancelled',
};
export const PRIORITY_LABELS: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' };

/** One <option> per value, shown with its label (the statuses or the priorities). */
export function Options({ values, labels }: { values: readonly string[]; labels: Record<string, string> }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {labels[value]}
    </option>
  ));
}

const STATUS_COLORS: Record<string, string> = {
  todo: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
  in_progress: 'bg-blue-100 text-blue-800 dark:bg-blue-900 dark:text-blue-100',
  review: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  done: 'bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100',
  cancelled: 'bg-zinc-200 text-zinc-600 line-through dark:bg-zinc-800 dark:text-zinc-300',
};
const PRIORITY_COLORS: Record<string, string> = {
  low: 'text-slate-600 dark:text-slate-300',
  medium: 'text-blue-700 dark:text-blue-300',
  high: 'text-orange-700 dark:text-orange-300',
  urgent: 'font-semibold text-red-700 dark:text-red-400',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={cx('rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap', STATUS_COLORS[status])}>{STATUS_LABELS[status] ?? status}</span>;
}
export function PriorityLabel({ priority }: { priority: string }) {
  return <span className={cx('text-xs whitespace-nowrap', PRIORITY_COLORS[priority])}>{PRIORITY_LABELS[priority] ?? priority}</span>;
}

export function formatDate(iso: string | null, withTime = true): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
