import { DiscoveryError } from '../errors/token-errors.js';
import { readText, sendRequest } from '../http/send-request.js';
import { isLoopbackHost } from '../urls/normalize-base-uri.js';
import type { DialectContext } from './token-dialect.js';

/** The RFC 8414 metadata fields the SDK uses, in camelCase. */
export interface AuthorizationServerMetadata {
  /** `issuer` */
  issuer: string;
  /** `token_endpoint` */
  tokenEndpoint: string;
  /** `authorization_endpoint`, when advertised. */
  authorizationEndpoint: string | undefined;
  /** `introspection_endpoint`, when advertised. */
  introspectionEndpoint: string | undefined;
  /** `token_endpoint_auth_methods_supported` (default `['client_secret_basic']`, RFC 8414 §2). */
  tokenEndpointAuthMethodsSupported: string[];
}

/**
 * The metadata URLs tried for an issuer, in order: RFC 8414 §3.1 (well-known inserted before the path),
 * the same appended after the path (as Packgate serves it), then OpenID Connect discovery.
 *
 * @example
 * ```ts
 * metadataUrls('https://as.example/tenant/');
 * // ['https://as.example/.well-known/oauth-authorization-server/tenant', 'https://as.example/tenant/.well-known/oauth-authorization-server', 'https://as.example/tenant/.well-known/openid-configuration']
 * ```
 */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  const base = issuer.endsWith('/') ? issuer : `${issuer}/`;
  const urls = [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${base}.well-known/oauth-authorization-server`,
    `${base}.well-known/openid-configuration`,
  ];
  return [...new Set(urls)];
}

/**
 * Fetches and validates authorization server metadata (RFC 8414). The `issuer` must equal the
 * configured one (a trailing `/` aside, §3.3) and endpoints must be absolute https URLs (http on loopback).
 *
 * @example
 * ```ts
 * const metadata = await discoverAuthorizationServer({ baseUri: issuer, fetch, timeoutMs: 10_000, now: Date.now, allowInsecureHttp: false });
 * ```
 */
export async function discoverAuthorizationServer(
  context: DialectContext,
): Promise<AuthorizationServerMetadata> {
  let lastProblem = 'no metadata document found';
  for (const url of metadataUrls(context.baseUri)) {
    const response = await sendRequest(
      url,
      { headers: { accept: 'application/json' }, redirect: 'manual' },
      { fetch: context.fetch, timeoutMs: context.timeoutMs, target: 'metadata endpoint' },
    );
    const text = await readText(response, 1_000_000);
    if (response.status === 404) continue;
    if (!response.ok) {
      lastProblem = `metadata endpoint answered HTTP ${response.status}`;
      continue;
    }
    return parseAuthorizationServerMetadata(text, context);
  }
  throw new DiscoveryError(`authorization server discovery failed for ${context.baseUri}: ${lastProblem}`);
}

/**
 * Parses and validates a metadata document (snake_case wire → camelCase).
 *
 * @example
 * ```ts
 * parseAuthorizationServerMetadata('{"issuer":"https://as.example","token_endpoint":"https://as.example/token"}', context);
 * ```
 */
export function parseAuthorizationServerMetadata(
  text: string,
  context: DialectContext,
): AuthorizationServerMetadata {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DiscoveryError('authorization server metadata is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DiscoveryError('authorization server metadata is not a JSON object');
  }
  const body = value as Record<string, unknown>;
  const strip = (s: string) => s.replace(/\/$/, '');
  if (typeof body.issuer !== 'string' || strip(body.issuer) !== strip(context.baseUri)) {
    throw new DiscoveryError(
      'authorization server metadata issuer does not match the configured issuer (RFC 8414 §3.3)',
    );
  }
  const methods = body.token_endpoint_auth_methods_supported;
  return {
    issuer: body.issuer,
    tokenEndpoint: checkEndpoint(body.token_endpoint, 'token_endpoint', context),
    authorizationEndpoint:
      body.authorization_endpoint === undefined
        ? undefined
        : checkEndpoint(body.authorization_endpoint, 'authorization_endpoint', context),
    introspectionEndpoint:
      body.introspection_endpoint === undefined
        ? undefined
        : checkEndpoint(body.introspection_endpoint, 'introspection_endpoint', context),
    tokenEndpointAuthMethodsSupported:
      Array.isArray(methods) && methods.every((m) => typeof m === 'string')
        ? methods
        : ['client_secret_basic'],
  };
}

function checkEndpoint(value: unknown, field: string, context: DialectContext): string {
  let url: URL;
  try {
    if (typeof value !== 'string') throw new TypeError(field);
    url = new URL(value);
  } catch {
    throw new DiscoveryError(`authorization server metadata ${field} is missing or not an absolute URL`);
  }
  const httpAllowed = context.allowInsecureHttp || isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && httpAllowed)) {
    throw new DiscoveryError(`authorization server metadata ${field} must use https`);
  }
  if (url.username !== '' || url.password !== '' || url.hash !== '') {
    throw new DiscoveryError(
      `authorization server metadata ${field} must not contain credentials or a fragment`,
    );
  }
  return url.href;
}
