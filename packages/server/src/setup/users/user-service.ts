import type { AppContext } from '../../app-context.js';
import { BadRequest, Conflict, NotFound } from '../../errors/admin-errors.js';
import { StoreError } from '../../errors/config-error.js';
import type { Integration, Tenant } from '../../storage/records.js';
import type { Repositories } from '../../storage/store.js';
import type { BusinessUnitMembership, User } from '../../storage/user-records.js';
import { revokeMatchingFamilies } from '../../tokens/user-tokens.js';
import { type Actor, recordAudit } from '../audit.js';
import { generateAccountNumber } from '../random-identifiers.js';
import { isKnownScope, sortScopes } from '../scopes/scope-catalogue.js';
import { hashPassword } from './password-hash.js';
import { OFFLINE_SCOPE } from './user-access.js';

type ServiceContext = Pick<AppContext, 'store' | 'revocations'>;

export interface UserInput {
  readonly username: string;
  readonly password: string;
  readonly email?: string | undefined;
  readonly businessUnits: ReadonlyArray<{ mid: number; permissions: readonly string[] }>;
  readonly administerPackages?: boolean | undefined;
}

export interface UserUpdate {
  readonly password?: string | undefined;
  /** Seed files: a stored password hash (`scrypt$…`, as `packgate export` writes it). */
  readonly passwordHash?: string | undefined;
  readonly email?: string | null | undefined;
  readonly businessUnits?: ReadonlyArray<{ mid: number; permissions: readonly string[] }> | undefined;
  readonly administerPackages?: boolean | undefined;
}

/** Memberships: BUs of this tenant, each once; permissions are catalogue scopes (not `offline`). */
async function checkMemberships(
  repos: Repositories,
  tenant: Tenant,
  units: UserInput['businessUnits'],
): Promise<BusinessUnitMembership[]> {
  const seen = new Set<number>();
  const out: BusinessUnitMembership[] = [];
  for (const [i, unit] of units.entries()) {
    const field = `businessUnits.${i}`;
    if (seen.has(unit.mid)) throw new BadRequest(`${field}.mid: ${unit.mid} is listed twice.`, { field });
    seen.add(unit.mid);
    if (!(await repos.tenants.findBusinessUnit(tenant.id, unit.mid))) {
      throw new BadRequest(`${field}.mid: ${unit.mid} is not a business unit of this tenant.`, { field });
    }
    unit.permissions.forEach((id, j) => {
      if (!isKnownScope(id) || id === OFFLINE_SCOPE) {
        throw new BadRequest(`${field}.permissions.${j}: "${id}" is not a permission scope.`, {
          field: `${field}.permissions.${j}`,
        });
      }
    });
    out.push({ mid: unit.mid, permissions: sortScopes(unit.permissions) });
  }
  return out.sort((a, b) => a.mid - b.mid);
}

/** User ids are numeric (8 digits, like MIDs) so that `sub`/`uid` keep user tokens within 512 characters. */
async function newUserId(repos: Repositories): Promise<number> {
  for (;;) {
    const id = generateAccountNumber();
    if (!(await repos.users.isUserIdTaken(id))) return id;
  }
}

/** A password hash in the stored form (`scrypt$N$r$p$salt$hash`), e.g. from `packgate export`. */
export function checkPasswordHash(value: string): string {
  if (!/^scrypt\$\d{1,8}\$\d{1,3}\$\d{1,3}\$[A-Za-z0-9_-]{16,64}\$[A-Za-z0-9_-]{32,128}$/.test(value)) {
    throw new BadRequest('passwordHash: the form scrypt$N$r$p$salt$hash that packgate export writes.', {
      field: 'passwordHash',
    });
  }
  return value;
}

/**
 * `fixed` (seed files): the user id instead of a generated one, and/or a stored password hash
 * instead of hashing `input.password`.
 */
export async function createUser(
  ctx: ServiceContext,
  who: Actor,
  tenant: Tenant,
  input: UserInput,
  now: number,
  fixed: { id?: number | undefined; passwordHash?: string | undefined } = {},
): Promise<User> {
  const passwordHash =
    fixed.passwordHash !== undefined
      ? checkPasswordHash(fixed.passwordHash)
      : await hashPassword(input.password);
  const taken = () =>
    new Conflict(`A user named "${input.username}" already exists in this tenant.`, { field: 'username' });
  try {
    return await insertNewUser(ctx, who, tenant, input, passwordHash, now, taken, fixed.id);
  } catch (err) {
    // Two creations raced past the check below (PostgreSQL runs them side by side): the unique
    // key let one in, and the other gets the same 409 a sequential request would.
    if (err instanceof StoreError && (await ctx.store.users.isUsernameTaken(tenant.id, input.username))) {
      throw taken();
    }
    throw err;
  }
}

function insertNewUser(
  ctx: ServiceContext,
  who: Actor,
  tenant: Tenant,
  input: UserInput,
  passwordHash: string,
  now: number,
  taken: () => Conflict,
  fixedId: number | undefined,
): Promise<User> {
  return ctx.store.transaction(async (repos) => {
    if (await repos.users.isUsernameTaken(tenant.id, input.username)) throw taken();
    if (fixedId !== undefined && (await repos.users.isUserIdTaken(fixedId))) {
      throw new Conflict(`A user with id ${fixedId} already exists.`, { field: 'id' });
    }
    const user: User = {
      id: fixedId ?? (await newUserId(repos)),
      tenantId: tenant.id,
      username: input.username,
      email: input.email ?? null,
      administerPackages: input.administerPackages ?? false,
      businessUnits: await checkMemberships(repos, tenant, input.businessUnits),
      createdAt: now,
      updatedAt: now,
    };
    await repos.users.insertUser(user, passwordHash);
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'user.created',
      target: String(user.id),
      details: {
        username: user.username,
        businessUnits: user.businessUnits.map((m) => m.mid),
        administerPackages: user.administerPackages,
      },
      at: now,
    });
    return user;
  });
}

