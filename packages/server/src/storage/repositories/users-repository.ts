import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../schema.js';
import type { BusinessUnitMembership, User } from '../user-records.js';

const splitScopes = (s: string): string[] => (s === '' ? [] : s.split(' '));

const toUser = (r: Selectable<UsersTable>, businessUnits: BusinessUnitMembership[]): User => ({
  id: Number(r.id),
  tenantId: r.tenant_id,
  username: r.username,
  email: r.email,
  administerPackages: r.administer_packages === 1,
  businessUnits,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export interface UserChanges {
  readonly email?: string | null;
  readonly passwordHash?: string;
  readonly administerPackages?: boolean;
  readonly businessUnits?: readonly BusinessUnitMembership[];
  readonly updatedAt: number;
}

/** Users of a tenant, their BU memberships and licences to web/public packages. */
export function usersRepository(db: Kysely<Database>) {
  async function membershipsOf(userIds: readonly number[]): Promise<Map<number, BusinessUnitMembership[]>> {
    const out = new Map<number, BusinessUnitMembership[]>();
    if (userIds.length === 0) return out;
    const rows = await db
      .selectFrom('user_memberships')
      .selectAll()
      .where('user_id', 'in', userIds)
      .orderBy('mid')
      .execute();
    for (const r of rows) {
      const list = out.get(Number(r.user_id)) ?? [];
      list.push({ mid: Number(r.mid), permissions: splitScopes(r.permissions) });
      out.set(Number(r.user_id), list);
    }
    return out;
  }

  async function insertMemberships(userId: number, units: readonly BusinessUnitMembership[]) {
    if (units.length === 0) return;
    await db
      .insertInto('user_memberships')
      .values(units.map((u) => ({ user_id: userId, mid: u.mid, permissions: u.permissions.join(' ') })))
      .execute();
  }

  return {
    async isUserIdTaken(id: number): Promise<boolean> {
      const row = await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
      return row !== undefined;
    },
    async insertUser(user: User, passwordHash: string): Promise<void> {
      await db
        .insertInto('users')
        .values({
          id: user.id,
          tenant_id: user.tenantId,
          username: user.username,
          username_key: user.username.toLowerCase(),
          email: user.email,
          password_hash: passwordHash,
          administer_packages: user.administerPackages ? 1 : 0,
          created_at: user.createdAt,
          updated_at: user.updatedAt,
        })
        .execute();
      await insertMemberships(user.id, user.businessUnits);
    },
    async findUser(tenantId: string, id: number): Promise<User | undefined> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toUser(row, (await membershipsOf([id])).get(id) ?? []);
    },
    /** The user and its password hash, by username (case-insensitive) within one tenant. */
    async findUserCredentials(
      tenantId: string,
      username: string,
    ): Promise<{ user: User; passwordHash: string } | undefined> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('username_key', '=', username.toLowerCase())
        .executeTakeFirst();
      if (!row) return undefined;
      const id = Number(row.id);
      return {
        user: toUser(row, (await membershipsOf([id])).get(id) ?? []),
        passwordHash: row.password_hash,
      };
    },
    async isUsernameTaken(tenantId: string, username: string): Promise<boolean> {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('username_key', '=', username.toLowerCase())
        .executeTakeFirst();
      return row !== undefined;
    },
    async listUsers(tenantId: string, page: { after?: number; limit: number }): Promise<User[]> {
      let q = db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
      if (page.after !== undefined) q = q.where('id', '>', page.after);
      const rows = await q.orderBy('id').limit(page.limit).execute();
      const memberships = await membershipsOf(rows.map((r) => Number(r.id)));
      return rows.map((r) => toUser(r, memberships.get(Number(r.id)) ?? []));
    },
    /** False when no such user exists (any more): nothing was changed then. */
    async updateUser(tenantId: string, id: number, changes: UserChanges): Promise<boolean> {
      const res = await db
        .updateTable('users')
        .set({
          ...(changes.email !== undefined ? { email: changes.email } : {}),
          ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
          ...(changes.administerPackages !== undefined
            ? { administer_packages: changes.administerPackages ? 1 : 0 }
            : {}),
          updated_at: changes.updatedAt,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      // The UPDATE also holds the user's row lock until commit: a concurrent update waits, and
      // one racing a deletion finds nothing instead of inserting memberships for a ghost.
      if (Number(res.numUpdatedRows) === 0) return false;
      if (changes.businessUnits !== undefined) {
        await db.deleteFrom('user_memberships').where('user_id', '=', id).execute();
        await insertMemberships(id, changes.businessUnits);
      }
      return true;
    },
    async deleteUser(tenantId: string, id: number): Promise<boolean> {
      const res = await db
        .deleteFrom('users')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    async listLicensedUserIds(clientId: string): Promise<number[]> {
      const rows = await db
        .selectFrom('package_licenses')
        .select('user_id')
        .where('client_id', '=', clientId)
        .orderBy('user_id')
        .execute();
      return rows.map((r) => Number(r.user_id));
    },
    async isLicensed(clientId: string, userId: number): Promise<boolean> {
      const row = await db
        .selectFrom('package_licenses')
        .select('user_id')
        .where('client_id', '=', clientId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },
    /**
     * Takes the integration's row lock (PostgreSQL; SQLite writers are serial anyway) until the
     * transaction ends, so that two replacements of one app's licences run one after the other
     * instead of both re-inserting the same rows.
     */
    async lockLicenses(clientId: string): Promise<void> {
      await db
        .updateTable('integrations')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('client_id', '=', clientId)
        .execute();
    },
    async replaceLicenses(clientId: string, userIds: readonly number[]): Promise<void> {
      await db.deleteFrom('package_licenses').where('client_id', '=', clientId).execute();
      if (userIds.length === 0) return;
      await db
        .insertInto('package_licenses')
        .values(userIds.map((userId) => ({ client_id: clientId, user_id: userId })))
        .execute();
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
