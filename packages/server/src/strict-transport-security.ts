import type { PackgateConfig } from './config/config.js';

/** One year, as browsers' preload lists expect. */
export const HSTS_OVER_TLS = 'max-age=31536000';

/**
 * RFC 6797 `Strict-Transport-Security` for every response of the plain HTTP server when clients
 * reach it over https anyway (`PACKGATE_PUBLIC_URL` behind a TLS front end). Host mode's own
 * HTTPS server sends {@link HSTS_OVER_TLS} on every answer (app.ts); RFC 6797 §7.2 forbids the
 * header on plain HTTP answers, so those get it only through this signal.
 *
 * No `includeSubDomains`: Packgate does not own the parent of its host name — with a public URL of
 * https://example.com it would force https on every site of the operator's domain, and in host
 * mode each tenant host (`{sub}.auth.{domain}`) already sends the header on its own responses.
 * No `preload`: a list submission is the operator's decision, hard to undo.
 * Not @fastify/helmet: this is one constant header, and the token fast path bypasses Fastify anyway.
 */
export function strictTransportSecurity(config: Pick<PackgateConfig, 'publicUrl'>): string | undefined {
  return new URL(config.publicUrl).protocol === 'https:' ? HSTS_OVER_TLS : undefined;
}
