import type { OpenAPIV3 } from 'openapi-types';
import type { PackgateConfig } from '../config/config.js';
import { SCOPE_CATALOGUE } from '../setup/scopes/scope-catalogue.js';
import { baseUrisFor } from '../setup/tenants/base-uris.js';

type Config = Pick<PackgateConfig, 'publicUrl' | 'baseDomain' | 'tlsPublicPort'>;

/** A tenant that has none yet: the document still names where its endpoints would be. */
export const PLACEHOLDER_SUBDOMAIN = 'your-subdomain';

/** The `oauth2` scheme with the token and authorize URLs of one tenant. */
export function oauth2Scheme(config: Config, subdomain: string): OpenAPIV3.OAuth2SecurityScheme {
  const { authBaseUri } = baseUrisFor(config, subdomain);
  const scopes = Object.fromEntries(
    SCOPE_CATALOGUE.map((s) => [s.id, `${s.item}: ${s.id.slice(s.id.lastIndexOf('_') + 1)}`]),
  );
  return {
    type: 'oauth2',
    description: `Access tokens of tenant \`${subdomain}\`; for another tenant replace the subdomain in these URLs.`,
    flows: {
      clientCredentials: { tokenUrl: `${authBaseUri}v2/token`, scopes },
      authorizationCode: {
        authorizationUrl: `${authBaseUri}v2/authorize`,
        tokenUrl: `${authBaseUri}v2/token`,
        refreshUrl: `${authBaseUri}v2/token`,
        scopes,
      },
    },
  };
}

/**
 * What the route schemas cannot say, added to the generated document at each request: the
 * `oauth2` security scheme with a tenant's real URLs (the first tenant's; other tenants differ
 * by their subdomain, as `servers` says) and, in host mode, servers per tenant host.
 */
export function completeDocument(
  generated: OpenAPIV3.Document,
  config: Config,
  subdomains: readonly string[],
): OpenAPIV3.Document {
  const doc = structuredClone(generated);
  const subdomain = subdomains[0] ?? PLACEHOLDER_SUBDOMAIN;
  doc.components ??= {};
  doc.components.securitySchemes = {
    ...doc.components.securitySchemes,
    oauth2: oauth2Scheme(config, subdomain),
  };
  if (config.baseDomain) toHostMode(doc, config, subdomain);
  return doc;
}

const TENANT_PATH = /^\/\{subdomain\}\/(auth|rest|soap)(\/.*)$/;

/**
 * Host mode (PACKGATE_BASE_DOMAIN): a tenant's endpoints live at
 * `https://{subdomain}.{auth|rest|soap}.{domain}/…`, so their paths lose the `/{subdomain}/{kind}`
 * prefix and get a path-level server with a `subdomain` variable. The RFC 8414 §3.1 location
 * is the auth host's own `/.well-known/oauth-authorization-server` there. Admin paths stay on
 * the public URL.
 */
function toHostMode(doc: OpenAPIV3.Document, config: Config, defaultSubdomain: string): void {
  const port = config.tlsPublicPort === 443 ? '' : `:${config.tlsPublicPort}`;
  const paths: OpenAPIV3.PathsObject = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!item) continue;
    if (path === '/.well-known/oauth-authorization-server/{subdomain}/auth') continue;
    const match = TENANT_PATH.exec(path);
    if (!match) {
      paths[path] = item;
      continue;
    }
    const [, kind, rest] = match;
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = item[method];
      if (!op?.parameters) continue;
      op.parameters = op.parameters.filter((p) => !('in' in p && p.in === 'path' && p.name === 'subdomain'));
    }
    paths[rest as string] = {
      ...item,
      servers: [
        {
          url: `https://{subdomain}.${kind}.${config.baseDomain}${port}`,
          description: `The tenant's ${kind} host`,
          variables: { subdomain: { default: defaultSubdomain, description: 'The tenant subdomain.' } },
        },
      ],
    };
  }
  doc.paths = paths;
}
