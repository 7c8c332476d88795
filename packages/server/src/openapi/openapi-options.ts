import type { SwaggerOptions } from '@fastify/swagger';
import type { PackgateConfig } from '../config/config.js';
import { oauth2Scheme, PLACEHOLDER_SUBDOMAIN } from './complete-document.js';

/** The tags of `/openapi.json`, in the order tools list them. */
export const OPENAPI_TAGS = [
  {
    name: 'oauth',
    description:
      'Authorization server of a tenant (`{auth}` = `/{subdomain}/auth/`): tokens, authorization-code flow, revocation, introspection, userinfo.',
  },
  { name: 'discovery', description: 'Authorization-server metadata (RFC 8414) and the JWKS.' },
  {
    name: 'platform',
    description: 'REST `platform/v1`: the token context and base URIs (any access token).',
  },
  { name: 'data extensions', description: 'REST Data Extension rows, synchronous (`hub/v1`, `data/v1`).' },
  {
    name: 'data extensions (async)',
    description: 'REST Data Extension rows, asynchronous (`data/v1/async`).',
  },
  { name: 'soap', description: 'The SOAP API (`{soap}Service.asmx`): Retrieve, Create, Update, Delete.' },
  { name: 'tenants', description: 'Admin: tenants (Marketing Cloud accounts).' },
  { name: 'business units', description: "Admin: a tenant's business units (MIDs)." },
  { name: 'packages', description: 'Admin: installed packages.' },
  {
    name: 'integrations',
    description: "Admin: a package's API integration, its BU access and client secrets.",
  },
  { name: 'users', description: 'Admin: users and app licences.' },
  { name: 'data extensions (admin)', description: 'Admin: Data Extension definitions.' },
  { name: 'audit', description: 'Admin: the audit trail.' },
  { name: 'signing keys', description: 'Admin: token-signing keys and their rotation.' },
  {
    name: 'governance',
    description: 'Admin: client-secret rules, leaked-secret revocation and expiry warnings.',
  },
  { name: 'folders', description: "Admin: the business units' folders (DataFolder)." },
  {
    name: 'faults',
    description: 'Admin: fault rules that make a tenant answer as a failing Marketing Cloud would.',
  },
  { name: 'journal', description: 'Admin: the requests a tenant received (this instance).' },
  { name: 'seed', description: 'Admin: export every tenant as a seed document, or apply one.' },
  { name: 'setup-ui', description: 'Admin: sign-in links for the Setup web UI.' },
  {
    name: 'host mode',
    description: "Admin: host mode's base domain, HTTPS ports and local CA (what `packgate dropin` prints).",
  },
];

/** @fastify/swagger's options: the document's frame; operations come from the route schemas. */
export function openApiOptions(config: PackgateConfig): SwaggerOptions {
  return {
    openapi: {
      // 3.0, not 3.1: tools that import a Swagger/OpenAPI file (AEM Forms data sources, older
      // Swagger tooling) read 3.0; the plugin turns nullable unions into `nullable: true`.
      openapi: '3.0.3',
      info: {
        title: 'Packgate',
        version: '0.1.0',
        license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
        description:
          'Admin API of Packgate (`/admin/v1`, "Authorization: Bearer {operator key}"); the authorization ' +
          'server of every tenant (`/{subdomain}/auth/…`: token, authorize, revoke, introspect, userinfo, ' +
          'metadata, JWKS; OAuth 2.0 errors); its REST resource API (`/{subdomain}/rest/…`, ' +
          '"Authorization: Bearer {access token}" from `{auth}v2/token`; errors in Marketing Cloud\'s ' +
          '{message, errorcode, documentation} shape) and its SOAP endpoint (`/{subdomain}/soap/Service.asmx`).',
      },
      // Paths are absolute from here (`/admin/v1/…`, `/{subdomain}/rest/…`): a tool that imports
      // the file, rather than fetching it from the server, learns where to send its calls.
      servers: [{ url: config.publicUrl, description: 'Packgate (path mode)' }],
      tags: OPENAPI_TAGS,
      components: {
        securitySchemes: {
          operatorKey: { type: 'http', scheme: 'bearer' },
          // Resource API routes name this one: an access token from `{auth}v2/token`.
          accessToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          // Replaced at each request by the first tenant's URLs (complete-document.ts).
          oauth2: oauth2Scheme(config, PLACEHOLDER_SUBDOMAIN),
          clientSecretBasic: {
            type: 'http',
            scheme: 'basic',
            description: 'client_secret_basic: the client id and secret as Basic credentials.',
          },
        },
      },
      security: [{ operatorKey: [] }],
    },
  };
}
