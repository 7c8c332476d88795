import { setupSessionsRepository } from '../../storage/repositories/setup-sessions-repository.js';
import type { Store } from '../../storage/store.js';
import { generateOpaqueToken, MAX_OPAQUE_TOKEN_LENGTH, opaqueTokenHash } from '../../tokens/opaque-token.js';
import { type Actor, recordAudit } from '../audit.js';

/** A one-time operator sign-in link lasts 10 minutes (issue 9) and works once. */
export const SETUP_LINK_TTL_SECONDS = 600;

export interface SetupLink {
  readonly url: string;
  readonly expiresAt: number;
}

/** The URL path of a link; its GET shows a button, only the POST spends it (link previews do not). */
export const setupLinkPath = (token: string) => `/setup/sign-in/link/${token}`;

/** Mints a one-time operator sign-in link (on every start, and on `POST /admin/v1/setup-links`). */
export async function createSetupLink(
  store: Store,
  who: Actor,
  publicUrl: string,
  now: number,
): Promise<SetupLink> {
  const token = generateOpaqueToken();
  const expiresAt = now + SETUP_LINK_TTL_SECONDS * 1000;
  const links = setupSessionsRepository(store.db);
  await links.insertLink({ tokenHash: opaqueTokenHash(token), createdAt: now, expiresAt });
  await links.purgeExpired(now);
  await recordAudit(store, who, {
    tenantId: null,
    action: 'setup_link.created',
    target: 'setup_link',
    details: { expiresAt: new Date(expiresAt).toISOString() },
    at: now,
  });
  return { url: `${publicUrl}${setupLinkPath(token)}`, expiresAt };
}

const isPossibleToken = (token: string) => token.length > 0 && token.length <= MAX_OPAQUE_TOKEN_LENGTH;

/** True when the link could still be used (shown on its GET; nothing is spent). */
export async function isSetupLinkLive(store: Store, token: string, now: number): Promise<boolean> {
  return isPossibleToken(token) && setupSessionsRepository(store.db).isLinkLive(opaqueTokenHash(token), now);
}

/** Spends the link: true for exactly one caller, false when unknown, expired or used before. */
export async function consumeSetupLink(
  store: Store,
  who: Actor,
  token: string,
  now: number,
): Promise<boolean> {
  if (!isPossibleToken(token)) return false;
  const spent = await setupSessionsRepository(store.db).consumeLink(opaqueTokenHash(token), now);
  await recordAudit(store, who, {
    tenantId: null,
    action: spent ? 'setup_link.used' : 'setup_link.refused',
    target: 'setup_link',
    at: now,
  });
  return spent;
}
