import type { FastifySchema } from 'fastify';

/**
 * The OpenAPI description of the auth base URI's operations (`{auth}` = `/{subdomain}/auth/`).
 * Documentation only (see openapi/documented.ts): the endpoints parse their own parameters.
 */
export const AUTH_OPERATIONS = {
  token: {
    operationId: 'requestToken',
    summary: 'Request an access token (client_credentials, authorization_code, refresh_token)',
    tags: ['oauth'],
  },
  authorize: {
    operationId: 'authorize',
    summary: 'Start the authorization-code flow (login page, then a redirect with the code)',
    tags: ['oauth'],
  },
  authorizeForm: {
    operationId: 'submitAuthorizeForm',
    summary: "Submit the login page's form (username, password, business unit)",
    tags: ['oauth'],
  },
  logoutPage: { operationId: 'logoutPage', summary: 'Show the logout confirmation page', tags: ['oauth'] },
  logout: {
    operationId: 'logout',
    summary: 'End the login session and revoke its tokens without offline access',
    tags: ['oauth'],
  },
  userinfo: {
    operationId: 'getUserInfo',
    summary: 'Describe the user of a user access token',
    tags: ['oauth'],
  },
  userinfoPost: {
    operationId: 'postUserInfo',
    summary: 'Describe the user of a user access token (POST form)',
    tags: ['oauth'],
  },
  revoke: {
    operationId: 'revokeToken',
    summary: 'Revoke an access or refresh token (RFC 7009)',
    tags: ['oauth'],
  },
  introspect: {
    operationId: 'introspectToken',
    summary: 'Introspect an access or refresh token (RFC 7662)',
    tags: ['oauth'],
  },
  metadata: {
    operationId: 'getAuthorizationServerMetadata',
    summary: "The tenant's authorization-server metadata (RFC 8414)",
    tags: ['discovery'],
  },
  metadataRfc8414: {
    operationId: 'getAuthorizationServerMetadataAtWellKnown',
    summary: 'The same metadata at the RFC 8414 §3.1 location',
    tags: ['discovery'],
  },
  jwks: {
    operationId: 'getJwks',
    summary: 'The public keys that verify access tokens (JWKS)',
    tags: ['discovery'],
  },
} satisfies Record<string, FastifySchema>;
