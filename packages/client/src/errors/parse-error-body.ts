/**
 * An error body in either wire shape, normalised: RFC 6749 `{error, error_description}` or
 * Marketing Cloud REST `{message, errorcode}` (Salesforce core's `[{message, errorCode}]` too).
 */
export interface ErrorBody {
  /** OAuth `error` code, when the body had the RFC 6749 shape. */
  oauthError?: string;
  /** Human text: `error_description` or `message`. */
  description?: string;
  /** Marketing Cloud numeric `errorcode`. */
  errorcode?: number;
  /** Salesforce core string `errorCode` (e.g. `INVALID_SESSION_ID`). */
  errorCodeName?: string;
}

/**
 * Parses an error body of either shape; anything unrecognised yields an empty object.
 *
 * @example
 * ```ts
 * parseErrorBody('{"message":"Not Authorized","errorcode":0}'); // { description: 'Not Authorized', errorcode: 0 }
 * parseErrorBody('{"error":"invalid_client","error_description":"bad"}'); // { oauthError: 'invalid_client', description: 'bad' }
 * ```
 */
export function parseErrorBody(text: string): ErrorBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== 'object' || value === null) return {};
  const body = value as Record<string, unknown>;
  const out: ErrorBody = {};
  if (typeof body.error === 'string' && body.error !== '') out.oauthError = body.error;
  if (typeof body.error_description === 'string') out.description = body.error_description;
  else if (typeof body.message === 'string') out.description = body.message;
  if (typeof body.errorcode === 'number' && Number.isInteger(body.errorcode)) out.errorcode = body.errorcode;
  else if (typeof body.errorcode === 'string' && /^\d+$/.test(body.errorcode))
    out.errorcode = Number(body.errorcode);
  if (typeof body.errorCode === 'string') out.errorCodeName = body.errorCode;
  return out;
}
