import type { ReactNode } from 'react';
import { NavLink as RouterNavLink } from 'react-router';
import { cx } from './ui';

/** A link of a menu, marked (aria-current="page") while its page is shown; `end`: only its exact path. */
export function NavLink({ to, end, className, children, 'aria-label': ariaLabel }: { to: string; end?: boolean; className?: string; children: ReactNode; 'aria-label'?: string }) {
  return (
    <RouterNavLink
      to={to}
      end={end}
      aria-label={ariaLabel}
      className={({ isActive }) =>
        cx(
          'rounded-md px-2 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-500',
          isActive ? 'bg-slate-200 dark:bg-slate-800' : 'hover:bg-slate-200 dark:hover:bg-slate-800',
          className,
        )
      }
    >
      {children}
    </RouterNavLink>
  );
}
