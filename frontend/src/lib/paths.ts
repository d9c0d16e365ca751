// Where the app sends the user around signing in (pure: unit-tested).

/** The login page after a session ended: it says so, and comes back to `here` after sign-in. */
export function loginPathAfterExpiry(here: string): string {
  const params = new URLSearchParams({ expired: '1' });
  if (here && here !== '/' && !here.startsWith('/login')) params.set('next', here);
  return `/login?${params}`;
}

/** Where to go after signing in: ?next= when it is a path of this app (never another site). */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** The login page for a signed-out visit to `here`, which it comes back to after sign-in. */
export function loginPathFor(here: string): string {
  return here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}
