import type { AppContext } from '../../app-context.js';
import { InvalidToken } from '../../errors/oauth-errors.js';
import type { TenantEntry } from '../../setup/directory/client-directory.js';
import { baseUrisFor } from '../../setup/tenants/base-uris.js';
import type { AccessTokenClaims } from '../../tokens/access-token.js';
import type { VerifiedAccessToken } from '../../tokens/access-token-verifier.js';

/** What a protected route knows about its caller once the bearer token has been checked. */
export interface BearerContext {
  readonly tenant: TenantEntry;
  readonly claims: AccessTokenClaims;
  readonly scopes: readonly string[];
  /** The token's business unit: every resource lookup is confined to it. */
  readonly mid: number;
}

/** Why a bearer check failed; the REST and SOAP surfaces each turn it into their own shape. */
export type BearerFailure =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly reason: string; readonly expired: boolean }
  | { readonly kind: 'wrong-tenant' }
  | { readonly kind: 'insufficient-scope'; readonly scope: string }
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds: number };

export class BearerRejected extends Error {
  readonly failure: BearerFailure;
  constructor(failure: BearerFailure) {
    super(`bearer token rejected: ${failure.kind}`);
    this.name = 'BearerRejected';
    this.failure = failure;
  }
}

/**
 * `Authorization: Bearer <token>` → the token; `''` for a Bearer header that holds no usable
 * token; undefined when no bearer token was sent at all — no header, or another scheme such as
 * Basic (RFC 6750 §3.1: then the 401 carries no error code).
 */
export function readBearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  if (match) return match[1];
  return /^Bearer(?:\s|$)/i.test(header) ? '' : undefined;
}

/**
 * The shared bearer step of REST and SOAP: signature, expiry and revocation (the verifier,
 * cached per token), then the tenant of the URL against `iss`, then the token's EID and BU
 * against that tenant. An empty string is a token that was sent but is not one. Synchronous
 * when the token and the tenant are already in memory (the usual case), so the resource API's
 * hot path spends no promise tick here.
 */
export function authenticateBearer(
  ctx: AppContext,
  subdomain: string,
  token: string | undefined,
): BearerContext | Promise<BearerContext> {
  if (token === undefined) throw new BearerRejected({ kind: 'missing' });
  if (token === '') throw new BearerRejected({ kind: 'invalid', reason: 'malformed', expired: false });
  let verified: ReturnType<AppContext['verifier']['verify']>;
  try {
    verified = ctx.verifier.verify(token);
  } catch (err) {
    throw rejectionFor(err);
  }
  if (verified instanceof Promise) {
    return verified.then(
      (loaded) => inTenant(ctx, subdomain, loaded),
      (err: unknown) => {
        throw rejectionFor(err);
      },
    );
  }
  return inTenant(ctx, subdomain, verified);
}

/** A verifier failure as a bearer rejection; anything else is not the caller's fault. */
function rejectionFor(err: unknown): unknown {
  if (!(err instanceof InvalidToken)) return err;
  const expired = /expired/.test(err.description);
  return new BearerRejected({ kind: 'invalid', reason: err.description, expired });
}

function inTenant(
  ctx: AppContext,
  subdomain: string,
  verified: VerifiedAccessToken,
): BearerContext | Promise<BearerContext> {
  const tenant = ctx.directory.peekTenant(subdomain);
  if (tenant !== undefined) return checkTenant(ctx, subdomain, verified, tenant);
  return ctx.directory.findTenant(subdomain).then((found) => checkTenant(ctx, subdomain, verified, found));
}

function checkTenant(
  ctx: AppContext,
  subdomain: string,
  verified: VerifiedAccessToken,
  tenant: TenantEntry | undefined,
): BearerContext {
  const { claims } = verified;
  if (tenant === undefined) {
    // The token names this very tenant, which no longer exists: the token is dead, not misplaced.
    const ownTenant = claims.iss === baseUrisFor(ctx.config, subdomain).authBaseUri;
    throw new BearerRejected(
      ownTenant ? { kind: 'invalid', reason: 'tenant deleted', expired: false } : { kind: 'wrong-tenant' },
    );
  }
  if (claims.iss !== tenant.baseUris.authBaseUri) throw new BearerRejected({ kind: 'wrong-tenant' });
  if (claims.eid !== tenant.tenant.eid || !tenant.businessUnitMids.has(claims.mid)) {
    throw new BearerRejected({ kind: 'invalid', reason: 'business unit unknown', expired: false });
  }
  return { tenant, claims, scopes: verified.scopes, mid: claims.mid };
}

/** Throws unless the token carries `scope` (sfmc-auth.md §7.2 mapping, PRODUCT.md §5). */
export function checkScope(bearer: BearerContext, scope: string | undefined): void {
  if (scope !== undefined && !bearer.scopes.includes(scope)) {
    throw new BearerRejected({ kind: 'insufficient-scope', scope });
  }
}
