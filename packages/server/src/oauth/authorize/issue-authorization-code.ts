import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../app-context.js';
import { StoreError } from '../../errors/config-error.js';
import { AccessDenied } from '../../errors/oauth-errors.js';
import { OFFLINE_SCOPE } from '../../setup/users/user-access.js';
import { generateOpaqueToken, opaqueTokenHash } from '../../tokens/opaque-token.js';

/** PRODUCT.md §4: codes live five minutes. */
export const AUTHORIZATION_CODE_TTL_SECONDS = 300;

/**
 * Creates the token family of this authorization and its single-use code, bound to client,
 * redirect URI, PKCE challenge, user, BU and granted scopes. Returns the code (shown once).
 */
export async function issueAuthorizationCode(
  ctx: Pick<AppContext, 'store'>,
  input: {
    tenantId: string;
    clientId: string;
    userId: number;
    sessionHash: string;
    mid: number;
    redirectUri: string;
    scopes: readonly string[];
    codeChallenge: string | undefined;
    now: number;
  },
): Promise<string> {
  const code = generateOpaqueToken();
  const familyId = randomUUID();
  try {
    await insertCodeAndFamily(ctx, input, code, familyId);
  } catch (err) {
    // The user or the app was deleted while the user signed in: the store's keys refused the
    // rows. That is a refusal to authorize, not a server failure.
    if (err instanceof StoreError && !(await userAndClientExist(ctx, input))) {
      throw new AccessDenied('The user or the application no longer exists.');
    }
    throw err;
  }
  return code;
}

async function userAndClientExist(
  ctx: Pick<AppContext, 'store'>,
  input: { tenantId: string; userId: number; clientId: string },
): Promise<boolean> {
  const user = await ctx.store.users.findUser(input.tenantId, input.userId);
  return (
    user !== undefined && (await ctx.store.packages.findIntegrationByClientId(input.clientId)) !== undefined
  );
}

function insertCodeAndFamily(
  ctx: Pick<AppContext, 'store'>,
  input: Parameters<typeof issueAuthorizationCode>[1],
  code: string,
  familyId: string,
): Promise<void> {
  const { now } = input;
  return ctx.store.transaction(async (repos) => {
    await repos.userTokens.insertFamily({
      id: familyId,
      tenantId: input.tenantId,
      clientId: input.clientId,
      userId: input.userId,
      sessionHash: input.sessionHash,
      scopes: input.scopes,
      offline: input.scopes.includes(OFFLINE_SCOPE),
      createdAt: now,
      revokedAt: null,
    });
    await repos.userTokens.insertCode({
      codeHash: opaqueTokenHash(code),
      familyId,
      tenantId: input.tenantId,
      clientId: input.clientId,
      userId: input.userId,
      mid: input.mid,
      redirectUri: input.redirectUri,
      scopes: input.scopes,
      codeChallenge: input.codeChallenge ?? null,
      createdAt: now,
      expiresAt: now + AUTHORIZATION_CODE_TTL_SECONDS * 1000,
      usedAt: null,
    });
  });
}
