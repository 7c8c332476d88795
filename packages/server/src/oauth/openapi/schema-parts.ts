/*
 * The pieces the auth base URI's OpenAPI schemas are built from: the path parameter, string
 * fields, the parameters several endpoints share, and browser answers (pages, redirects).
 */

export const Subdomain = {
  type: 'object',
  properties: { subdomain: { type: 'string', maxLength: 64, description: 'The tenant subdomain.' } },
  required: ['subdomain'],
} as const;

export const str = (description: string, extra: Record<string, unknown> = {}) => ({
  type: 'string',
  description,
  ...extra,
});
export const oneValue = (value: string, description: string) => ({
  type: 'string',
  enum: [value],
  description,
});

export const clientId = str("The integration's client id (or in `Authorization: Basic`).", {
  maxLength: 256,
});
export const clientSecret = str('Confidential clients: the client secret (or in `Authorization: Basic`).', {
  maxLength: 256,
});
export const scope = str('Space-separated scopes to narrow the grant to (default: all granted).');
export const accountId = str(
  'A business unit MID (digits) the token is for (default: the top or chosen BU).',
  { pattern: '^[0-9]{1,10}$' },
);

export const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});
export const redirect = (description: string) => ({
  description,
  headers: { Location: { type: 'string', format: 'uri', description: 'Where to go next.' } },
  type: 'null',
});
