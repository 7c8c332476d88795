import { InvalidRequest, UnsupportedResponseType } from '../../errors/oauth-errors.js';
import { narrowScopes } from '../../setup/scopes/narrow-scopes.js';
import type { Integration } from '../../storage/records.js';
import type { OAuthParameters } from '../parse-parameters.js';
import { isS256Challenge } from '../pkce/pkce.js';
import { parseAccountId } from '../token/resolve-business-unit.js';

/** The parameters of an authorization request that the login form carries through. */
export const AUTHORIZE_PARAMETERS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'account_id',
] as const;

export interface AuthorizationRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string | undefined;
  /** requested ∩ integration scopes (omitted = all of the integration's), catalogue order. */
  readonly scopes: readonly string[];
  readonly codeChallenge: string | undefined;
  readonly accountId: number | undefined;
}

/** `state` to echo in a redirect: never one that was sent twice (which one would be right?). */
export function stateToEcho(params: OAuthParameters, duplicated: ReadonlySet<string>): string | undefined {
  return duplicated.has('state') ? undefined : params.state;
}

/**
 * Checks an authorization request once its client and redirect URI are trusted; every error
 * thrown here is reported by redirecting to that URI (RFC 6749 §4.1.2.1).
 */
export function checkAuthorizationRequest(
  params: OAuthParameters,
  duplicated: ReadonlySet<string>,
  integration: Integration,
  redirectUri: string,
): AuthorizationRequest {
  for (const name of AUTHORIZE_PARAMETERS) {
    if (duplicated.has(name)) throw new InvalidRequest(`The parameter "${name}" is included more than once.`);
  }
  const responseType = params.response_type;
  if (responseType === undefined || responseType === '') {
    throw new InvalidRequest('The "response_type" parameter is required (use "code").');
  }
  if (responseType !== 'code') {
    throw new UnsupportedResponseType('Only response_type=code is supported.');
  }
  const codeChallenge = checkPkceParameters(params, integration);
  return {
    clientId: integration.clientId,
    redirectUri,
    state: params.state,
    scopes: narrowScopes(params.scope, integration.scopes),
    codeChallenge,
    accountId: parseAccountId(params.account_id),
  };
}

/** PKCE (RFC 7636): S256 only; required for public apps, optional for web apps. */
function checkPkceParameters(params: OAuthParameters, integration: Integration): string | undefined {
  const challenge = params.code_challenge;
  const method = params.code_challenge_method;
  if (challenge === undefined || challenge === '') {
    if (method !== undefined)
      throw new InvalidRequest('code_challenge_method was sent without code_challenge.');
    if (integration.integrationType === 'public-app') {
      throw new InvalidRequest(
        'Public apps must use PKCE: send code_challenge and code_challenge_method=S256.',
      );
    }
    return undefined;
  }
  // RFC 7636 §4.3 makes a missing method mean "plain", which is refused.
  if (method !== 'S256') {
    throw new InvalidRequest('code_challenge_method must be S256 (plain is not accepted).');
  }
  if (!isS256Challenge(challenge)) {
    throw new InvalidRequest('code_challenge must be 43 base64url characters (the S256 of the verifier).');
  }
  return challenge;
}
