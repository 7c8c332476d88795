import type { PackgateClientError } from '@packgate/client';
import { CliError } from '../cli-error.js';

/**
 * The SDK's typed error as the CLI prints it: the SDK's stable code, its message (already free of
 * secrets) and its hint, which come from the SDK's table of causes; `--json` gets the machine fields.
 */
export function cliErrorFromClientError(error: PackgateClientError): CliError {
  const details: Record<string, unknown> = {};
  if (error.status !== undefined) details.status = error.status;
  if (error.oauthError !== undefined) details.oauthError = error.oauthError;
  if (error.errorcode !== undefined) details.errorcode = error.errorcode;
  if (error.transportCode !== undefined) details.transport = error.transportCode;
  return new CliError(error.code, error.message, { hint: error.hint, details });
}
