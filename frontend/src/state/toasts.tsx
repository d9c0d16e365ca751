import type { ReactNode } from 'react';
import { createContext, useContext, useMemo, useState } from 'react';
import { errorMessage } from '../lib/formErrors';

export type ToastKind = 'info' | 'success' | 'warning' | 'error';
export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message?: string;
}

interface ToastActions {
  toast: (kind: ToastKind, title: string, message?: string) => void;
  dismiss: (id: number) => void;
}

// Two contexts: the actions never change, so the many components that show toasts do not
// re-render when one appears or goes; only the list (<Toasts />) does.
const ToastListContext = createContext<Toast[]>([]);
const ToastActionsContext = createContext<ToastActions | null>(null);

const MAX_SHOWN = 4;
const lifetimeMs = (kind: ToastKind) => (kind === 'error' ? 8000 : 5000);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const actions = useMemo<ToastActions>(() => {
    let nextId = 1;
    const dismiss = (id: number) => setToasts((list) => list.filter((t) => t.id !== id));
    return {
      dismiss,
      toast: (kind, title, message) => {
        const id = nextId++;
        setToasts((list) => [...list.slice(-(MAX_SHOWN - 1)), { id, kind, title, message }]);
        window.setTimeout(() => dismiss(id), lifetimeMs(kind));
      },
    };
  }, []);
  return (
    <ToastActionsContext.Provider value={actions}>
      <ToastListContext.Provider value={toasts}>{children}</ToastListContext.Provider>
    </ToastActionsContext.Provider>
  );
}

function useToastActions(): ToastActions {
  const actions = useContext(ToastActionsContext);
  if (!actions) throw new Error('toasts used outside ToastProvider');
  return actions;
}

/** Shows a toast (a stable function: using it never re-renders the caller). */
export function useToast(): ToastActions['toast'] {
  return useToastActions().toast;
}

/** The toasts shown now, and how to dismiss one (for the list itself). */
export function useToasts(): { toasts: Toast[]; dismiss: (id: number) => void } {
  return { toasts: useContext(ToastListContext), dismiss: useToastActions().dismiss };
}

/**
 * Runs actions whose failure is told in an error toast titled `failureTitle`, and says which
 * one runs (its key; null when none) for a busy button.
 */
export function useToastedAction<Key = true>() {
  const toast = useToast();
  const [running, setRunning] = useState<Key | null>(null);
  const run = async (key: Key, failureTitle: string, action: () => Promise<void>) => {
    setRunning(key);
    try {
      await action();
    } catch (error) {
      toast('error', failureTitle, errorMessage(error));
    } finally {
      setRunning(null);
    }
  };
  return { running, run };
}
