import { str } from './schema-parts.js';

/** RFC 6749 §5.2, with Marketing Cloud's `error_uri`; always `Cache-Control: no-store`. */
export const oauthError = (description: string) => ({
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

export const OAUTH_ERRORS = {
  400: oauthError('invalid_request, invalid_grant, unsupported_grant_type or invalid_scope'),
  401: oauthError(
    'invalid_client (with `WWW-Authenticate: Basic` when Basic was sent) or unauthorized_client',
  ),
  404: oauthError('invalid_request: no such tenant'),
  413: oauthError('invalid_request: the body is over 64 KiB'),
  500: oauthError('server_error (details only in the server log)'),
};

/** RFC 6750 §3: an error of a Bearer-protected endpoint (userinfo). */
export const bearerError = (description: string) => ({
  ...oauthError(description),
  headers: {
    'WWW-Authenticate': {
      type: 'string',
      description: 'RFC 6750 §3: `Bearer realm="{auth}"`, with `error` when a token was sent.',
    },
  },
});
