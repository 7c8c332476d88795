import { Type } from 'typebox';
import type { User } from '../../../storage/user-records.js';
import { sortScopes } from '../../scopes/scope-catalogue.js';
import { isPasswordValid } from '../../users/password-hash.js';
import { createUser, type UserUpdate, updateUser } from '../../users/user-service.js';
import { USERNAME_MAX_LENGTH, USERNAME_PATTERN } from '../../users/username.js';
import { atPath, childPath, SeedError } from '../seed-error.js';
import { defineTenantSection } from '../seed-section.js';
import { AccountNumber, accountNumber, ScopeId } from './common.js';

const UserSeed = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: USERNAME_MAX_LENGTH, pattern: USERNAME_PATTERN }),
    id: Type.Optional(accountNumber('A fixed user id (`sub`/`uid` of user tokens).')),
    password: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1000,
        description: 'The password in clear (test environments).',
      }),
    ),
    passwordHash: Type.Optional(
      Type.String({
        pattern: '^scrypt\\$',
        description: 'The stored scrypt hash, as `packgate export` writes it (instead of `password`).',
      }),
    ),
    email: Type.Optional(Type.String({ maxLength: 320 })),
    administerPackages: Type.Optional(Type.Boolean()),
    businessUnits: Type.Array(
      Type.Object(
        { mid: AccountNumber, permissions: Type.Array(ScopeId, { maxItems: 200 }) },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false, description: 'A user of the tenant, matched by username.' },
);

const sameMemberships = (
  user: User,
  wanted: ReadonlyArray<{ mid: number; permissions: readonly string[] }>,
) =>
  JSON.stringify(user.businessUnits.map((m) => [m.mid, m.permissions])) ===
  JSON.stringify([...wanted].sort((a, b) => a.mid - b.mid).map((m) => [m.mid, sortScopes(m.permissions)]));

/** `users`: matched by username (case-insensitive); created with a password or a stored hash. */
export const usersSection = defineTenantSection({
  key: 'users',
  schema: Type.Array(UserSeed, { maxItems: 10_000 }),
  check(users, path, claims) {
    users.forEach((u, i) => {
      const at = childPath(path, i);
      claims.claim(`username in ${path}`, u.username.toLowerCase(), childPath(at, 'username'));
      if (u.id !== undefined) claims.claim('user id', u.id, childPath(at, 'id'));
      if (u.password !== undefined && u.passwordHash !== undefined) {
        throw new SeedError(childPath(at, 'passwordHash'), 'give either password or passwordHash, not both.');
      }
    });
  },
  async apply(seed, tenant, users, path) {
    const service = { store: seed.ctx.store, revocations: seed.ctx.revocations };
    for (const [i, u] of users.entries()) {
      const at = childPath(path, i);
      const input = {
        username: u.username,
        password: u.password ?? '',
        email: u.email,
        businessUnits: u.businessUnits,
        administerPackages: u.administerPackages,
      };
      const found = await seed.ctx.store.users.findUserCredentials(tenant.id, u.username);
      if (!found) {
        if (u.password === undefined && u.passwordHash === undefined) {
          throw new SeedError(childPath(at, 'password'), 'a new user needs a password (or a passwordHash).');
        }
        await atPath(at, () =>
          createUser(service, seed.who, tenant, input, seed.now, { id: u.id, passwordHash: u.passwordHash }),
        );
        seed.report.changes.push(`${at}: created`);
        continue;
      }
      const { user, passwordHash } = found;
      if (u.id !== undefined && u.id !== user.id) {
        throw new SeedError(
          childPath(at, 'id'),
          `user "${u.username}" exists with id ${user.id}; a user id cannot change.`,
        );
      }
      const changes: { -readonly [K in keyof UserUpdate]: UserUpdate[K] } = {};
      if (u.email !== undefined && u.email !== user.email) changes.email = u.email;
      if (u.administerPackages !== undefined && u.administerPackages !== user.administerPackages) {
        changes.administerPackages = u.administerPackages;
      }
      if (!sameMemberships(user, u.businessUnits)) changes.businessUnits = u.businessUnits;
      if (u.passwordHash !== undefined && u.passwordHash !== passwordHash)
        changes.passwordHash = u.passwordHash;
      if (u.password !== undefined && !(await isPasswordValid(u.password, passwordHash))) {
        changes.password = u.password;
      }
      if (Object.keys(changes).length === 0) continue;
      await atPath(at, () => updateUser(service, seed.who, tenant, user, changes, seed.now));
      seed.report.changes.push(`${at}: updated (${Object.keys(changes).sort().join(', ')})`);
    }
  },
  async export(ctx, tenant, options) {
    const out: Array<Record<string, unknown>> = [];
    for (let after: number | undefined; ; ) {
      const page = await ctx.store.users.listUsers(tenant.id, {
        limit: 500,
        ...(after === undefined ? {} : { after }),
      });
      for (const user of page) {
        const found = await ctx.store.users.findUserCredentials(tenant.id, user.username);
        out.push({
          username: user.username,
          id: user.id,
          ...(options.secrets === 'hashes' && found ? { passwordHash: found.passwordHash } : {}),
          ...(user.email === null ? {} : { email: user.email }),
          administerPackages: user.administerPackages,
          businessUnits: user.businessUnits.map((m) => ({ mid: m.mid, permissions: [...m.permissions] })),
        });
      }
      if (page.length < 500) break;
      after = page.at(-1)?.id;
    }
    return out.length === 0 ? undefined : (out as never);
  },
});
