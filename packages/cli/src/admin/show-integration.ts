import { formatRecord } from '../output/format-table.js';
import type { IntegrationBody } from './admin-types.js';

/** An API Integration for people; the secret (present only on creation) is flagged as shown once. */
export function showIntegration(i: IntegrationBody): string {
  const access = i.access
    ? i.access.all
      ? 'all business units'
      : i.access.mids.join(', ') || '-'
    : undefined;
  return formatRecord([
    ['client id', i.clientId],
    ...(i.clientSecret ? [['client secret', `${i.clientSecret}  (shown once: store it now)`] as const] : []),
    ['type', i.integrationType],
    ['scopes', i.scopes.join(' ') || '-'],
    ['redirect URIs', i.redirectUris.join(' ') || '-'],
    ...(access === undefined ? [] : [['access', access] as const]),
    ['auth base URI', i.authBaseUri],
    ['REST base URI', i.restBaseUri],
    ['SOAP base URI', i.soapBaseUri],
    ...(i.secretExpiresAt ? [['secret expires', i.secretExpiresAt] as const] : []),
  ]);
}
