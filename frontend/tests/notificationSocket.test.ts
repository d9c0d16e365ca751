import { describe, expect, it } from 'vitest';
import type { WebSocketLike } from '../src/lib/notificationSocket';
import { NotificationSocket, backoffDelay, notificationsSocketUrl, parseSocketFrame } from '../src/lib/notificationSocket';

class FakeSocket implements WebSocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}
  close() {
    this.closed = true;
  }
}

function harness(getToken: () => Promise<string | null> = async () => 'tok') {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const messages: unknown[] = [];
  const statuses: string[] = [];
  const socket = new NotificationSocket({
    url: 'ws://gw/api/notifications/ws/',
    getToken,
    onMessage: (m) => messages.push(m),
    onStatus: (s) => statuses.push(s),
    createSocket: (url, protocols) => {
      const s = new FakeSocket(url, protocols);
      sockets.push(s);
      return s;
    },
    random: () => 1,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { socket, sockets, timers, messages, statuses, flush };
}

describe('notifications WebSocket', () => {
  it('sends the token as the bearer subprotocol, not in the URL', async () => {
    const h = harness();
    h.socket.start();
    await h.flush();
    expect(h.sockets[0].url).toBe('ws://gw/api/notifications/ws/');
    expect(h.sockets[0].protocols).toEqual(['bearer', 'tok']);
  });

  it('passes notifications and unread counts on, ignores junk', async () => {
    const h = harness();
    h.socket.start();
    await h.flush();
    const s = h.sockets[0];
    s.onopen?.({});
    s.onmessage?.({ data: JSON.stringify({ id: 4, title: 'Task Updated', message: 'm', type: 'info', read: false }) });
    s.onmessage?.({ data: JSON.stringify({ type: 'unread_count', unread_count: 3 }) });
    s.onmessage?.({ data: 'not json' });
    s.onmessage?.({ data: JSON.stringify({ type: 'pong' }) });
    expect(h.messages).toEqual([
      { kind: 'notification', notification: { id: 4, title: 'Task Updated', message: 'm', type: 'info', read: false } },
      { kind: 'unread_count', count: 3 },
    ]);
    expect(h.statuses).toEqual(['connecting', 'open']);
  });

  it('reconnects with growing delays, and resets them once the server has spoken', async () => {
    const h = harness();
    h.socket.start();
    await h.flush();
    for (let i = 0; i < 3; i++) {
      h.sockets[i].onclose?.({});
      h.timers[i].fn();
      await h.flush();
    }
    expect(h.timers.map((t) => t.ms)).toEqual([500, 1000, 2000]);
    // Opened and closed at once, as the server does past the per-user cap: still backing off.
    h.sockets[3].onopen?.({});
    h.sockets[3].onclose?.({});
    expect(h.timers[3].ms).toBe(4000);
    h.timers[3].fn();
    await h.flush();
    h.sockets[4].onopen?.({});
    h.sockets[4].onmessage?.({ data: JSON.stringify({ type: 'unread_count', unread_count: 0 }) });
    h.sockets[4].onclose?.({});
    expect(h.timers[4].ms).toBe(500);
  });

  it('resumes after the last live message it saw', async () => {
    const h = harness();
    h.socket.start();
    await h.flush();
    h.sockets[0].onmessage?.({ data: JSON.stringify({ type: 'unread_count', unread_count: 0, seq: '1700000000000-0' }) });
    h.sockets[0].onmessage?.({ data: JSON.stringify({ id: 'e', title: 'Task Created' }) });
    h.sockets[0].onmessage?.({ data: JSON.stringify({ type: 'unread_count', unread_count: 1, seq: '1700000000005-2' }) });
    h.sockets[0].onclose?.({});
    h.timers[0].fn();
    await h.flush();
    expect(h.sockets[1].url).toBe('ws://gw/api/notifications/ws/?since=1700000000005-2');
    // A frame without a seq (the first count of a resumed socket) leaves the place as it was.
    h.sockets[1].onmessage?.({ data: JSON.stringify({ type: 'unread_count', unread_count: 1 }) });
    h.sockets[1].onmessage?.({ data: JSON.stringify({ type: 'resync', seq: '1700000000009-0' }) });
    h.sockets[1].onclose?.({});
    h.timers[1].fn();
    await h.flush();
    expect(h.sockets[2].url).toBe('ws://gw/api/notifications/ws/?since=1700000000009-0');
    expect(h.messages).toContainEqual({ kind: 'resync' });
  });

  it('retries later when there is no token yet, and stops cleanly', async () => {
    let token: string | null = null;
    const h = harness(async () => token);
    h.socket.start();
    await h.flush();
    expect(h.sockets).toHaveLength(0);
    expect(h.timers).toHaveLength(1);
    token = 'tok';
    h.timers[0].fn();
    await h.flush();
    expect(h.sockets).toHaveLength(1);
    h.socket.stop();
    expect(h.sockets[0].closed).toBe(true);
    h.sockets[0].onclose?.({});
    expect(h.timers).toHaveLength(1);
  });

  it('backoff is capped at 30 s and jittered within [ceiling/2, ceiling]', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(20, () => 1)).toBe(30000);
  });

  it('uses wss: on https pages', () => {
    expect(notificationsSocketUrl({ protocol: 'https:', host: 'app.example' })).toBe('wss://app.example/api/notifications/ws/');
    expect(notificationsSocketUrl({ protocol: 'http:', host: '127.0.0.1:8000' })).toBe('ws://127.0.0.1:8000/api/notifications/ws/');
  });

  it('parses a wrapped notification frame too', () => {
    expect(parseSocketFrame(JSON.stringify({ type: 'notification', notification: { id: 'n1', title: 'T' } }))).toEqual({
      kind: 'notification',
      notification: { id: 'n1', title: 'T', read: false },
    });
    expect(parseSocketFrame(JSON.stringify({ type: 'unread_count', count: 2 }))).toEqual({ kind: 'unread_count', count: 2 });
  });
});
