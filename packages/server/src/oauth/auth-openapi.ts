import type { FastifySchema } from 'fastify';
import { ErrorResponse } from '../resources/rest-schemas.js';
import { AuthorizeForm, AuthorizeQuery } from './openapi/authorize-schemas.js';
import { Jwks, Metadata } from './openapi/discovery-schemas.js';
import { bearerError, OAUTH_ERRORS, oauthError } from './openapi/oauth-error-schemas.js';
import { clientSecret, html, oneValue, redirect, Subdomain, str } from './openapi/schema-parts.js';
import { IntrospectionResponse, TokenParameterBody } from './openapi/token-parameter-schemas.js';
import { TokenRequest, TokenResponse } from './openapi/token-schemas.js';
import { UserInfoResponse } from './openapi/userinfo-schemas.js';

/**
 * The OpenAPI description of the auth base URI's operations (`{auth}` = `/{subdomain}/auth/`).
 * Documentation only (see openapi/documented.ts): the endpoints parse their own parameters
 * (JSON or form, duplicates refused) and answer errors in the OAuth shape.
 */

const basicOrBody: Array<Record<string, string[]>> = [{ clientSecretBasic: [] }, {}];
const FORM_AND_JSON = ['application/x-www-form-urlencoded', 'application/json'];
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
