import { str } from './schema-parts.js';

export const UserInfoResponse = {
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
