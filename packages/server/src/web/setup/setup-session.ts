import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../setup/audit.js';
import type { Tenant } from '../../storage/records.js';
import {
  type SetupSession,
  setupSessionsRepository,
} from '../../storage/repositories/setup-sessions-repository.js';
import type { User } from '../../storage/user-records.js';
import { generateOpaqueToken, MAX_OPAQUE_TOKEN_LENGTH, opaqueTokenHash } from '../../tokens/opaque-token.js';

/** A Setup session ends after 30 minutes without a request, and after 8 hours in any case. */
export const SETUP_SESSION_IDLE_SECONDS = 30 * 60;
export const SETUP_SESSION_MAX_SECONDS = 8 * 3600;

const SESSION_COOKIE = 'packgate_setup';
const BINDING_COOKIE = 'packgate_setup_csrf';

/** Who is signed in to the Setup UI, and which tenant they look at. */
export type SetupPrincipal =
  | { readonly kind: 'operator'; readonly session: SetupSession; readonly tenant: Tenant | undefined }
  | { readonly kind: 'user'; readonly session: SetupSession; readonly user: User; readonly tenant: Tenant };

export function actorOf(principal: SetupPrincipal, request: FastifyRequest): Actor {
  return {
    actor:
      principal.kind === 'operator' ? 'operator (Setup UI)' : `user:${principal.user.username} (Setup UI)`,
    sourceIp: request.ip,
  };
}

function cookieOptions(ctx: AppContext, maxAgeSeconds?: number) {
  return {
    path: '/setup',
    httpOnly: true,
    sameSite: 'lax' as const,
    // Over plain http (loopback, tests) a Secure cookie would never come back.
    secure: ctx.config.publicUrl.startsWith('https:'),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

function readCookie(request: FastifyRequest, name: string): string | undefined {
  const value = request.cookies[name];
  return value && value.length <= MAX_OPAQUE_TOKEN_LENGTH ? value : undefined;
}

/** The browser's CSRF binding value (web/csrf.ts), set on the first Setup page it sees. */
export function ensureSetupCsrfBinding(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): string {
  const existing = readCookie(request, BINDING_COOKIE);
  if (existing) return existing;
  const binding = generateOpaqueToken();
  reply.setCookie(BINDING_COOKIE, binding, cookieOptions(ctx));
  // Later reads in this request see it too.
  request.cookies[BINDING_COOKIE] = binding;
  return binding;
}

export const readSetupCsrfBinding = (request: FastifyRequest) => readCookie(request, BINDING_COOKIE);

/** The live session of this browser (sliding idle expiry), with its user and tenant. */
export async function readSetupSession(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<SetupPrincipal | undefined> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return undefined;
  const sessions = setupSessionsRepository(ctx.store.db);
  const now = ctx.clock.now();
  const session = await sessions.findLiveSession(
    opaqueTokenHash(id),
    now,
    now - SETUP_SESSION_IDLE_SECONDS * 1000,
  );
  if (!session) return undefined;
  await sessions.touchSession(session.idHash, now);
  const tenant = session.tenantId ? await ctx.store.tenants.findTenantById(session.tenantId) : undefined;
  if (session.userId === null) return { kind: 'operator', session, tenant };
  if (!tenant) return undefined;
  const user = await ctx.store.users.findUser(tenant.id, session.userId);
  // Losing Administer ends what the session may do at once.
  if (!user?.administerPackages) return undefined;
  return { kind: 'user', session, user, tenant };
}

/** A new session id on every sign-in (no session fixation). */
export async function startSetupSession(
  ctx: AppContext,
  reply: FastifyReply,
  who: { tenantId: string | null; userId: number | null },
): Promise<void> {
  const now = ctx.clock.now();
  const id = generateOpaqueToken();
  await setupSessionsRepository(ctx.store.db).insertSession({
    idHash: opaqueTokenHash(id),
    tenantId: who.tenantId,
    userId: who.userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + SETUP_SESSION_MAX_SECONDS * 1000,
  });
  reply.setCookie(SESSION_COOKIE, id, cookieOptions(ctx, SETUP_SESSION_MAX_SECONDS));
}

export async function endSetupSession(
  ctx: AppContext,
  reply: FastifyReply,
  principal: SetupPrincipal | undefined,
): Promise<void> {
  if (principal)
    await setupSessionsRepository(ctx.store.db).endSession(principal.session.idHash, ctx.clock.now());
  reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx));
}

export async function switchSetupTenant(
  ctx: AppContext,
  principal: SetupPrincipal,
  tenant: Tenant,
): Promise<void> {
  await setupSessionsRepository(ctx.store.db).setSessionTenant(principal.session.idHash, tenant.id);
}
