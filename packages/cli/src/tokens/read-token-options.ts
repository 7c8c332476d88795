import { UsageError } from '../cli-error.js';
import type { CliEnv } from '../config/read-env.js';
import { normalizeAuthBaseUri } from './normalize-auth-base-uri.js';
import type { TokenRequest } from './request-token.js';
import { parseTimeoutMs } from './timeout-option.js';

/** Flags shared by `token` and `doctor` (each falls back to its PACKGATE_* variable). */
export interface TokenFlags {
  authBaseUri?: string;
  clientId?: string;
  clientSecret?: string;
  accountId?: string;
  timeoutMs?: string;
}

/** Flags over environment; validates what can be checked before any request is sent. */
export function readTokenOptions(flags: TokenFlags, env: CliEnv): Omit<TokenRequest, 'scope' | 'form'> {
  const rawUri = flags.authBaseUri ?? env.authBaseUri;
  if (!rawUri) {
    throw new UsageError('no auth base URI', 'pass --auth-base-uri or set PACKGATE_AUTH_BASE_URI');
  }
  const clientId = flags.clientId ?? env.clientId;
  if (!clientId) throw new UsageError('no client id', 'pass --client-id or set PACKGATE_CLIENT_ID');
  const clientSecret = flags.clientSecret ?? env.clientSecret;
  if (!clientSecret) {
    throw new UsageError(
      'no client secret',
      'set PACKGATE_CLIENT_SECRET (keeps it out of the shell history) or pass --client-secret',
    );
  }
  const accountId = flags.accountId?.trim();
  if (accountId !== undefined && !/^[1-9]\d{0,14}$/.test(accountId)) {
    throw new UsageError(`--account-id must be the numeric MID of a business unit, got "${accountId}"`);
  }
  return {
    authBaseUri: normalizeAuthBaseUri(rawUri),
    clientId: clientId.trim(),
    clientSecret: clientSecret.trim(),
    accountId,
    timeoutMs: parseTimeoutMs(flags.timeoutMs),
  };
}
