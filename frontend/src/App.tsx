import { useEffect } from 'react';
import { Layout } from './components/Layout';
import { Toasts } from './components/Toasts';
import { EmptyState } from './components/ui';
import { Link, matchPath, navigate, useLocation } from './lib/router';
import { DashboardPage } from './pages/Dashboard';
import { LoginPage } from './pages/Login';
import { ProfilePage } from './pages/Profile';
import { SignupPage } from './pages/Signup';
import { TaskDetailPage } from './pages/TaskDetail';
import { useApp } from './state/app';

const TITLES: Array<[string, string]> = [
  ['/login', 'Sign in'],
  ['/signup', 'Sign up'],
  ['/profile', 'Profile'],
  ['/tasks/:id', 'Task'],
  ['/', 'Dashboard'],
];

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Pages() {
  const { signedIn } = useApp();
  const { pathname, search } = useLocation();

  useEffect(() => {
    const title = TITLES.find(([pattern]) => matchPath(pattern, pathname))?.[1] ?? 'Not found';
    document.title = `${title} · TaskFlow`;
  }, [pathname]);

  if (pathname === '/login' || pathname === '/signup') {
    if (signedIn) return <Redirect to="/" />;
    return pathname === '/login' ? <LoginPage /> : <SignupPage />;
  }
  if (!signedIn) {
    const next = pathname + search;
    return <Redirect to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} />;
  }
  let page;
  const taskMatch = matchPath('/tasks/:id', pathname);
  if (pathname === '/') page = <DashboardPage />;
  else if (pathname === '/profile') page = <ProfilePage />;
  else if (taskMatch && /^[1-9]\d*$/.test(taskMatch.id)) page = <TaskDetailPage key={taskMatch.id} id={Number(taskMatch.id)} />;
  else
    page = (
      <EmptyState title="Page not found.">
        <Link href="/" className="text-indigo-700 underline dark:text-indigo-300">
          Go to the dashboard
        </Link>
      </EmptyState>
    );
  return <Layout>{page}</Layout>;
}

export function App() {
  return (
    <>
      <Pages />
      <Toasts />
    </>
  );
}
