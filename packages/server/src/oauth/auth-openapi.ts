import type { FastifySchema } from 'fastify';
import { ErrorResponse } from '../resources/rest-schemas.js';

/**
 * The OpenAPI description of the auth base URI's operations (`{auth}` = `/{subdomain}/auth/`).
 * Documentation only (see openapi/documented.ts): the endpoints parse their own parameters
 * (JSON or form, duplicates refused) and answer errors in the OAuth shape.
 */

const Subdomain = {
  type: 'object',
  properties: { subdomain: { type: 'string', maxLength: 64, description: 'The tenant subdomain.' } },
  required: ['subdomain'],
} as const;

const str = (description: string, extra: Record<string, unknown> = {}) => ({
  type: 'string',
  description,
  ...extra,
});
const oneValue = (value: string, description: string) => ({ type: 'string', enum: [value], description });

/** RFC 6749 §5.2, with Marketing Cloud's `error_uri`; always `Cache-Control: no-store`. */
const oauthError = (description: string) => ({
  description,
  type: 'object',
  properties: {
    error: str('RFC 6749 §5.2 / RFC 6750 §3.1 error code', {
      enum: [
        'invalid_request',
        'invalid_client',
        'invalid_grant',
        'unauthorized_client',
        'unsupported_grant_type',
        'invalid_scope',
        'invalid_token',
        'insufficient_scope',
        'server_error',
      ],
    }),
    error_description: str('What went wrong, for a developer (never a secret).'),
    error_uri: str('Always https://developer.salesforce.com/docs, as Marketing Cloud answers.'),
  },
  required: ['error', 'error_description', 'error_uri'],
});

const OAUTH_ERRORS = {
  400: oauthError('invalid_request, invalid_grant, unsupported_grant_type or invalid_scope'),
  401: oauthError(
    'invalid_client (with `WWW-Authenticate: Basic` when Basic was sent) or unauthorized_client',
  ),
  404: oauthError('invalid_request: no such tenant'),
  413: oauthError('invalid_request: the body is over 64 KiB'),
  500: oauthError('server_error (details only in the server log)'),
};

const clientId = str("The integration's client id (or in `Authorization: Basic`).", { maxLength: 256 });
const clientSecret = str('Confidential clients: the client secret (or in `Authorization: Basic`).', {
  maxLength: 256,
});
const scope = str('Space-separated scopes to narrow the grant to (default: all granted).');
const accountId = str('A business unit MID (digits) the token is for (default: the top or chosen BU).', {
  pattern: '^[0-9]{1,10}$',
});

