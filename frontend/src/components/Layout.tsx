import type { ReactNode } from 'react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Theme } from '../lib/theme';
import { saveTheme, storedTheme } from '../lib/theme';
import { useSession, useUser } from '../state/session';
import { NavLink } from './NavLink';
import { NotificationBell } from './NotificationBell';
import { ProjectSidebar } from './ProjectSidebar';
import { Button } from './ui';

const THEME_NEXT: Record<Theme, Theme> = { system: 'dark', dark: 'light', light: 'system' };
const THEME_LABEL: Record<Theme, string> = { system: 'Theme: system', dark: 'Theme: dark', light: 'Theme: light' };
const THEME_ICON: Record<Theme, string> = { system: '◐', dark: '☾', light: '☀' };

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  return (
    <button
      type="button"
      aria-label={`${THEME_LABEL[theme]} (change)`}
      title={THEME_LABEL[theme]}
      onClick={() => {
        const next = THEME_NEXT[theme];
        saveTheme(next);
        setTheme(next);
      }}
      className="rounded-md p-2 text-lg leading-none text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      <span aria-hidden="true">{THEME_ICON[theme]}</span>
    </button>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { logout } = useSession();
  const { data: user } = useUser();
  const [leaving, setLeaving] = useState(false);
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 dark:focus:bg-slate-900">
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-950/90">
        <div className="mx-auto flex max-w-7xl items-center gap-2 px-3 py-2 sm:px-6">
          <Link to="/" className="mr-2 flex items-center gap-2 font-bold text-indigo-700 dark:text-indigo-300">
            <img src="/favicon.svg" alt="" className="size-7" />
            <span className="hidden sm:inline">TaskFlow</span>
          </Link>
          <nav aria-label="Main" className="flex items-center gap-1">
            <NavLink to="/" end>
              Dashboard
            </NavLink>
            <NavLink to="/profile">Profile</NavLink>
          </nav>
          <div className="ml-auto flex items-center gap-1">
            {user && <span className="hidden text-sm text-slate-600 md:inline dark:text-slate-400">{user.username}</span>}
            <NotificationBell />
            <ThemeToggle />
            <Button
              variant="ghost"
              busy={leaving}
              onClick={async () => {
                setLeaving(true);
                await logout();
              }}
            >
              Log out
            </Button>
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-3 py-6 sm:px-6 lg:flex-row">
        <ProjectSidebar />
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}

/** The frame of the signed-out pages (login, sign up). */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-10">
      {/* A banner landmark: everything on the page is in a landmark (axe's "region" rule). */}
      <header className="mb-6">
        <div className="absolute right-3 top-3">
          <ThemeToggle />
        </div>
        <p className="flex items-center gap-2 text-2xl font-bold text-indigo-700 dark:text-indigo-300">
          <img src="/favicon.svg" alt="" className="size-9" />
          TaskFlow
        </p>
      </header>
      <main className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="mb-5 text-xl font-semibold">{title}</h1>
        {children}
      </main>
    </div>
  );
}
