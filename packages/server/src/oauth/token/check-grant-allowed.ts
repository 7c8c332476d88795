import { InvalidGrant } from '../../errors/oauth-errors.js';
import type { IntegrationType } from '../../storage/records.js';

const LABEL: Record<IntegrationType, string> = {
  'server-to-server': 'Server-to-Server',
  'web-app': 'Web App',
  'public-app': 'Public App',
};

const GRANTS: Record<IntegrationType, readonly string[]> = {
  'server-to-server': ['client_credentials'],
  'web-app': ['authorization_code', 'refresh_token'],
  'public-app': ['authorization_code', 'refresh_token'],
};

/**
 * The seeds' "Invalid Grant": a grant the integration type cannot use. The description names
 * the type and the grant it must use, which is what the person reading it needs to fix it.
 */
export function checkGrantAllowed(type: IntegrationType, grantType: string): void {
  if (GRANTS[type].includes(grantType)) return;
  const use =
    type === 'server-to-server' ? '"client_credentials"' : '"authorization_code" (then "refresh_token")';
  throw new InvalidGrant(
    `This is a ${LABEL[type]} integration: it cannot use the "${grantType}" grant. Use ${use}.`,
  );
}
