import type { PackgateConfig } from './config/config.js';

/**
 * RFC 6797 `Strict-Transport-Security` for every response when clients reach Packgate over https
 * (`PACKGATE_PUBLIC_URL`; host-mode TLS is not served by Packgate itself yet, so the public URL's
 * scheme is the one signal). One year, as browsers' preload lists expect.
 *
 * No `includeSubDomains`: Packgate does not own the parent of its host name — with a public URL of
 * https://example.com it would force https on every site of the operator's domain, and in host
 * mode each tenant host (`{sub}.auth.{domain}`) already sends the header on its own responses.
 * No `preload`: a list submission is the operator's decision, hard to undo.
 * Not @fastify/helmet: this is one constant header, and the token fast path bypasses Fastify anyway.
 */
export function strictTransportSecurity(config: Pick<PackgateConfig, 'publicUrl'>): string | undefined {
  return new URL(config.publicUrl).protocol === 'https:' ? 'max-age=31536000' : undefined;
}
