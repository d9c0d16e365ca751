import type { MemberUser } from '../api/types';

// How a member is shown (pure: unit-tested).

/** Their full name, else their username, else their email (the directory may not know them yet). */
export const displayName = (user: MemberUser) => `${user.first_name} ${user.last_name}`.trim() || user.username || user.email || `User ${user.id}`;

/** Two letters for an avatar: the initials of their names, else the start of their username. */
export function initials(user: MemberUser): string {
  const fromNames = `${user.first_name.trim().charAt(0)}${user.last_name.trim().charAt(0)}`;
  return (fromNames || (user.username || user.email).slice(0, 2) || '?').toUpperCase();
}
