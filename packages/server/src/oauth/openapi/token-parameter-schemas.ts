import { clientId, str } from './schema-parts.js';

/** Endpoints that take a `token` parameter: revocation (RFC 7009) and introspection (RFC 7662). */

export const TokenParameterBody = (extra: Record<string, unknown>, description: string) => ({
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

export const IntrospectionResponse = {
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
