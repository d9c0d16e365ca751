import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Notification } from '../api/types';
import { errorMessage } from '../lib/formErrors';
import { useLiveNotifications, useNotificationActions, useNotifications } from '../state/notifications';
import { useToastedAction } from '../state/toasts';
import { Button, Spinner, cx, formatDate } from './ui';

/** The bell: unread count kept live over the WebSocket, and the list in a panel. */
export function NotificationBell() {
  const status = useLiveNotifications();
  const list = useNotifications();
  const actions = useNotificationActions();
  const { running, run } = useToastedAction();
  const busy = running !== null;
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panelRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const items = list.data?.notifications ?? [];
  const unread = list.data?.unread_count ?? 0;

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onClick = (event: MouseEvent) => {
      if (!panelRef.current?.contains(event.target as Node) && !buttonRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const markRead = (n: Notification) => run(true, 'Notifications', () => actions.markRead(n.id));
  const markAll = () => run(true, 'Notifications', actions.markAllRead);
  const clear = () => run(true, 'Notifications', actions.clear);

  const label = `Notifications: ${unread} unread${status === 'open' ? '' : ' (reconnecting)'}`;
  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls="notifications-panel"
        data-testid="notification-bell"
        data-live={status}
        onClick={() => {
          setOpen((value) => !value);
          if (!open) void list.refetch();
        }}
        className="relative rounded-md p-2 text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M18 8a6 6 0 10-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 01-3.4 0" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        {unread > 0 && (
          <span data-testid="unread-count" className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
        <span
          aria-hidden="true"
          title={status === 'open' ? 'Live' : 'Reconnecting'}
          className={cx('absolute bottom-1 right-1 size-2 rounded-full', status === 'open' ? 'bg-green-500' : 'bg-slate-400')}
        />
      </button>
      {open && (
        <div
          ref={panelRef}
          id="notifications-panel"
          role="region"
          aria-label="Notifications"
          className="fixed inset-x-2 top-16 z-40 max-h-[70vh] overflow-auto rounded-lg border border-slate-200 bg-white shadow-xl sm:absolute sm:inset-x-auto sm:right-0 sm:top-12 sm:w-96 dark:border-slate-700 dark:bg-slate-900"
        >
          <div className="sticky top-0 flex items-center justify-between gap-2 border-b border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
            <h2 className="font-semibold">Notifications</h2>
            <div className="flex gap-1">
              <Button variant="ghost" className="text-xs" disabled={busy || unread === 0} onClick={markAll}>
                Mark all read
              </Button>
              <Button variant="ghost" className="text-xs" disabled={busy || items.length === 0} onClick={clear}>
                Clear
              </Button>
            </div>
          </div>
          {list.isFetching && items.length === 0 ? (
            <div className="p-6 text-center">
              <Spinner label="Loading notifications…" />
            </div>
          ) : list.error ? (
            <div role="alert" className="p-4 text-sm text-red-700 dark:text-red-400">
              {errorMessage(list.error)}{' '}
              <button type="button" className="underline" onClick={() => void list.refetch()}>
                Retry
              </button>
            </div>
          ) : items.length === 0 ? (
            <p className="p-6 text-center text-sm text-slate-600 dark:text-slate-400">You're all caught up.</p>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-700">
              {items.map((n) => (
                <li key={n.id} data-notification-read={n.read} className={cx('p-3', !n.read && 'bg-indigo-50 dark:bg-indigo-950/40')}>
                  <div className="flex items-start gap-2">
                    <div className="min-w-0 flex-1">
                      <p className="text-sm font-medium">{n.title}</p>
                      <p className="text-sm text-slate-700 dark:text-slate-300">{n.message}</p>
                      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{formatDate(n.created_at)}</p>
                    </div>
                    <div className="flex shrink-0 flex-col items-end gap-1">
                      {n.task_id && (
                        <button
                          type="button"
                          className="text-xs text-indigo-700 underline dark:text-indigo-300"
                          onClick={() => {
                            setOpen(false);
                            navigate(`/tasks/${n.task_id}`);
                          }}
                        >
                          Open task
                        </button>
                      )}
                      {!n.read && (
                        <button type="button" disabled={busy} className="text-xs text-slate-700 underline dark:text-slate-300" onClick={() => markRead(n)}>
                          Mark read
                        </button>
                      )}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