const ClientCredentialsRequest = {
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
const AuthorizationCodeRequest = {
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
const RefreshTokenRequest = {
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

const TokenRequest = {
  description:
    'One body per grant, as JSON or as form parameters (the same names). A parameter may appear once.',
  oneOf: [ClientCredentialsRequest, AuthorizationCodeRequest, RefreshTokenRequest],
};

const TokenResponse = {
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

const basicOrBody: Array<Record<string, string[]>> = [{ clientSecretBasic: [] }, {}];
const FORM_AND_JSON = ['application/x-www-form-urlencoded', 'application/json'];

const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});
const redirect = (description: string) => ({
  description,
  headers: { Location: { type: 'string', format: 'uri', description: 'Where to go next.' } },
  type: 'null',
});

const AuthorizeQuery = {
  type: 'object',
  properties: {
    response_type: oneValue('code', 'Only the authorization-code flow.'),
    client_id: clientId,
    redirect_uri: str("One of the integration's registered redirect URIs.", { format: 'uri' }),
    scope,
    state: str('Opaque value returned with the code (CSRF protection for the client).'),
    code_challenge: str('PKCE (RFC 7636): required for public apps.', { minLength: 43, maxLength: 128 }),
    code_challenge_method: oneValue('S256', 'PKCE method.'),
    account_id: accountId,
  },
  required: ['response_type', 'client_id', 'redirect_uri'],
};

const AuthorizeForm = {
  type: 'object',
  description: "The login page's form: the authorize parameters again, plus what the user entered.",
  properties: {
    ...AuthorizeQuery.properties,
    csrf_token: str('From the login page (bound to its cookie).'),
    username: str('The user name.'),
    password: str('The password.', { format: 'password' }),
    mid: str('The business unit chosen on the chooser page.', { pattern: '^[0-9]{1,10}$' }),
  },
  required: ['csrf_token'],
};

const TokenParameterBody = (extra: Record<string, unknown>, description: string) => ({
  type: 'object',
  description,
  properties: {
    token: str('The token.', { maxLength: 4096 }),
    token_type_hint: str('access_token or refresh_token (optional: the shape tells).', {
      enum: ['access_token', 'refresh_token'],
    }),
    client_id: clientId,
    ...extra,
  },
  required: ['token'],
});

const IntrospectionResponse = {
  description: 'RFC 7662 §2.2: an inactive token is `{"active": false}` and nothing more.',
  type: 'object',
  properties: {
    active: { type: 'boolean' },
    scope: str('Space-separated scopes.'),
    client_id: str('The client the token was issued to.'),
    token_type: str('Bearer (access token) or refresh_token.', { enum: ['Bearer', 'refresh_token'] }),
    exp: { type: 'integer', description: 'Expiry, seconds since the epoch.' },
    iat: { type: 'integer', description: 'Issued at, seconds since the epoch.' },
    sub: str('Client id (server-to-server) or user id.'),
    iss: str('The auth base URI.'),
    jti: str('Token id (access tokens).'),
    tenant: str('The tenant subdomain.'),
    eid: { type: 'integer', description: 'Enterprise id.' },
    mid: { type: 'integer', description: 'Business unit MID.' },
    client_type: str('ServerToServer, Confidential or Public (access tokens).'),
    uid: { type: 'integer', description: 'User id (user tokens).' },
  },
  required: ['active'],
};

const UserInfoResponse = {
  description: "Marketing Cloud's userinfo document (sfmc-auth.md §4.2) plus a top-level `sub`.",
  type: 'object',
  properties: {
    sub: str('The user id.'),
    exp: { type: 'integer' },
    iss: str('The auth base URI.'),
    user: { type: 'object', additionalProperties: true, description: 'sub, name, email, locale, timezone…' },
    organization: {
      type: 'object',
      additionalProperties: true,
      description: 'member_id, enterprise_id, enterprise_name, account_type…',
    },
    rest: {
      type: 'object',
      additionalProperties: true,
      description: 'rest_instance_url, soap_instance_url.',
    },
    application: {
      type: 'object',
      additionalProperties: true,
      description: 'The package and its redirect URIs.',
    },
    permissions: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
  required: ['sub', 'user', 'organization'],
};

const bearerError = (description: string) => ({
  ...oauthError(description),
  headers: {
    'WWW-Authenticate': {
      type: 'string',
      description: 'RFC 6750 §3: `Bearer realm="{auth}"`, with `error` when a token was sent.',
    },
  },
});

const Metadata = {
  description: 'RFC 8414 metadata; `issuer` is the auth base URI.',
  type: 'object',
  properties: {
    issuer: str('The auth base URI.', { format: 'uri' }),
    token_endpoint: str('', { format: 'uri' }),
    jwks_uri: str('', { format: 'uri' }),
    authorization_endpoint: str('', { format: 'uri' }),
    userinfo_endpoint: str('', { format: 'uri' }),
    revocation_endpoint: str('', { format: 'uri' }),
    introspection_endpoint: str('', { format: 'uri' }),
    end_session_endpoint: str('', { format: 'uri' }),
    grant_types_supported: { type: 'array', items: { type: 'string' } },
    token_endpoint_auth_methods_supported: { type: 'array', items: { type: 'string' } },
    response_types_supported: { type: 'array', items: { type: 'string' } },
    code_challenge_methods_supported: { type: 'array', items: { type: 'string' } },
    scopes_supported: { type: 'array', items: { type: 'string' } },
  },
  required: ['issuer', 'token_endpoint', 'jwks_uri'],
  additionalProperties: true,
};

const Jwks = {
  description:
    'The published signing keys (docs/reference/signing-keys.md): the signing key, a next key and keys whose tokens may still be live.',
  type: 'object',
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kty: oneValue('OKP', 'Key type.'),
          crv: oneValue('Ed25519', 'Curve.'),
          x: str('The public key, base64url.'),
          kid: str('Key id, as in the token header.'),
          alg: oneValue('EdDSA', 'Algorithm.'),
          use: oneValue('sig', 'Use.'),
        },
        required: ['kty', 'crv', 'x', 'kid', 'alg'],
      },
    },
  },
  required: ['keys'],
};

