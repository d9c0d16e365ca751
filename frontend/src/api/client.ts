import type { TokenStore } from './tokens';
import { secondsUntilExpiry } from './tokens';
import type { FieldErrors, Tokens } from './types';

/** An error answer of the API (status >= 400), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldErrors = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
  /** The messages for one field ("non_field_errors" for the form as a whole). */
  field(name: string): string[] {
    return this.errors[name] ?? [];
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Sends no Authorization header and never refreshes (login, register, refresh). */
  anonymous?: boolean;
  signal?: AbortSignal;
  /** Return the Response itself (downloads) instead of parsed JSON. */
  raw?: boolean;
}

export interface ClientOptions {
  tokens: TokenStore;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The refresh token was refused: the session is over. */
  onSessionExpired?: () => void;
  /** Serialises refreshes across tabs (navigator.locks in the browser). */
  lock?: <T>(name: string, task: () => Promise<T>) => Promise<T>;
}

const REFRESH_PATH = '/api/auth/refresh/';

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${baseUrl}${path}${qs ? `?${qs}` : ''}`;
}

/** Reads an error answer into an ApiError, whatever its body. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let detail = `Request failed (${response.status}).`;
  let errors: FieldErrors = {};
  try {
    const body = (await response.json()) as { detail?: unknown; errors?: unknown };
    if (typeof body.detail === 'string') detail = body.detail;
    if (body.errors && typeof body.errors === 'object') errors = body.errors as FieldErrors;
  } catch {
    // Not JSON (a proxy's HTML page): keep the generic message.
  }
  return new ApiError(response.status, detail, errors);
}

/**
 * The API client: JSON in and out, the access token on every request, and on a 401 one refresh
 * (rotating: the new refresh token replaces the old) and one retry. Concurrent 401s share a
 * single refresh, because a refresh token is single-use: a second refresh with the same token
 * would look like theft to the auth service and revoke the whole session.
 */
export class ApiClient {
  readonly tokens: TokenStore;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly onSessionExpired: () => void;
  private readonly lock: <T>(name: string, task: () => Promise<T>) => Promise<T>;
  private refreshInFlight: Promise<string | null> | null = null;

  constructor(options: ClientOptions) {
    this.tokens = options.tokens;
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.onSessionExpired = options.onSessionExpired ?? (() => {});
    this.lock = options.lock ?? ((_name, task) => task());
  }

  url(path: string, query?: Query): string {
    return buildUrl(this.baseUrl, path, query);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    if (options.raw) return response as T;
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal) {
    return this.request<T>('GET', path, { query, signal });
  }
  post<T>(path: string, body?: unknown) {
    return this.request<T>('POST', path, { body });
  }
  patch<T>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, { body });
  }
  delete<T = void>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /** The access token, refreshed first if it expires within `marginSeconds` (for WebSockets). */
  async freshAccessToken(marginSeconds = 5): Promise<string | null> {
    const access = this.tokens.get()?.access ?? null;
    if (!access) return null;
    const left = secondsUntilExpiry(access);
    if (left !== null && left > marginSeconds) return access;
    return this.refreshAccess(access);
  }

  /**
   * Gets a new access token after `rejectedAccess` was refused. If the tokens changed since
   * (another request or tab already refreshed), the current access token is the answer; if a
   * refresh is running, its result is. Null: the session is over (tokens cleared).
   */
  refreshAccess(rejectedAccess: string | null): Promise<string | null> {
    const current = this.tokens.get();
    if (!current) return Promise.resolve(null);
    if (current.access !== rejectedAccess) return Promise.resolve(current.access);
    if (!this.refreshInFlight) {
      this.refreshInFlight = this.lock('taskflow-token-refresh', () => this.rotate(rejectedAccess)).finally(() => {
        this.refreshInFlight = null;
      });
    }
    return this.refreshInFlight;
  }

  private async rotate(rejectedAccess: string | null): Promise<string | null> {
    // Under the cross-tab lock: another tab may have rotated while we waited for it.
    const current = this.tokens.get();
    if (!current) return null;
    if (current.access !== rejectedAccess) return current.access;
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(REFRESH_PATH), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refresh: current.refresh }),
      });
    } catch {
      // Offline: keep the session; the caller sees a network error.
      throw new ApiError(0, 'Cannot reach the server. Check your connection.');
    }
    if (response.ok) {
      const tokens = (await response.json()) as Tokens;
      this.tokens.set({ access: tokens.access, refresh: tokens.refresh });
      return tokens.access;
    }
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      this.expireSession();
      return null;
    }
    throw await errorFromResponse(response);
  }

  expireSession() {
    this.tokens.clear();
    this.onSessionExpired();
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const access = options.anonymous ? null : (this.tokens.get()?.access ?? null);
    let response = await this.attempt(method, path, options, access);
    if (response.status === 401 && !options.anonymous) {
      const renewed = await this.refreshAccess(access);
      if (renewed === null) throw new ApiError(401, 'Your session has expired. Please sign in again.');
      response = await this.attempt(method, path, options, renewed);
      if (response.status === 401) {
        this.expireSession();
        throw new ApiError(401, 'Your session has expired. Please sign in again.');
      }
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  private async attempt(method: string, path: string, options: RequestOptions, access: string | null) {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (access) headers.Authorization = `Bearer ${access}`;
    try {
      return await this.fetchImpl(this.url(path, options.query), {
        method,
        headers,
        body,
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'Cannot reach the server. Check your connection.');
    }
  }
}
