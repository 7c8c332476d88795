import { InvalidRequest, InvalidToken } from '../errors/oauth-errors.js';

/** RFC 6750 §2.1: `Authorization: Bearer <token>`; nothing else carries a bearer token here. */
export function readBearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization === '') {
    throw new InvalidToken('An access token is required: send "Authorization: Bearer <token>".');
  }
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(authorization);
  if (!match?.[1]) throw new InvalidRequest('Malformed Authorization header: use "Bearer <token>".');
  return match[1];
}
