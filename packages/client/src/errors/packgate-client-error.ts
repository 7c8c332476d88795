import { type ErrorCode, errorHints } from './error-codes.js';

/** Details a {@link PackgateClientError} may carry; none of them ever holds a secret or a token. */
export interface PackgateClientErrorDetails {
  /** HTTP status of the response that caused the error, when there was one. */
  status?: number;
  /** OAuth `error` code (`invalid_client`, …) from an RFC 6749 error body. */
  oauthError?: string;
  /** Marketing Cloud REST `errorcode` (`0`, `20002`, `50100`, …). */
  errorcode?: number;
  /** Text to use instead of the default hint for this code. */
  hint?: string;
  /** The socket's error code of a transport failure (`ENOTFOUND`, `ECONNREFUSED`, `ETIMEDOUT`, …). */
  transportCode?: string | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by `@packgate/client`.
 *
 * `code` is stable and `hint` names the likely cause and fix. Messages are built only from
 * server descriptions passed through {@link redactSecrets}, never from credentials.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof PackgateClientError) console.error(`${e.code}: ${e.message}\nhint: ${e.hint}`); }
 * ```
 */
export class PackgateClientError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** What most likely went wrong and how to fix it. */
  readonly hint: string;
  /** HTTP status of the response that caused the error, when there was one. */
  readonly status: number | undefined;
  /** OAuth `error` code from the response, when there was one. */
  readonly oauthError: string | undefined;
  /** Marketing Cloud REST `errorcode` from the response, when there was one. */
  readonly errorcode: number | undefined;
  /** The socket's error code, when the request never got an answer (`ENOTFOUND`, `ETIMEDOUT`, …). */
  readonly transportCode: string | undefined;

  constructor(code: ErrorCode, message: string, details: PackgateClientErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = details.hint ?? errorHints[code];
    this.status = details.status;
    this.oauthError = details.oauthError;
    this.errorcode = details.errorcode;
    this.transportCode = details.transportCode;
  }
}

/** Matches values that look like credentials: Packgate/Marketing Cloud secrets, JWT-like tokens, long opaque strings. */
const SECRET_LIKE =
  /SFMC_[A-Za-z0-9]{20,}|[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_.-]+|[A-Za-z0-9+/_-]{40,}={0,2}/g;

/**
 * Removes the given secrets and anything secret-like from text that will go into an error message,
 * and caps its length at 300 characters.
 *
 * @example
 * ```ts
 * redactSecrets('bad secret abc', ['abc']); // 'bad secret [redacted]'
 * ```
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 3) out = out.split(secret).join('[redacted]');
  }
  out = out.replace(SECRET_LIKE, '[redacted]');
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}
