import type { ReactNode } from 'react';
import { Fragment, useEffect } from 'react';
import { Link, Navigate, Outlet, Route, Routes, matchPath, useLocation, useNavigationType, useParams } from 'react-router';
import { Layout } from './components/Layout';
import { Toasts } from './components/Toasts';
import { EmptyState } from './components/ui';
import { loginPathFor } from './lib/paths';
import { ProjectBoardPage } from './pages/Board';
import { DashboardPage, ProjectDashboardPage } from './pages/Dashboard';
import { LoginPage } from './pages/Login';
import { ProfilePage } from './pages/Profile';
import { ProjectSettingsPage } from './pages/ProjectSettings';
import { SignupPage } from './pages/Signup';
import { TaskDetailPage } from './pages/TaskDetail';
import { useSession } from './state/session';

const TITLES: Array<[string, string]> = [
  ['/login', 'Sign in'],
  ['/signup', 'Sign up'],
  ['/profile', 'Profile'],
  ['/tasks/:id', 'Task'],
  ['/projects/:id/settings', 'Project settings'],
  ['/projects/:id/board', 'Board'],
  ['/projects/:id', 'Project'],
  ['/', 'Dashboard'],
];

/** The document's title follows the page; a new page (not Back/Forward) starts at the top. */
function PageChanges() {
  const location = useLocation();
  const navigationType = useNavigationType();
  useEffect(() => {
    const title = TITLES.find(([pattern]) => matchPath(pattern, location.pathname))?.[1] ?? 'Not found';
    document.title = `${title} · TaskFlow`;
  }, [location.pathname]);
  useEffect(() => {
    if (navigationType !== 'POP') window.scrollTo(0, 0);
  }, [location, navigationType]);
  return null;
}

/** Sign-in and sign-up: a signed-in user goes to the dashboard instead. */
function SignedOutPages() {
  const { signedIn } = useSession();
  return signedIn ? <Navigate to="/" replace /> : <Outlet />;
}

/** Everything else: a signed-out visitor goes to the login page, which comes back here. */
function SignedInPages() {
  const { signedIn } = useSession();
  const { pathname, search } = useLocation();
  if (!signedIn) return <Navigate to={loginPathFor(pathname + search)} replace />;
  return (
    <Layout>
      <Outlet />
    </Layout>
  );
}

function NotFound() {
  return (
    <EmptyState title="Page not found.">
      <Link to="/" className="text-indigo-700 underline dark:text-indigo-300">
        Go to the dashboard
      </Link>
    </EmptyState>
  );
}

/** A page about one task or project: `:id` as the API takes it, and a new page (key) per id, so nothing of one's page state carries over to the next. */
function IdRoute({ page }: { page: (id: number) => ReactNode }) {
  const { id = '' } = useParams();
  return /^[1-9]\d*$/.test(id) ? <Fragment key={id}>{page(Number(id))}</Fragment> : <NotFound />;
}

export function App() {
  return (
    <>
      <PageChanges />
      <Routes>
        <Route element={<SignedOutPages />}>
          <Route path="login" element={<LoginPage />} />
          <Route path="signup" element={<SignupPage />} />
        </Route>
        <Route element={<SignedInPages />}>
          <Route index element={<DashboardPage />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="tasks/:id" element={<IdRoute page={(id) => <TaskDetailPage id={id} />} />} />
          <Route path="projects/:id" element={<IdRoute page={(id) => <ProjectDashboardPage id={id} />} />} />
          <Route path="projects/:id/board" element={<IdRoute page={(id) => <ProjectBoardPage id={id} />} />} />
          <Route path="projects/:id/settings" element={<IdRoute page={(id) => <ProjectSettingsPage id={id} />} />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
      <Toasts />
    </>
  );
}
