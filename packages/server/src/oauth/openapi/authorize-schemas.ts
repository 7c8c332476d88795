import { accountId, clientId, oneValue, scope, str } from './schema-parts.js';

/** `v2/authorize` (RFC 6749 §4.1.1, PKCE) and the login page's form that continues it. */

export const AuthorizeQuery = {
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

export const AuthorizeForm = {
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
