import type { User } from '../storage/user-records.js';

/** A user as the admin API shows it: never the password or its hash. */
export const presentUser = (u: User) => ({
  id: u.id,
  username: u.username,
  email: u.email,
  administerPackages: u.administerPackages,
  businessUnits: u.businessUnits.map((m) => ({ mid: m.mid, permissions: [...m.permissions] })),
  createdAt: new Date(u.createdAt).toISOString(),
  updatedAt: new Date(u.updatedAt).toISOString(),
});
