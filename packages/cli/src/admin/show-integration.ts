import type { Integration } from '@packgate/client/admin';
import { formatRecord } from '../output/format-table.js';

/** An API Integration for people; the secret (present only on creation) is flagged as shown once. */
export function showIntegration(i: Integration): string {
  const access = i.access.all ? 'all business units' : i.access.mids.join(', ') || '-';
  return formatRecord([
    ['client id', i.clientId],
    ...(i.clientSecret ? [['client secret', `${i.clientSecret}  (shown once: store it now)`] as const] : []),
    ['type', i.integrationType],
    ['scopes', i.scopes.join(' ') || '-'],
    ['redirect URIs', i.redirectUris.join(' ') || '-'],
    ['access', access],
    ['auth base URI', i.authBaseUri],
    ['REST base URI', i.restBaseUri],
    ['SOAP base URI', i.soapBaseUri],
    ...(i.secretExpiresAt ? [['secret expires', i.secretExpiresAt] as const] : []),
  ]);
}
