import { useToasts } from '../state/toasts';
import { cx } from './ui';

const KIND_STYLES = {
  info: 'border-blue-400',
  success: 'border-green-500',
  warning: 'border-amber-500',
  error: 'border-red-500',
};

export function Toasts() {
  const { toasts, dismiss } = useToasts();
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          role={toast.kind === 'error' ? 'alert' : 'status'}
          data-toast={toast.kind}
          className={cx('pointer-events-auto w-full max-w-sm rounded-lg border-l-4 bg-white p-3 shadow-lg dark:bg-slate-800', KIND_STYLES[toast.kind])}
        >
          <div className="flex items-start gap-3">
            <div className="min-w-0 flex-1">
              <p className="text-sm font-semibold">{toast.title}</p>
              {toast.message && <p className="mt-0.5 text-sm text-slate-700 dark:text-slate-300">{toast.message}</p>}
            </div>
            <button
              type="button"
              aria-label="Dismiss"
              onClick={() => dismiss(toast.id)}
              className="rounded px-1 text-slate-500 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:text-white"
            >
              ✕
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