export async function findUserOrThrow(ctx: ServiceContext, tenant: Tenant, id: string): Promise<User> {
  const user = /^\d{1,15}$/.test(id) ? await ctx.store.users.findUser(tenant.id, Number(id)) : undefined;
  if (!user) throw new NotFound(`No user "${id}" in this tenant.`);
  return user;
}

/**
 * A new password ends the user's sessions and revokes every token issued to them (as a
 * password reset does in Marketing Cloud); other changes apply to the next token.
 */
export async function updateUser(
  ctx: ServiceContext,
  who: Actor,
  tenant: Tenant,
  user: User,
  changes: UserUpdate,
  now: number,
): Promise<User> {
  const passwordHash =
    changes.passwordHash !== undefined
      ? checkPasswordHash(changes.passwordHash)
      : changes.password === undefined
        ? undefined
        : await hashPassword(changes.password);
  const updated = await ctx.store.transaction(async (repos) => {
    const businessUnits =
      changes.businessUnits && (await checkMemberships(repos, tenant, changes.businessUnits));
    const exists = await repos.users.updateUser(tenant.id, user.id, {
      ...(changes.email !== undefined ? { email: changes.email } : {}),
      ...(passwordHash !== undefined ? { passwordHash } : {}),
      ...(changes.administerPackages !== undefined ? { administerPackages: changes.administerPackages } : {}),
      ...(businessUnits ? { businessUnits } : {}),
      updatedAt: now,
    });
    if (!exists) throw new NotFound('The user no longer exists.');
    if (passwordHash !== undefined) await repos.userTokens.endUserSessions(user.id, now);
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'user.updated',
      target: String(user.id),
      details: {
        ...(passwordHash !== undefined ? { passwordChanged: true } : {}),
        ...(changes.email !== undefined ? { email: changes.email } : {}),
        ...(changes.administerPackages !== undefined
          ? { administerPackages: changes.administerPackages }
          : {}),
        ...(businessUnits ? { businessUnits: businessUnits.map((m) => m.mid) } : {}),
      },
      at: now,
    });
    return repos.users.findUser(tenant.id, user.id);
  });
  if (!updated) throw new NotFound('The user no longer exists.');
  if (passwordHash !== undefined) await revokeMatchingFamilies(ctx, { userId: user.id }, now);
  return updated;
}

/** Deleting a user revokes their tokens first (the rows that list them go with the user). */
export async function deleteUser(
  ctx: ServiceContext,
  who: Actor,
  tenant: Tenant,
  user: User,
  now: number,
): Promise<void> {
  await revokeMatchingFamilies(ctx, { userId: user.id }, now);
  await ctx.store.transaction(async (repos) => {
    // Deleted meanwhile by another request: that one answered 204 and recorded the event.
    if (!(await repos.users.deleteUser(tenant.id, user.id)))
      throw new NotFound(`No user "${user.id}" in this tenant.`);
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'user.deleted',
      target: String(user.id),
      details: { username: user.username },
      at: now,
    });
  });
}

/**
 * The Access tab of a web or public app: which users hold a licence. A user losing the
 * licence loses every token of that app at once.
 */
export async function setLicenses(
  ctx: ServiceContext,
  who: Actor,
  tenant: Tenant,
  integration: Integration,
  userIds: readonly number[],
  now: number,
): Promise<number[]> {
  if (integration.integrationType === 'server-to-server') {
    throw new BadRequest('Server-to-server integrations get BU access on /access, not user licences.', {
      field: 'userIds',
    });
  }
  const wanted = [...new Set(userIds)].sort((a, b) => a - b);
  const checkUsers = async (repos: Repositories) => {
    for (const [i, id] of wanted.entries()) {
      if (!(await repos.users.findUser(tenant.id, id))) {
        throw new BadRequest(`userIds.${i}: ${id} is not a user of this tenant.`, { field: `userIds.${i}` });
      }
    }
  };
  const previous = await ctx.store
    .transaction(async (repos) => {
      await repos.users.lockLicenses(integration.clientId);
      await checkUsers(repos);
      return replaceLicenses(repos, who, tenant, integration, wanted, now);
    })
    .catch(async (err: unknown) => {
      // A user deleted between the check and the insert: the same 400 as if deleted before.
      if (err instanceof StoreError) await checkUsers(ctx.store);
      throw err;
    });
  for (const removed of previous.filter((id) => !wanted.includes(id))) {
    await revokeMatchingFamilies(ctx, { userId: removed, clientId: integration.clientId }, now);
  }
  return wanted;
}

async function replaceLicenses(
  repos: Repositories,
  who: Actor,
  tenant: Tenant,
  integration: Integration,
  wanted: readonly number[],
  now: number,
): Promise<number[]> {
  const before = await repos.users.listLicensedUserIds(integration.clientId);
  await repos.users.replaceLicenses(integration.clientId, wanted);
  await recordAudit(repos, who, {
    tenantId: tenant.id,
    action: 'integration.licenses_changed',
    target: integration.clientId,
    details: { userIds: wanted },
    at: now,
  });
  return before;
}
