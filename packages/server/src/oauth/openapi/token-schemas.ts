import { accountId, clientId, clientSecret, oneValue, scope, str } from './schema-parts.js';

/** The token endpoint's body, one shape per grant (RFC 6749 §4), and its answer. */

export const ClientCredentialsRequest = {
  title: 'client_credentials',
  type: 'object',
  properties: {
    grant_type: oneValue('client_credentials', 'Server-to-server integrations.'),
    client_id: clientId,
    client_secret: clientSecret,
    scope,
    account_id: accountId,
  },
  required: ['grant_type'],
};
export const AuthorizationCodeRequest = {
  title: 'authorization_code',
  type: 'object',
  properties: {
    grant_type: oneValue('authorization_code', 'Web and public apps, after `v2/authorize`.'),
    code: str('The code from the authorize redirect (single use, short-lived).'),
    redirect_uri: str('Exactly the redirect_uri of the authorize request.', { format: 'uri' }),
    code_verifier: str('PKCE (RFC 7636): required for public apps.', { minLength: 43, maxLength: 128 }),
    client_id: clientId,
    client_secret: clientSecret,
  },
  required: ['grant_type', 'code', 'redirect_uri'],
};
export const RefreshTokenRequest = {
  title: 'refresh_token',
  type: 'object',
  properties: {
    grant_type: oneValue('refresh_token', 'A new token pair for a refresh token (which is rotated).'),
    refresh_token: str('The refresh token from an earlier answer.'),
    client_id: clientId,
    client_secret: clientSecret,
    scope,
    account_id: accountId,
  },
  required: ['grant_type', 'refresh_token'],
};

export const TokenRequest = {
  description:
    'One body per grant, as JSON or as form parameters (the same names). A parameter may appear once.',
  oneOf: [ClientCredentialsRequest, AuthorizationCodeRequest, RefreshTokenRequest],
};

export const TokenResponse = {
  description: "The token, in Marketing Cloud's field order; `Cache-Control: no-store`.",
  type: 'object',
  properties: {
    access_token: str('A JWT of at most 512 characters (docs/reference/tokens.md).', { maxLength: 512 }),
    token_type: oneValue('Bearer', 'Always Bearer.'),
    expires_in: { type: 'integer', description: 'Seconds: PACKGATE_ACCESS_TOKEN_TTL_SECONDS − 121.' },
    scope: str('The granted scopes, space-separated.'),
    soap_instance_url: str("The tenant's SOAP base URI.", { format: 'uri' }),
    rest_instance_url: str("The tenant's REST base URI.", { format: 'uri' }),
    refresh_token: str('User tokens only (authorization_code, refresh_token grants).'),
  },
  required: ['access_token', 'token_type', 'expires_in', 'scope', 'soap_instance_url', 'rest_instance_url'],
};
