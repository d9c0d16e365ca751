import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiClient } from '../api/client';
import type { ProfileInput } from '../api/endpoints';
import { authApi, notificationsApi, projectsApi, tasksApi } from '../api/endpoints';
import { LocalStorageTokenStore } from '../api/tokens';
import type { AuthResponse, User } from '../api/types';
import { loginPathAfterExpiry } from '../lib/paths';
import { queryKeys } from './queryKeys';

interface Session {
  client: ApiClient;
  auth: ReturnType<typeof authApi>;
  tasks: ReturnType<typeof tasksApi>;
  projects: ReturnType<typeof projectsApi>;
  notifications: ReturnType<typeof notificationsApi>;
  signedIn: boolean;
  startSession: (response: AuthResponse) => void;
  logout: () => Promise<void>;
}

// The session changes only on sign-in and sign-out: fast-changing state (toasts, data) lives
// elsewhere, so this context does not re-render its many consumers.
const SessionContext = createContext<Session | null>(null);

const lockAcrossTabs = <T,>(name: string, task: () => Promise<T>): Promise<T> => (navigator.locks ? (navigator.locks.request(name, task) as Promise<T>) : task());

export function SessionProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Through a ref: `navigate` changes with the location, the client and the session do not.
  const navigateRef = useRef(navigate);
  useEffect(() => {
    navigateRef.current = navigate;
  }, [navigate]);
  // The ref is read when a refresh is refused, never during render.
  // eslint-disable-next-line react-hooks/refs
  const [apis] = useState(() => {
    const client = new ApiClient({
      tokens: new LocalStorageTokenStore(),
      lock: lockAcrossTabs,
      onSessionExpired: () => navigateRef.current(loginPathAfterExpiry(window.location.pathname + window.location.search), { replace: true }),
    });
    return { client, auth: authApi(client), tasks: tasksApi(client), projects: projectsApi(client), notifications: notificationsApi(client) };
  });
  const { client, auth } = apis;
  const [signedIn, setSignedIn] = useState(() => client.tokens.get() !== null);

  // Signing in or out, here or in another tab. A new session never sees the last one's data.
  useEffect(
    () =>
      client.tokens.subscribe(() => {
        const has = client.tokens.get() !== null;
        setSignedIn(has);
        if (!has) queryClient.clear();
      }),
    [client, queryClient],
  );

  const session = useMemo<Session>(
    () => ({
      ...apis,
      signedIn,
      startSession: (response) => {
        queryClient.setQueryData<User>(queryKeys.profile, response.user);
        client.tokens.set(response.tokens);
      },
      logout: async () => {
        const tokens = client.tokens.get();
        try {
          if (tokens) await auth.logout(tokens.refresh);
        } catch {
          // Signed out locally all the same; the tokens expire on their own.
        }
        client.tokens.clear();
        navigateRef.current('/login', { replace: true });
      },
    }),
    [apis, client, auth, queryClient, signedIn],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user, fetched once per session (sign-in already knows it). */
export function useUser() {
  const { auth, signedIn } = useSession();
  return useQuery({ queryKey: queryKeys.profile, queryFn: () => auth.profile(), enabled: signedIn, staleTime: Infinity });
}

/** Saves the user's details; the cached user follows. */
export function useSaveProfile() {
  const { auth } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProfileInput) => auth.updateProfile(input),
    onSuccess: (user) => queryClient.setQueryData<User>(queryKeys.profile, user),
  });
}
