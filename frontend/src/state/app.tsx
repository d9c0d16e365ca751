import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { ApiClient } from '../api/client';
import { authApi, notificationsApi, tasksApi } from '../api/endpoints';
import { LocalStorageTokenStore } from '../api/tokens';
import type { AuthResponse, User } from '../api/types';
import { loginPathAfterExpiry } from '../lib/paths';
import { navigate } from '../lib/router';

export type ToastKind = 'info' | 'success' | 'warning' | 'error';
export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message?: string;
}

interface AppState {
  client: ApiClient;
  auth: ReturnType<typeof authApi>;
  tasks: ReturnType<typeof tasksApi>;
  notifications: ReturnType<typeof notificationsApi>;
  user: User | null;
  signedIn: boolean;
  startSession: (response: AuthResponse) => void;
  setUser: (user: User) => void;
  logout: () => Promise<void>;
  toasts: Toast[];
  toast: (kind: ToastKind, title: string, message?: string) => void;
  dismissToast: (id: number) => void;
}

const AppContext = createContext<AppState | null>(null);

const lockAcrossTabs = <T,>(name: string, task: () => Promise<T>): Promise<T> =>
  navigator.locks ? (navigator.locks.request(name, task) as Promise<T>) : task();

export function AppProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextToast = useRef(1);
  const toast = useCallback((kind: ToastKind, title: string, message?: string) => {
    const id = nextToast.current++;
    setToasts((list) => [...list.slice(-3), { id, kind, title, message }]);
    window.setTimeout(() => setToasts((list) => list.filter((t) => t.id !== id)), kind === 'error' ? 8000 : 5000);
  }, []);
  const dismissToast = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);

  const expiredRef = useRef<() => void>(() => {});
  const client = useMemo(
    () =>
      new ApiClient({
        tokens: new LocalStorageTokenStore(),
        lock: lockAcrossTabs,
        onSessionExpired: () => expiredRef.current(),
      }),
    [],
  );
  const apis = useMemo(
    () => ({ auth: authApi(client), tasks: tasksApi(client), notifications: notificationsApi(client) }),
    [client],
  );

  const [signedIn, setSignedIn] = useState(() => client.tokens.get() !== null);
  const [user, setUser] = useState<User | null>(null);

  expiredRef.current = () => {
    setSignedIn(false);
    setUser(null);
    navigate(loginPathAfterExpiry(window.location.pathname + window.location.search), { replace: true });
  };

  // Another tab signing in or out.
  useEffect(
    () =>
      client.tokens.subscribe(() => {
        const has = client.tokens.get() !== null;
        setSignedIn(has);
        if (!has) setUser(null);
      }),
    [client],
  );

  // The profile loads beside the page's own requests (a refused session sends both to login).
  useEffect(() => {
    if (!signedIn || user) return;
    let cancelled = false;
    apis.auth
      .profile()
      .then((profile) => !cancelled && setUser(profile))
      .catch(() => {
        // A 401 already sent us to the login page; another error only leaves the name unknown.
      });
    return () => {
      cancelled = true;
    };
  }, [signedIn, user, apis]);

  const startSession = useCallback(
    (response: AuthResponse) => {
      client.tokens.set(response.tokens);
      setUser(response.user);
      setSignedIn(true);
    },
    [client],
  );

  const logout = useCallback(async () => {
    const tokens = client.tokens.get();
    try {
      if (tokens) await apis.auth.logout(tokens.refresh);
    } catch {
      // Signed out locally all the same; the tokens expire on their own.
    }
    client.tokens.clear();
    setUser(null);
    setSignedIn(false);
    navigate('/login', { replace: true });
  }, [client, apis]);

  const value: AppState = {
    client,
    ...apis,
    user,
    signedIn,
    startSession,
    setUser,
    logout,
    toasts,
    toast,
    dismissToast,
  };
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside AppProvider');
  return state;
}

/** A message for an error of any kind. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
