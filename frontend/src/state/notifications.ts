import type { QueryClient } from '@tanstack/react-query';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Notification, NotificationList } from '../api/types';
import type { SocketStatus } from '../lib/notificationSocket';
import { NotificationSocket, notificationsSocketUrl } from '../lib/notificationSocket';
import { ownChanges } from '../lib/ownChanges';
import { queryKeys } from './queryKeys';
import { useSession, useUser } from './session';
import { applyTaskChange, invalidateForTaskEvent } from './tasks';
import { useToast } from './toasts';

const SHOWN = 50;
const KEPT = 100;
const NONE: NotificationList = { notifications: [], total: 0, unread_count: 0, limit: SHOWN, offset: 0 };

/** Whether a pushed notification is toasted: not when it echoes a change this tab just made
 * (a personal project notifies its owner of everything; the change had its own "saved" toast).
 * The service names the actor, so only the user's own changes can be echoes; made in another
 * tab or device, they are toasted. */
export function isToasted(notification: Notification, userId: number | null, echoesThisTab: (n: Notification) => boolean): boolean {
  if (notification.actor_id != null && notification.actor_id !== userId) return true;
  return !echoesThisTab(notification);
}

// How each event changes the cached list (pure: unit-tested).

/** A notification pushed live: first in the list (once), and one more unread if it is. */
export function withPushed(list: NotificationList = NONE, pushed: Notification): NotificationList {
  const known = list.notifications.some((n) => n.id === pushed.id);
  return {
    ...list,
    notifications: known ? list.notifications : [pushed, ...list.notifications].slice(0, KEPT),
    unread_count: list.unread_count + (pushed.read ? 0 : 1),
  };
}

export function withUnreadCount(list: NotificationList = NONE, count: number): NotificationList {
  return { ...list, unread_count: count };
}

export function withRead(list: NotificationList = NONE, id: Notification['id']): NotificationList {
  return {
    ...list,
    notifications: list.notifications.map((n) => (n.id === id ? { ...n, read: true } : n)),
    unread_count: Math.max(0, list.unread_count - 1),
  };
}

export function withAllRead(list: NotificationList = NONE): NotificationList {
  return { ...list, notifications: list.notifications.map((n) => ({ ...n, read: true })), unread_count: 0 };
}

export function cleared(list: NotificationList = NONE): NotificationList {
  return { ...list, notifications: [], unread_count: 0 };
}

function updateList(queryClient: QueryClient, change: (list: NotificationList | undefined) => NotificationList) {
  queryClient.setQueryData<NotificationList>(queryKeys.notifications, change);
}

/** The newest notifications and the unread count. */
export function useNotifications() {
  const { notifications, signedIn } = useSession();
  return useQuery({ queryKey: queryKeys.notifications, queryFn: () => notifications.list(SHOWN), enabled: signedIn });
}

/**
 * The live connection while signed in: each pushed notification goes into the cache, shows a
 * toast and makes the task data it is about stale (the change may come from another device);
 * each change of a project's task is applied to the cached boards and lists. A reconnect gets
 * what was pushed meanwhile replayed (or a resync frame). Returns the connection's status.
 */
export function useLiveNotifications(): SocketStatus {
  const { client, signedIn } = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [status, setStatus] = useState<SocketStatus>('closed');
  // Read by the socket's callback, which outlives renders.
  const currentUserId = useUser().data?.id ?? null;
  const userId = useRef<number | null>(null);
  useEffect(() => {
    userId.current = currentUserId;
  }, [currentUserId]);

  useEffect(() => {
    if (!signedIn) return;
    const socket = new NotificationSocket({
      url: notificationsSocketUrl(window.location),
      getToken: () => client.freshAccessToken(),
      onStatus: setStatus,
      onMessage: (message) => {
        // A reconnect the service could not replay in full: reload what the socket keeps live.
        if (message.kind === 'resync') {
          resync(queryClient);
          return;
        }
        // A change of a project's task: into the cached boards and lists, without a toast
        // (people concerned get a notification; the one who made the change, none).
        if (message.kind === 'task_changed') {
          applyTaskChange(queryClient, message.change);
          return;
        }
        if (message.kind === 'unread_count') {
          updateList(queryClient, (list) => withUnreadCount(list, message.count));
          return;
        }
        const pushed = message.notification;
        updateList(queryClient, (list) => withPushed(list, pushed));
        if (isToasted(pushed, userId.current, (n) => ownChanges.isEcho(n.event_type, n.task_id ?? null))) toast(pushed.type ?? 'info', pushed.title, pushed.message);
        invalidateForTaskEvent(queryClient, pushed.task_id ?? null);
      },
    });
    socket.start();
    return () => socket.stop();
  }, [signedIn, client, queryClient, toast]);
  return status;
}

/** After a resync frame: everything pushed live may have missed changes, so it is fetched again. */
export function resync(queryClient: QueryClient) {
  for (const queryKey of [queryKeys.notifications, queryKeys.tasks, queryKeys.projects]) void queryClient.invalidateQueries({ queryKey });
}

/** Mark read, mark all read, clear: each updates the cached list once the service agreed. */
export function useNotificationActions() {
  const { notifications: api } = useSession();
  const queryClient = useQueryClient();
  return {
    markRead: async (id: Notification['id']) => {
      await api.markRead([id]);
      updateList(queryClient, (list) => withRead(list, id));
    },
    markAllRead: async () => {
      await api.markAllRead();
      updateList(queryClient, withAllRead);
    },
    clear: async () => {
      await api.clear();
      updateList(queryClient, cleared);
    },
  };
}
