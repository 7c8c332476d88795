import type { PackgateConfig } from '../../config/config.js';

export interface BaseUris {
  readonly authBaseUri: string;
  readonly restBaseUri: string;
  readonly soapBaseUri: string;
}

/**
 * A tenant's three base URIs, always with a trailing slash (PRODUCT.md §3). Path mode hangs
 * them off the public URL; host mode gives each its own host under the base domain.
 */
export function baseUrisFor(
  config: Pick<PackgateConfig, 'publicUrl' | 'baseDomain' | 'tlsPublicPort'>,
  subdomain: string,
): BaseUris {
  if (config.baseDomain) {
    const port = config.tlsPublicPort === 443 ? '' : `:${config.tlsPublicPort}`;
    const host = (kind: string) => `https://${subdomain}.${kind}.${config.baseDomain}${port}/`;
    return { authBaseUri: host('auth'), restBaseUri: host('rest'), soapBaseUri: host('soap') };
  }
  const base = `${config.publicUrl}/${subdomain}`;
  return { authBaseUri: `${base}/auth/`, restBaseUri: `${base}/rest/`, soapBaseUri: `${base}/soap/` };
}
