// Brings @fastify/cookie's request.cookies / reply.setCookie typings (the plugin is registered in auth-routes).
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { StoreError } from '../errors/config-error.js';
import type { TenantEntry } from '../setup/directory/client-directory.js';
import type { User } from '../storage/user-records.js';
import { generateOpaqueToken, MAX_OPAQUE_TOKEN_LENGTH, opaqueTokenHash } from '../tokens/opaque-token.js';

/** How long a login lasts before the password is asked again. */
export const LOGIN_SESSION_TTL_SECONDS = 8 * 3600;

const BINDING_COOKIE = 'packgate_csrf';

/** One session cookie per tenant: tenants share a host in path mode. */
export function sessionCookieName(tenant: TenantEntry): string {
  return `packgate_session_${tenant.tenant.subdomain}`;
}

function cookieOptions(tenant: TenantEntry, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    // Over plain http (loopback, tests) a Secure cookie would never come back.
    secure: tenant.baseUris.authBaseUri.startsWith('https:'),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

function readCookie(request: FastifyRequest, name: string): string | undefined {
  const value = request.cookies[name];
  return value && value.length <= MAX_OPAQUE_TOKEN_LENGTH ? value : undefined;
}

/** The browser's CSRF binding value (see csrf.ts), created on the first page it sees. */
export function ensureCsrfBinding(request: FastifyRequest, reply: FastifyReply, tenant: TenantEntry): string {
  const existing = readCookie(request, BINDING_COOKIE);
  if (existing) return existing;
  const binding = generateOpaqueToken();
  reply.setCookie(BINDING_COOKIE, binding, cookieOptions(tenant));
  return binding;
}

export function readCsrfBinding(request: FastifyRequest): string | undefined {
  return readCookie(request, BINDING_COOKIE);
}

export interface ActiveSession {
  readonly idHash: string;
  readonly user: User;
}

/** The logged-in user of this browser at this tenant, if the session is live. */
export async function readLoginSession(
  ctx: AppContext,
  request: FastifyRequest,
  tenant: TenantEntry,
): Promise<ActiveSession | undefined> {
  const id = readCookie(request, sessionCookieName(tenant));
  if (!id) return undefined;
  const idHash = opaqueTokenHash(id);
  const session = await ctx.store.userTokens.findLiveSession(tenant.tenant.id, idHash, ctx.clock.now());
  if (!session) return undefined;
  const user = await ctx.store.users.findUser(tenant.tenant.id, session.userId);
  return user && { idHash, user };
}

/**
 * A new session after a successful login (always a new id: no session fixation); undefined
 * when the user was deleted in the meantime (the store's keys refuse the session).
 */
export async function startLoginSession(
  ctx: AppContext,
  reply: FastifyReply,
  tenant: TenantEntry,
  user: User,
): Promise<ActiveSession | undefined> {
  const now = ctx.clock.now();
  const id = generateOpaqueToken();
  const idHash = opaqueTokenHash(id);
  try {
    await ctx.store.userTokens.insertSession({
      idHash,
      tenantId: tenant.tenant.id,
      userId: user.id,
      createdAt: now,
      expiresAt: now + LOGIN_SESSION_TTL_SECONDS * 1000,
      endedAt: null,
    });
  } catch (err) {
    if (err instanceof StoreError && !(await ctx.store.users.findUser(tenant.tenant.id, user.id)))
      return undefined;
    throw err;
  }
  reply.setCookie(sessionCookieName(tenant), id, cookieOptions(tenant, LOGIN_SESSION_TTL_SECONDS));
  return { idHash, user };
}

export function clearLoginSessionCookie(reply: FastifyReply, tenant: TenantEntry): void {
  reply.clearCookie(sessionCookieName(tenant), cookieOptions(tenant));
}
