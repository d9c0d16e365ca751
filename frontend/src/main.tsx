import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import './index.css';
import { applyTheme, storedTheme } from './lib/theme';
import { createQueryClient } from './state/queryKeys';
import { SessionProvider } from './state/session';
import { ToastProvider } from './state/toasts';

// Before the first render (no inline script: the Content-Security-Policy forbids them).
applyTheme(storedTheme());
window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => applyTheme(storedTheme()));

const queryClient = createQueryClient();

// Navigations are not transitions: a session that ends must reach the login page in the same
// render that signs it out, or the signed-in pages would redirect first.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter useTransitions={false}>
        <ToastProvider>
          <SessionProvider>
            <App />
          </SessionProvider>
        </ToastProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
