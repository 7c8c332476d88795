import { oneValue, str } from './schema-parts.js';

/** What a client discovers the tenant's authorization server by: RFC 8414 metadata and the JWKS. */

export const Metadata = {
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

export const Jwks = {
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
