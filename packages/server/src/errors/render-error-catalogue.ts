import * as admin from './admin-errors.js';
import { ConfigError, StoreError } from './config-error.js';
import * as oauth from './oauth-errors.js';
import * as resource from './resource-errors.js';
import * as soap from './soap-faults.js';

type OAuthErrorClass = new (d: string) => oauth.OAuthError;
type AdminErrorClass = new (m: string) => admin.AdminError;
type ResourceErrorClass = new (m: string) => resource.ResourceError;
type SoapFaultClass = new (m: string) => soap.SoapFault;

/** Exported subclasses of `base` in a module namespace, by name. */
function subclassesOf<T>(module: Record<string, unknown>, base: abstract new (...args: never[]) => T) {
  return Object.entries(module)
    .filter(([, v]) => typeof v === 'function' && (v as { prototype: unknown }).prototype instanceof base)
    .sort(([a], [b]) => a.localeCompare(b));
}

const OAUTH_MEANING: Record<string, string> = {
  InvalidRequest: 'A parameter is missing, repeated, of the wrong type, or the body/media type is wrong.',
  InvalidClient: 'Unknown client, wrong/expired/staged secret, broken checksum, or client of another tenant.',
  InvalidGrant:
    'The grant does not fit the integration type (the description names both), or a code/refresh token is invalid.',
  UnauthorizedClient: 'The integration is not enabled for the requested business unit (`account_id`).',
  UnsupportedGrantType: 'Unknown `grant_type`.',
  InvalidScope: 'A requested scope is unknown or not on the integration.',
  UnsupportedResponseType: '`response_type` other than `code` at the authorize endpoint.',
  AccessDenied: 'The user refused, or has no permission for any requested scope.',
  InvalidToken: 'Bearer token missing, malformed, expired, revoked or for another tenant.',
  RequestTooLarge: 'The body is larger than the endpoint accepts (64 KiB on the auth endpoints).',
  UnknownTenant: 'No tenant has the subdomain in the URL.',
  ServerError: 'Unexpected failure; the cause is logged, never sent.',
  InsufficientScope: 'The bearer token lacks a scope the endpoint needs.',
};

/** docs/reference/errors.md: every error class with its wire code and HTTP status. */
export function renderErrorCatalogue(): string {
  const oauthRows = subclassesOf(oauth, oauth.OAuthError).map(([name, cls]) => {
    const e = new (cls as OAuthErrorClass)('x');
    return `| \`${name}\` | \`${e.error}\` | ${e.statusCode} | ${OAUTH_MEANING[name] ?? ''} |`;
  });
  const adminRows = subclassesOf(admin, admin.AdminError).map(([name, cls]) => {
    const e = new (cls as AdminErrorClass)('x');
    return `| \`${name}\` | \`${e.code}\` | ${e.statusCode} |`;
  });
  return [
    '# Error catalogue',
    '',
    '<!-- Generated from packages/server/src/errors by `npm run docs`; a test keeps it in step. -->',
    '',
    '## OAuth endpoints (`{auth}v2/…`)',
    '',
    'Body: `{"error", "error_description", "error_uri": "https://developer.salesforce.com/docs"}`, always with',
    '`Cache-Control: no-store`. The status is fixed by the error class, never chosen at the throw site.',
    '',
    '| class | `error` | HTTP | when |',
    '|---|---|---:|---|',
    ...oauthRows,
    '',
    'One exception: a token request over `PACKGATE_TOKEN_RATE_LIMIT_PER_MINUTE` (counted per authenticated',
    'client id) answers 429 in the REST shape, as Marketing Cloud does (`RequestsBlocked` below:',
    '`{"message":"Your requests are temporarily blocked.","errorcode":50200,"documentation"}` and `Retry-After`).',
    '',
    '## Admin API (`/admin/v1`)',
    '',
    'Body: `{"error", "message", "field"?}`; `field` names the offending input (`scopes.0`, `redirectUris`).',
    '',
    '| class | `error` | HTTP |',
    '|---|---|---:|',
    ...adminRows,
    '',
    '`TooManyRequests` carries `Retry-After`: the source address sent more wrong operator keys this minute',
    'than `PACKGATE_ADMIN_KEY_FAILURES_PER_MINUTE` allows.',
    '',
    '## Process errors (boot and CLI)',
    '',
    '| code | meaning |',
    '|---|---|',
    `| \`${new ConfigError('X', 'y').code}\` | A setting is invalid; the message names it (one line). |`,
    `| \`${new StoreError('x').code}\` | The database failed; the driver error is the \`cause\` (logged). |`,
    '',
    '## Resource API, REST (`{rest}…`)',
    '',
    'Body: `{"message", "errorcode", "documentation"[, "additionalErrors"]}` (Marketing Cloud\'s shape).',
    '',
    '| class | HTTP | `errorcode` |',
    '|---|---:|---:|',
    ...subclassesOf(resource, resource.ResourceError).map(([name, cls]) => {
      const e = new (cls as ResourceErrorClass)('x');
      return `| \`${name}\` | ${e.statusCode} | ${e.errorcode} |`;
    }),
    '',
    '`RateLimited` carries `Retry-After` and `retryAfter` (seconds to the end of the one-minute window);',
    "`RequestsBlocked` is the token endpoint's throttle answer (`Retry-After` only).",
    '',
    '## Resource API, SOAP (`{soap}Service.asmx`)',
    '',
    'Every fault is HTTP 500 (SOAP 1.1) with a `faultcode`:',
    '',
    '| class | `faultcode` |',
    '|---|---|',
    ...subclassesOf(soap, soap.SoapFault).map(
      ([name, cls]) => `| \`${name}\` | \`${new (cls as SoapFaultClass)('x').faultcode}\` |`,
    ),
    '',
    'Details per route: [resource-api.md](resource-api.md).',
    '',
  ].join('\n');
}
