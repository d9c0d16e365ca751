import { describe, expect, it } from 'vitest';
import { OwnChanges } from '../src/lib/ownChanges';
import type { Notification, NotificationList } from '../src/api/types';
import { cleared, isToasted, withAllRead, withPushed, withRead, withUnreadCount } from '../src/state/notifications';

const notification = (id: number, read = false): Notification => ({
  id,
  title: `Notification ${id}`,
  message: '',
  type: 'info',
  event_type: 'task.updated',
  task_id: 1,
  created_at: '2026-01-01T00:00:00Z',
  read,
});
const listOf = (items: Notification[], unread: number): NotificationList => ({
  notifications: items,
  total: items.length,
  unread_count: unread,
  limit: 50,
  offset: 0,
});

describe('the cached notifications', () => {
  it('puts a pushed notification first and counts it unread', () => {
    const list = withPushed(listOf([notification(1, true)], 0), notification(2));
    expect(list.notifications.map((n) => n.id)).toEqual([2, 1]);
    expect(list.unread_count).toBe(1);
  });

  it('keeps one copy of a notification pushed twice', () => {
    const once = withPushed(listOf([], 0), notification(2));
    expect(withPushed(once, notification(2)).notifications).toHaveLength(1);
  });

  it('starts a list when a push comes before the first load', () => {
    expect(withPushed(undefined, notification(3, true))).toMatchObject({ notifications: [{ id: 3 }], unread_count: 0 });
  });

  it('keeps the newest 100', () => {
    const full = listOf(
      Array.from({ length: 100 }, (_, i) => notification(i + 1, true)),
      0,
    );
    const list = withPushed(full, notification(101));
    expect(list.notifications).toHaveLength(100);
    expect(list.notifications[0].id).toBe(101);
    expect(list.notifications.at(-1)?.id).toBe(99);
  });

  it('marks one read, all read, or clears', () => {
    const list = listOf([notification(1), notification(2)], 2);
    const one = withRead(list, 1);
    expect(one.notifications.map((n) => n.read)).toEqual([true, false]);
    expect(one.unread_count).toBe(1);
    expect(withRead(withUnreadCount(list, 0), 1).unread_count).toBe(0);
    expect(withAllRead(list)).toMatchObject({ unread_count: 0, notifications: [{ read: true }, { read: true }] });
    expect(cleared(list)).toMatchObject({ unread_count: 0, notifications: [] });
  });

  it('takes the unread count the service pushes', () => {
    expect(withUnreadCount(listOf([notification(1)], 1), 7).unread_count).toBe(7);
  });
});

describe("a notification of the user's own change", () => {
  const echo = () => true;
  const notEcho = () => false;
  it('is toasted when someone else made the change, even while this tab changed the task', () => {
    expect(isToasted({ ...notification(1), actor_id: 8 }, 7, echo)).toBe(true);
  });

  it('is not toasted when it echoes a change this tab just made', () => {
    expect(isToasted({ ...notification(1), actor_id: 7 }, 7, echo)).toBe(false);
    // A service that does not name the actor: the tab's own record decides.
    expect(isToasted(notification(1), 7, echo)).toBe(false);
  });

  it('is toasted when the user made it in another tab or device', () => {
    expect(isToasted({ ...notification(1), actor_id: 7 }, 7, notEcho)).toBe(true);
    expect(isToasted({ ...notification(1), actor_id: null }, 7, notEcho)).toBe(true);
  });
});

describe("a notification about this tab's own change", () => {
  it('is an echo for a few seconds after the change, of that task and that kind of change only', () => {
    let now = 1_000;
    const own = new OwnChanges(() => now);
    own.note('task', 4, 5);
    expect(own.isEcho('task_updated', 4)).toBe(true);
    expect(own.isEcho('task_completed', 5)).toBe(true);
    expect(own.isEcho('comment_added', 4)).toBe(false);
    expect(own.isEcho('task_updated', 6)).toBe(false);
    expect(own.isEcho('task_assigned', 4)).toBe(true);
    expect(own.isEcho('task_due_soon', 4)).toBe(false);
    expect(own.isEcho('task_updated', null)).toBe(false);
    now += 6_000;
    expect(own.isEcho('task_updated', 5)).toBe(false);
  });

  it('a task created here: any new task for a few seconds, since its id comes with the answer', () => {
    const own = new OwnChanges(() => 0);
    own.note('created', 0);
    expect(own.isEcho('task_created', 42)).toBe(true);
    expect(own.isEcho('task_updated', 42)).toBe(false);
  });
});
