import type { OAuthParameters } from '../parse-parameters.js';

export interface AuthorizeParameters {
  readonly params: OAuthParameters;
  /** Names sent more than once (RFC 6749 §3.1 forbids it); their first value is in `params`. */
  readonly duplicated: ReadonlySet<string>;
}

/** Parses the authorize query string, recording duplicates instead of failing at once: whether a
 * duplicate is answered with an error page or a redirect depends on which parameter it is. */
export function parseAuthorizeQuery(url: string): AuthorizeParameters {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const params: Record<string, string> = Object.create(null);
  const duplicated = new Set<string>();
  for (const [name, value] of new URLSearchParams(query)) {
    if (name in params) duplicated.add(name);
    else params[name] = value;
  }
  return { params, duplicated };
}
