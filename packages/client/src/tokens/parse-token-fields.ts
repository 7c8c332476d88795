import { InvalidResponseError } from '../errors/token-errors.js';

/**
 * Reads the object behind a token response, or throws {@link InvalidResponseError}.
 *
 * @example
 * ```ts
 * const body = parseResponseObject(JSON.parse(text));
 * ```
 */
export function parseResponseObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidResponseError('token response is not a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * Reads a required non-empty string field (at most `maxLength` characters) of a token response.
 *
 * @example
 * ```ts
 * const accessToken = parseRequiredString(body, 'access_token');
 * ```
 */
export function parseRequiredString(
  body: Record<string, unknown>,
  field: string,
  maxLength = 16_384,
): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '' || value.length > maxLength) {
    throw new InvalidResponseError(`token response field ${field} is missing or not a valid string`);
  }
  return value;
}

/**
 * Reads an optional string field; throws when present with another type.
 *
 * @example
 * ```ts
 * const refreshToken = parseOptionalString(body, 'refresh_token');
 * ```
 */
export function parseOptionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > 16_384) {
    throw new InvalidResponseError(`token response field ${field} is not a valid string`);
  }
  return value === '' ? undefined : value;
}

/**
 * Reads `token_type` (default `Bearer`); only bearer tokens are supported.
 *
 * @example
 * ```ts
 * parseTokenType({ token_type: 'bearer' }); // 'Bearer'
 * ```
 */
export function parseTokenType(body: Record<string, unknown>): string {
  const value = parseOptionalString(body, 'token_type') ?? 'Bearer';
  if (value.toLowerCase() !== 'bearer') {
    throw new InvalidResponseError(
      `token_type ${JSON.stringify(value.slice(0, 20))} is not supported (Bearer only)`,
    );
  }
  return 'Bearer';
}

/**
 * Reads `expires_in` in seconds: a positive finite number (numeric strings accepted), or `undefined` when absent.
 *
 * @example
 * ```ts
 * parseExpiresIn({ expires_in: 1079 }); // 1079
 * ```
 */
export function parseExpiresIn(body: Record<string, unknown>): number | undefined {
  const raw = body.expires_in;
  if (raw === undefined || raw === null) return undefined;
  const value = typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 10 * 365 * 86_400) {
    throw new InvalidResponseError('token response field expires_in must be a positive number of seconds');
  }
  return value;
}

/**
 * Reads a space-separated `scope` into an array, or `undefined` when absent.
 *
 * @example
 * ```ts
 * parseScope({ scope: 'a  b' }); // ['a', 'b']
 * ```
 */
export function parseScope(body: Record<string, unknown>): string[] | undefined {
  const value = body.scope;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new InvalidResponseError('token response field scope must be a string');
  return value.split(' ').filter((item) => item !== '');
}