const NO_AUTH: FastifySchema['security'] = [];
/** A user access token: from the OAuth 2.0 flows, or any Bearer token. */
const USER_TOKEN: Array<Record<string, string[]>> = [{ oauth2: [] }, { accessToken: [] }];

export const AUTH_OPERATIONS = {
  token: {
    operationId: 'requestToken',
    summary: 'Request an access token (client_credentials, authorization_code, refresh_token)',
    description:
      "Client authentication: `client_id` + `client_secret` in the body (client_secret_post) or `Authorization: Basic` (client_secret_basic); public apps send `client_id` only. The endpoint's own limit (`PACKGATE_TOKEN_RATE_LIMIT_PER_MINUTE`) answers 429 in Marketing Cloud's REST error shape.",
    tags: ['oauth'],
    security: basicOrBody,
    consumes: FORM_AND_JSON,
    params: Subdomain,
    body: TokenRequest,
    response: {
      200: TokenResponse,
      ...OAUTH_ERRORS,
      429: {
        ...ErrorResponse,
        description: "The client's token budget is spent (errorcode 50200, `Retry-After`).",
      },
    },
  },
  authorize: {
    operationId: 'authorize',
    summary: 'Start the authorization-code flow (login page, then a redirect with the code)',
    description:
      'Browser endpoint. An unknown client or redirect URI is an error page (never a redirect); other errors redirect to the redirect URI with `error`, `error_description` and `state`. Success redirects with `code`, `state` and `tssd`.',
    tags: ['oauth'],
    security: NO_AUTH,
    params: Subdomain,
    querystring: AuthorizeQuery,
    response: {
      200: html('The login page, or the business-unit chooser.'),
      302: redirect('To the redirect URI with `code` (or `error`), `state` and `tssd`.'),
      400: html('Error page: unregistered redirect URI, duplicated or missing parameter.'),
      401: html('Error page: unknown client.'),
      404: html('Error page: no such tenant.'),
    },
  },
  authorizeForm: {
    operationId: 'submitAuthorizeForm',
    summary: "Submit the login page's form (username, password, business unit)",
    tags: ['oauth'],
    security: NO_AUTH,
    consumes: ['application/x-www-form-urlencoded'],
    params: Subdomain,
    body: AuthorizeForm,
    response: {
      200: html('The business-unit chooser.'),
      303: redirect('To the redirect URI with `code` (or `error`), `state` and `tssd`.'),
      400: html('Error page: unregistered redirect URI, duplicated or missing parameter.'),
      401: html('The login page again (wrong username or password), or the error page (unknown client).'),
      404: html('Error page: no such tenant.'),
      403: html('The login page again: the form expired (CSRF check).'),
      429: html('The login page again: too many failed sign-ins.'),
    },
  },
  logoutPage: {
    operationId: 'logoutPage',
    summary: 'Show the logout confirmation page',
    tags: ['oauth'],
    security: NO_AUTH,
    params: Subdomain,
    response: { 200: html('The confirmation page (a form that POSTs here).'), 404: OAUTH_ERRORS[404] },
  },
  logout: {
    operationId: 'logout',
    summary: 'End the login session and revoke its tokens without offline access',
    tags: ['oauth'],
    security: NO_AUTH,
    consumes: ['application/x-www-form-urlencoded'],
    params: Subdomain,
    body: {
      type: 'object',
      properties: { csrf_token: str('From the confirmation page.') },
      required: ['csrf_token'],
    },
    response: { 200: html('Logged out.'), 403: html('The form expired (CSRF check): a fresh one.') },
  },
  userinfo: {
    operationId: 'getUserInfo',
    summary: 'Describe the user of a user access token',
    tags: ['oauth'],
    security: USER_TOKEN,
    params: Subdomain,
    querystring: {
      type: 'object',
      properties: { view: oneValue('oidc', "`user.sub` in Marketing Cloud's OpenID form.") },
    },
    response: {
      200: UserInfoResponse,
      400: oauthError('invalid_request'),
      401: bearerError('invalid_token: missing, expired, revoked or of another tenant'),
      403: bearerError('insufficient_scope: a server-to-server token'),
    },
  },
  userinfoPost: {
    operationId: 'postUserInfo',
    summary: 'Describe the user of a user access token (POST)',
    tags: ['oauth'],
    security: USER_TOKEN,
    params: Subdomain,
    response: {
      200: UserInfoResponse,
      400: oauthError('invalid_request'),
      401: bearerError('invalid_token: missing, expired, revoked or of another tenant'),
      403: bearerError('insufficient_scope: a server-to-server token'),
    },
  },
  revoke: {
    operationId: 'revokeToken',
    summary: 'Revoke an access or refresh token (RFC 7009)',
    description:
      'Revoking a refresh token revokes its whole family. Unknown, expired or foreign-tenant tokens answer 200 too (RFC 7009 §2.2).',
    tags: ['oauth'],
    security: basicOrBody,
    consumes: FORM_AND_JSON,
    params: Subdomain,
    body: TokenParameterBody({ client_secret: clientSecret }, 'The token and the client authentication.'),
    response: {
      200: {
        description: 'Revoked (or nothing to revoke); empty body, `Cache-Control: no-store`.',
        type: 'null',
      },
      400: oauthError('invalid_request: no token, or a token of another client'),
      401: OAUTH_ERRORS[401],
      404: OAUTH_ERRORS[404],
      413: OAUTH_ERRORS[413],
    },
  },
  introspect: {
    operationId: 'introspectToken',
    summary: 'Introspect an access or refresh token (RFC 7662)',
    tags: ['oauth'],
    security: basicOrBody,
    consumes: FORM_AND_JSON,
    params: Subdomain,
    body: TokenParameterBody(
      { client_secret: clientSecret },
      'The token and a confidential client of the tenant (public apps cannot introspect).',
    ),
    response: {
      200: IntrospectionResponse,
      400: oauthError('invalid_request: no token'),
      401: OAUTH_ERRORS[401],
      404: OAUTH_ERRORS[404],
      413: OAUTH_ERRORS[413],
    },
  },
  metadata: {
    operationId: 'getAuthorizationServerMetadata',
    summary: "The tenant's authorization-server metadata (RFC 8414)",
    tags: ['discovery'],
    security: NO_AUTH,
    params: Subdomain,
    response: { 200: Metadata, 404: OAUTH_ERRORS[404] },
  },
  metadataRfc8414: {
    operationId: 'getAuthorizationServerMetadataAtWellKnown',
    summary: 'The same metadata at the RFC 8414 §3.1 location',
    tags: ['discovery'],
    security: NO_AUTH,
    params: Subdomain,
    response: { 200: Metadata, 404: OAUTH_ERRORS[404] },
  },
  jwks: {
    operationId: 'getJwks',
    summary: 'The public keys that verify access tokens (JWKS)',
    tags: ['discovery'],
    security: NO_AUTH,
    params: Subdomain,
    response: { 200: Jwks, 404: OAUTH_ERRORS[404] },
  },
} satisfies Record<string, FastifySchema>;
