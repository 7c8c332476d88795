/**
 * Stable error codes of `@packgate/client` and the hint each one carries.
 *
 * The codes never change meaning between releases; match on `error.code`, not on messages.
 * The README's "Error codes" table is generated from {@link errorHints} and a test keeps them in step.
 *
 * @example
 * ```ts
 * try { await provider.getToken(); } catch (e) {
 *   if (e instanceof PackgateClientError && e.code === 'ERR_INVALID_CLIENT') console.error(e.hint);
 * }
 * ```
 */
export const errorHints = {
  ERR_INVALID_CONFIGURATION:
    'Fix the option named in the message; base URIs must be absolute https URLs (http only on loopback).',
  ERR_INVALID_TSSD:
    'The tenant subdomain (tssd) must be exactly 28 characters of [a-z0-9-]; never build a host from an unvalidated value.',
  ERR_INVALID_CLIENT:
    'Check the client id and client secret, and on the package Access tab that the integration is enabled for this business unit (account_id).',
  ERR_UNAUTHORIZED_CLIENT:
    'The client may not use this business unit or flow: check the package Access tab for the account_id (MID) and the integration type.',
  ERR_SECRET_EXPIRED:
    'The client secret has expired (secrets live 180 days): rotate it — stage a new secret, wait 5 minutes, activate it and update your configuration.',
  ERR_INVALID_GRANT:
    'The grant type does not match the integration type: server-to-server uses client_credentials; web and public apps use authorization_code and refresh_token.',
  ERR_REFRESH_TOKEN_REJECTED:
    'The refresh token is expired, revoked or was already used: the user must sign in again (persist every rotated refresh token).',
  ERR_INVALID_SCOPE:
    'Request only scopes assigned to the API integration; after adding a scope wait up to 5 minutes and request a new token.',
  ERR_TOKEN_REQUEST_FAILED:
    'The token endpoint refused the request: check grant_type, client credentials and the body format for this dialect.',
  ERR_INVALID_RESPONSE:
    'The server did not answer like a token endpoint: check that the base URI is the auth base URI shown on the API integration.',
  ERR_TIMEOUT:
    'No answer in time: check the auth base URI; use the tenant-specific base URI ({subdomain}.auth.marketingcloudapis.com) shown on the API integration.',
  ERR_NETWORK:
    'The host could not be reached (DNS or connection failure): check the auth base URI; use the tenant-specific base URI shown on the API integration.',
  ERR_NOT_AUTHORIZED:
    'The API rejected a freshly issued token: check the package Access tab for this business unit; the token may have been revoked or belong to another tenant.',
  ERR_INSUFFICIENT_SCOPE:
    'The token lacks a scope this call needs: add the scope to the API integration, wait up to 5 minutes, then request a new token.',
  ERR_RATE_LIMITED:
    'Requests are throttled: reuse tokens until they expire (about one token request per 20 minutes) and slow down API calls.',
  ERR_SERVICE_UNAVAILABLE: 'The service is temporarily unavailable: retry later with backoff.',
  ERR_API_ERROR: 'The API answered with an error: see status, errorcode and message.',
  ERR_SOAP_FAULT: 'The SOAP API answered with a fault: see faultcode and faultstring.',
  ERR_AUTHORIZATION_DENIED:
    'The authorization server redirected back with an error: the user denied access, or the redirect URI, scope or PKCE parameters are wrong.',
  ERR_STATE_MISMATCH:
    'The state parameter does not match the one sent: the callback may be forged or belong to another login attempt; start the login again.',
  ERR_DISCOVERY_FAILED:
    'Authorization server metadata (RFC 8414) could not be read: check the issuer URL and that /.well-known/oauth-authorization-server is served.',
  ERR_NO_REFRESH_TOKEN:
    'No refresh token is available: run the authorization code flow (request the offline scope to keep access).',
  ERR_ROTATION_NOT_PERSISTED:
    'A rotated refresh token could not be persisted: fix the persistence callback; the new token is kept in memory and saved again on the next call.',
  // The admin API (`@packgate/client/admin`).
  ERR_ADMIN_BAD_REQUEST:
    'The admin API refused the request as invalid: fix the field named by error.field (the message says what is wrong with it).',
  ERR_ADMIN_UNAUTHENTICATED:
    'The admin API refused the operator key: pass the key of this server (the admin-key file in its data directory, or its PACKGATE_ADMIN_KEY).',
  ERR_ADMIN_NOT_FOUND:
    'No such tenant, package, integration, secret or user: check the ids and the subdomain (the list operations show them).',
  ERR_ADMIN_CONFLICT:
    'It already exists, or its state forbids this (a package has one API Integration; a secret is revoked once): read it first.',
  ERR_ADMIN_RATE_LIMITED:
    'The admin API throttled the request (wrong operator keys from this address, or secret rotations too close together): wait retryAfterMs.',
  ERR_ADMIN_API_ERROR: 'The admin API answered with an error: see status, adminError and the message.',
} as const;

/** A stable error code of `@packgate/client`. */
export type ErrorCode = keyof typeof errorHints;
