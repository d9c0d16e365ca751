import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, buildUrl } from '../src/api/client';
import { MemoryTokenStore, secondsUntilExpiry } from '../src/api/tokens';
import { fakeFetch, json } from './fakeFetch';

/** A JWT-shaped token whose payload has `exp` (the signature is not checked client-side). */
function jwt(expSecondsFromNow: number, id = 'x'): string {
  const payload = btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + expSecondsFromNow, jti: id }))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  return `eyJhbGciOiJFZERTQSJ9.${payload}.sig`;
}

describe('ApiClient requests', () => {
  it('sends JSON with the bearer token and parses the answer', async () => {
    const tokens = new MemoryTokenStore({ access: 'A1', refresh: 'R1' });
    const server = fakeFetch(() => json(201, { id: 7, title: 'x' }));
    const client = new ApiClient({ tokens, fetch: server.fn });
    const task = await client.post<{ id: number }>('/api/tasks/', { title: 'x' });
    expect(task.id).toBe(7);
    expect(server.calls[0]).toMatchObject({ url: '/api/tasks/', method: 'POST', auth: 'Bearer A1', body: { title: 'x' } });
  });

  it('builds query strings without empty values', () => {
    expect(buildUrl('', '/api/tasks/', { status: 'todo', search: '', page: 2, priority: undefined, x: null })).toBe('/api/tasks/?status=todo&page=2');
    expect(buildUrl('http://h', '/p', {})).toBe('http://h/p');
  });

  it('turns an error answer into an ApiError with detail and field errors', async () => {
    const server = fakeFetch(() => json(400, { detail: 'Validation failed.', errors: { title: ['This field may not be blank.'] } }));
    const client = new ApiClient({ tokens: new MemoryTokenStore({ access: 'A', refresh: 'R' }), fetch: server.fn });
    const error = (await client.post('/api/tasks/', { title: '' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.detail).toBe('Validation failed.');
    expect(error.field('title')).toEqual(['This field may not be blank.']);
    expect(error.field('other')).toEqual([]);
  });

  it('keeps a generic message when the error body is not JSON', async () => {
    const server = fakeFetch(() => new Response('<html>bad gateway</html>', { status: 502 }));
    const client = new ApiClient({ tokens: new MemoryTokenStore(), fetch: server.fn });
    await expect(client.get('/api/tasks/')).rejects.toMatchObject({ status: 502, detail: 'Request failed (502).' });
  });

  it('reports a network failure as status 0', async () => {
    const client = new ApiClient({
      tokens: new MemoryTokenStore(),
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    });
    await expect(client.get('/api/tasks/')).rejects.toMatchObject({ status: 0 });
  });

  it('answers 204 with undefined', async () => {
    const server = fakeFetch(() => new Response(null, { status: 204 }));
    const client = new ApiClient({ tokens: new MemoryTokenStore({ access: 'A', refresh: 'R' }), fetch: server.fn });
    await expect(client.delete('/api/tasks/1/')).resolves.toBeUndefined();
  });

  it('never refreshes for an anonymous request (a wrong password is just a 401)', async () => {
    const server = fakeFetch(() => json(401, { detail: 'Invalid credentials.' }));
    const tokens = new MemoryTokenStore({ access: 'A', refresh: 'R' });
    const client = new ApiClient({ tokens, fetch: server.fn });
    await expect(client.request('POST', '/api/auth/login/', { body: { email: 'a@b.c', password: 'x' }, anonymous: true })).rejects.toMatchObject({
      status: 401,
      detail: 'Invalid credentials.',
    });
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].auth).toBeNull();
    expect(tokens.get()).not.toBeNull();
  });
});

