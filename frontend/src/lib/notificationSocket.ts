import type { Notification, TaskChange } from '../api/types';

export type SocketStatus = 'connecting' | 'open' | 'closed';

export type SocketMessage = { kind: 'notification'; notification: Notification } | { kind: 'unread_count'; count: number } | { kind: 'task_changed'; change: TaskChange } | { kind: 'resync' };

const TASK_CHANGE_ACTIONS: readonly string[] = ['created', 'updated', 'moved', 'deleted'];

/**
 * One frame of the notifications WebSocket, parsed once: what it says (null for anything else)
 * and the "seq" it carries, the live message it ends, to resume after on a reconnect.
 */
export function readSocketFrame(data: unknown): { message: SocketMessage | null; seq: string | null } {
  if (typeof data !== 'string') return { message: null, seq: null };
  let frame: Record<string, unknown>;
  try {
    frame = JSON.parse(data);
  } catch {
    return { message: null, seq: null };
  }
  if (!frame || typeof frame !== 'object') return { message: null, seq: null };
  return { message: socketMessage(frame), seq: typeof frame.seq === 'string' ? frame.seq : null };
}

/** One frame of the notifications WebSocket, or null for anything else. */
export function parseSocketFrame(data: unknown): SocketMessage | null {
  return readSocketFrame(data).message;
}

function socketMessage(frame: Record<string, unknown>): SocketMessage | null {
  if (frame.type === 'resync') return { kind: 'resync' };
  if (frame.type === 'unread_count') {
    const count = frame.unread_count ?? frame.count;
    return typeof count === 'number' ? { kind: 'unread_count', count } : null;
  }
  if (frame.type === 'task_changed') {
    const task = frame.task as { id?: unknown } | null;
    if (typeof frame.project_id !== 'number' || !TASK_CHANGE_ACTIONS.includes(frame.action as string) || typeof task?.id !== 'number') return null;
    const actorId = typeof frame.actor_id === 'number' ? frame.actor_id : null;
    return { kind: 'task_changed', change: { project_id: frame.project_id, action: frame.action, task, actor_id: actorId } as TaskChange };
  }
  // A notification may come bare or wrapped ({type: "notification", notification: {...}}).
  const candidate = (frame.type === 'notification' && frame.notification ? frame.notification : frame) as Record<string, unknown>;
  if (candidate.id !== undefined && typeof candidate.title === 'string') {
    return { kind: 'notification', notification: { read: false, ...candidate } as unknown as Notification };
  }
  return null;
}

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped, with jitter. */
export function backoffDelay(attempt: number, random = Math.random, baseMs = 500, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface WebSocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface NotificationSocketOptions {
  /** ws(s)://host/api/notifications/ws/ */
  url: string;
  /** A valid access token (refreshed if need be), or null when signed out. */
  getToken: () => Promise<string | null>;
  onMessage: (message: SocketMessage) => void;
  onStatus?: (status: SocketStatus) => void;
  createSocket?: (url: string, protocols: string[]) => WebSocketLike;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * The live notifications connection: the token goes in `Sec-WebSocket-Protocol: bearer, <token>`
 * (never in the URL, which ends up in access logs); a dropped connection is retried with capped
 * exponential backoff, reset once a connection opens. A reconnect resumes after the last live
 * message seen (`?since=<seq>`): the service replays what was pushed meanwhile, or sends a
 * `resync` frame when it no longer has all of it.
 */
export class NotificationSocket {
  private socket: WebSocketLike | null = null;
  private attempt = 0;
  private timer: unknown = null;
  private stopped = true;
  private lastSeq: string | null = null;
  private readonly options: Required<Omit<NotificationSocketOptions, 'onStatus'>> & Pick<NotificationSocketOptions, 'onStatus'>;

  constructor(options: NotificationSocketOptions) {
    this.options = {
      createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike,
      random: Math.random,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.timer !== null) this.options.clearTimer(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'signed out');
    }
    this.options.onStatus?.('closed');
  }

  /** Reconnect now (e.g. after the token changed). */
  restart() {
    this.stop();
    this.attempt = 0;
    this.start();
  }

  private async connect() {
    this.options.onStatus?.('connecting');
    let token: string | null = null;
    try {
      token = await this.options.getToken();
    } catch {
      // Offline or the auth service is down: retry later like a failed connection.
    }
    if (this.stopped) return;
    if (!token) {
      this.scheduleReconnect();
      return;
    }
    const url = this.lastSeq === null ? this.options.url : `${this.options.url}?since=${encodeURIComponent(this.lastSeq)}`;
    const socket = this.options.createSocket(url, ['bearer', token]);
    this.socket = socket;
    socket.onopen = () => {
      this.options.onStatus?.('open');
    };
    socket.onmessage = (event) => {
      // Connected once the server speaks (its first frame is the unread count): a socket it
      // opens and closes at once (too many sockets for this user) keeps backing off.
      this.attempt = 0;
      const { message, seq } = readSocketFrame(event.data);
      if (message) this.options.onMessage(message);
      if (seq !== null) this.lastSeq = seq;
    };
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.options.onStatus?.('closed');
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect() {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++, this.options.random);
    this.timer = this.options.setTimer(() => {
      this.timer = null;
      if (!this.stopped) void this.connect();
    }, delay);
  }
}

export function notificationsSocketUrl(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/notifications/ws/`;
}
