import type { Tokens } from './types';

// Where the session's tokens live. The browser app keeps them in localStorage so that a reload
// (or a second tab) stays signed in; tests use the in-memory store.
export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens): void;
  clear(): void;
  /** Called after every change, including one made by another tab. Returns an unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export class MemoryTokenStore implements TokenStore {
  private tokens: Tokens | null;
  private listeners = new Set<() => void>();

  constructor(initial: Tokens | null = null) {
    this.tokens = initial;
  }
  get() {
    return this.tokens;
  }
  set(tokens: Tokens) {
    this.tokens = { ...tokens };
    this.emit();
  }
  clear() {
    this.tokens = null;
    this.emit();
  }
  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  protected emit() {
    for (const listener of this.listeners) listener();
  }
}

const STORAGE_KEY = 'taskflow.tokens';

function parseTokens(raw: string | null): Tokens | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Tokens>;
    if (typeof value.access === 'string' && typeof value.refresh === 'string') {
      return { access: value.access, refresh: value.refresh };
    }
  } catch {
    // A corrupt entry is the same as none: the user signs in again.
  }
  return null;
}

export class LocalStorageTokenStore extends MemoryTokenStore {
  constructor(private storage: Storage = window.localStorage) {
    super(parseTokens(storage.getItem(STORAGE_KEY)));
    window.addEventListener('storage', (event) => {
      if (event.key !== STORAGE_KEY && event.key !== null) return;
      const tokens = parseTokens(this.storage.getItem(STORAGE_KEY));
      if (tokens) super.set(tokens);
      else super.clear();
    });
  }
  override get() {
    // Re-read: another tab may have rotated the refresh token a moment ago.
    return parseTokens(this.storage.getItem(STORAGE_KEY));
  }
  override set(tokens: Tokens) {
    this.storage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    super.set(tokens);
  }
  override clear() {
    this.storage.removeItem(STORAGE_KEY);
    super.clear();
  }
}

/** Seconds until the JWT's `exp`, or null when the token cannot be read. */
export function secondsUntilExpiry(jwt: string, nowMs = Date.now()): number | null {
  const payload = jwt.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=')));
    return typeof json.exp === 'number' ? json.exp - nowMs / 1000 : null;
  } catch {
    return null;
  }
}