describe('token refresh', () => {
  /**
   * A fake auth + tasks pair: only `access` is accepted; `refresh` rotates it (A<n> / R<n> ->
   * A<n+1> / R<n+1>), and a refresh token used twice revokes the session, like the auth service.
   */
  function fakeAuthServer(start = 1, refreshDelayMs = 0) {
    const state = { n: start, revoked: false, refreshes: 0, accessExpired: false };
    const server = fakeFetch(async (url, init) => {
      if (url.endsWith('/api/auth/refresh/')) {
        state.refreshes++;
        const { refresh } = JSON.parse(String(init.body));
        if (refreshDelayMs) await new Promise((resolve) => setTimeout(resolve, refreshDelayMs));
        if (state.revoked || refresh !== `R${state.n}`) {
          state.revoked = true;
          return json(401, { detail: 'Token is invalid or expired.' });
        }
        state.n++;
        state.accessExpired = false;
        return json(200, { access: `A${state.n}`, refresh: `R${state.n}` });
      }
      const auth = new Headers(init.headers).get('Authorization');
      if (state.revoked || state.accessExpired || auth !== `Bearer A${state.n}`) {
        return json(401, { detail: 'Token expired.' });
      }
      return json(200, { auth });
    });
    /** The current access token expires; the current refresh token stays valid. */
    const expireAccess = () => {
      state.accessExpired = true;
    };
    return { server, state, expireAccess };
  }

  it('refreshes on a 401, keeps the rotated refresh token and retries once', async () => {
    const { server } = fakeAuthServer(2);
    // The stored access token A1 is expired; R2 is the refresh token the server expects.
    const tokens = new MemoryTokenStore({ access: 'A1', refresh: 'R2' });
    const client = new ApiClient({ tokens, fetch: server.fn });
    const result = await client.get<{ auth: string }>('/api/tasks/');
    expect(result.auth).toBe('Bearer A3');
    expect(server.calls.map((c) => c.url)).toEqual(['/api/tasks/', '/api/auth/refresh/', '/api/tasks/']);
    expect(server.calls[1].body).toEqual({ refresh: 'R2' });
    expect(server.calls[1].auth).toBeNull();
    expect(tokens.get()).toEqual({ access: 'A3', refresh: 'R3' });
  });

  it('shares one refresh among concurrent 401s (a second would revoke the session)', async () => {
    const { server, state } = fakeAuthServer(2, 20);
    const tokens = new MemoryTokenStore({ access: 'A1', refresh: 'R2' });
    const client = new ApiClient({ tokens, fetch: server.fn });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => client.get<{ auth: string }>(`/api/tasks/${i + 1}/`)));
    expect(results.map((r) => r.auth)).toEqual(Array(5).fill('Bearer A3'));
    expect(state.refreshes).toBe(1);
    expect(state.revoked).toBe(false);
    expect(tokens.get()).toEqual({ access: 'A3', refresh: 'R3' });
  });

  it('does not refresh again for a 401 that answers an already replaced token', async () => {
    const { server, state } = fakeAuthServer(2);
    const tokens = new MemoryTokenStore({ access: 'A1', refresh: 'R2' });
    const client = new ApiClient({ tokens, fetch: server.fn });
    await client.get('/api/tasks/1/');
    // A request sent with A1 before the refresh, answered after it: the new token is reused.
    await expect(client.refreshAccess('A1')).resolves.toBe('A3');
    expect(state.refreshes).toBe(1);
  });

  it('sends a later refresh with the rotated token, not the first one', async () => {
    const { server, state, expireAccess } = fakeAuthServer(2);
    const tokens = new MemoryTokenStore({ access: 'A1', refresh: 'R2' });
    const client = new ApiClient({ tokens, fetch: server.fn });
    await client.get('/api/tasks/');
    expireAccess();
    await client.get('/api/tasks/');
    const refreshBodies = server.calls.filter((c) => c.url.endsWith('/refresh/')).map((c) => c.body);
    expect(refreshBodies).toEqual([{ refresh: 'R2' }, { refresh: 'R3' }]);
    expect(state.revoked).toBe(false);
    expect(tokens.get()).toEqual({ access: 'A4', refresh: 'R4' });
  });

  it('ends the session when the refresh token is refused', async () => {
    const { server } = fakeAuthServer(5);
    const tokens = new MemoryTokenStore({ access: 'A1', refresh: 'R1' });
    const expired = vi.fn();
    const client = new ApiClient({ tokens, fetch: server.fn, onSessionExpired: expired });
    await expect(client.get('/api/tasks/')).rejects.toMatchObject({ status: 401 });
    expect(tokens.get()).toBeNull();
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('ends the session once when several requests fail together', async () => {
    const { server } = fakeAuthServer(5, 10);
    const tokens = new MemoryTokenStore({ access: 'A1', refresh: 'R1' });
    const expired = vi.fn();
    const client = new ApiClient({ tokens, fetch: server.fn, onSessionExpired: expired });
    const outcomes = await Promise.allSettled([client.get('/a/'), client.get('/b/'), client.get('/c/')]);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(server.calls.filter((c) => c.url.endsWith('/refresh/'))).toHaveLength(1);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('keeps the session when the refresh cannot reach the server', async () => {
    const tokens = new MemoryTokenStore({ access: 'A1', refresh: 'R1' });
    const fetchImpl = (async (url: RequestInfo | URL) => {
      if (String(url).endsWith('/refresh/')) throw new TypeError('Failed to fetch');
      return json(401, { detail: 'expired' });
    }) as typeof fetch;
    const client = new ApiClient({ tokens, fetch: fetchImpl });
    await expect(client.get('/api/tasks/')).rejects.toMatchObject({ status: 0 });
    expect(tokens.get()).toEqual({ access: 'A1', refresh: 'R1' });
  });

  it('runs the refresh under the cross-tab lock and rereads the tokens inside it', async () => {
    const { server, state } = fakeAuthServer(2);
    const tokens = new MemoryTokenStore({ access: 'A1', refresh: 'R2' });
    // Another tab rotates while this one waits for the lock.
    let locked = 0;
    const lock = async <T>(_name: string, task: () => Promise<T>): Promise<T> => {
      locked++;
      state.n = 3;
      tokens.set({ access: 'A3', refresh: 'R3' });
      return task();
    };
    const client = new ApiClient({ tokens, fetch: server.fn, lock });
    const result = await client.get<{ auth: string }>('/api/tasks/');
    expect(locked).toBe(1);
    expect(result.auth).toBe('Bearer A3');
    expect(state.refreshes).toBe(0);
  });

  it('freshAccessToken refreshes a token about to expire and keeps a valid one', async () => {
    const soon = jwt(3, 'soon');
    const later = jwt(600, 'later');
    const server = fakeFetch(() => json(200, { access: later, refresh: 'R2' }));
    const tokens = new MemoryTokenStore({ access: soon, refresh: 'R1' });
    const client = new ApiClient({ tokens, fetch: server.fn });
    await expect(client.freshAccessToken()).resolves.toBe(later);
    await expect(client.freshAccessToken()).resolves.toBe(later);
    expect(server.calls).toHaveLength(1);
    expect(secondsUntilExpiry(later)).toBeGreaterThan(590);
    expect(secondsUntilExpiry('not-a-jwt')).toBeNull();
  });
});
