import { CliError } from '../cli-error.js';
import { redact } from './redact.js';
import type { TokenOutcome, TokenRequest } from './request-token.js';

const WRONG_DOMAIN =
  'wrong auth domain? use your tenant-specific Authentication Base URI (https://{subdomain}.auth.marketingcloudapis.com/, shown on the API Integration)';

/**
 * An auth base URI of a tenant's own shape: Marketing Cloud's `{28 chars}.auth.…`, Packgate's host
 * mode `{subdomain}.auth.…` or path mode `…/{subdomain}/auth/`. A timeout there is not a wrong domain.
 */
export function isTenantShaped(authBaseUri: string): boolean {
  const url = new URL(authBaseUri);
  return /^[a-z0-9-]{3,63}\.auth\./i.test(url.hostname) || /\/[^/]+\/auth\/?$/.test(url.pathname);
}

interface OAuthErrorBody {
  readonly error: string;
  readonly description: string;
}

function oauthError(body: unknown): OAuthErrorBody | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.error !== 'string') return undefined;
  return { error: b.error, description: typeof b.error_description === 'string' ? b.error_description : '' };
}

/** The hint for an OAuth error code (and its description), per the seeds' table of causes. */
export function hintForOAuthError(error: string, description: string, accountId?: string): string {
  const d = description.toLowerCase();
  switch (error) {
    case 'invalid_client':
      if (d.includes('expired'))
        return 'the client secret has expired: rotate it (stage a new secret, then activate it: `packgate secrets stage` / `packgate secrets activate`, or Installed Packages in Marketing Cloud)';
      if (d.includes('checksum'))
        return 'the secret was mangled when copied (its checksum does not match): copy it again in full';
      if (d.includes('retired'))
        return 'this secret was rotated out (retired) and its grace period is over: use the active secret (`packgate secrets list <package-id>` shows which one is active)';
      if (d.includes('staged'))
        return 'this staged secret is not usable yet: wait for the propagation delay, or keep using the active one';
      return "check the client id and client secret (API Integration in Installed Packages) and that the package is installed and enabled in this account; a client id works only at its own tenant's auth base URI";
    case 'unauthorized_client':
      if (d.includes('no business unit'))
        return `${accountId ?? 'that MID'} is not a business unit of this account: check --account-id (\`packgate bu list\` lists the MIDs)`;
      return `enable the integration for business unit ${accountId ?? 'that business unit'} on the package's Access tab (\`packgate access set <package-id> --mids …\`), or omit --account-id to use the package's own BU`;
    case 'invalid_grant':
      return 'the grant type does not match the integration type: client credentials need a Server-to-Server integration; Web and Public apps use authorization_code';
    case 'invalid_scope':
      return 'add the scope to the integration (Installed Packages → API Integration → Edit, or `packgate integration set-scopes`), or request only scopes it already has';
    case 'unsupported_grant_type':
      return 'this server does not accept client_credentials here: check that the URL is an Authentication Base URI';
    case 'invalid_request':
      return 'the server refused the request shape: check --account-id (a numeric MID) and --scope, or try --form';
    default:
      return 'see the error description above';
  }
}

/** A transport failure as one line plus hint. */
export function explainTransportFailure(
  outcome: { code: string; message: string },
  authBaseUri: string,
  timeoutMs: number,
): CliError {
  const { host } = new URL(authBaseUri);
  const details = { transport: outcome.code };
  switch (outcome.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CliError('ERR_DNS', `cannot resolve ${host} (${outcome.code})`, {
        hint: WRONG_DOMAIN,
        details,
      });
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new CliError('ERR_TIMEOUT', `no answer from ${host} within ${timeoutMs} ms`, {
        hint: isTenantShaped(authBaseUri)
          ? 'the server is the right kind but did not answer in time: is it overloaded or stuck? retry, or raise --timeout-ms'
          : `${WRONG_DOMAIN}; or raise --timeout-ms`,
        details,
      });
    case 'ECONNREFUSED':
      return new CliError('ERR_CONNECTION_REFUSED', `connection refused by ${host}`, {
        hint: 'nothing listens there: is the server running (`packgate serve`) and is the port right?',
        details,
      });
    default:
      if (/CERT|SSL|TLS/i.test(outcome.code))
        return new CliError('ERR_TLS', `TLS failure talking to ${host} (${outcome.code})`, {
          hint: 'a proxy or an untrusted certificate: for Packgate in host mode, trust its local CA (NODE_EXTRA_CA_CERTS)',
          details,
        });
      return new CliError('ERR_NETWORK', `request to ${host} failed (${outcome.code})`, {
        hint: `check the network and the URL; ${WRONG_DOMAIN}`,
        details,
      });
  }
}

/** undefined when the outcome is a token response; otherwise the failure, explained. */
export function explainTokenFailure(outcome: TokenOutcome, req: TokenRequest): CliError | undefined {
  if (outcome.kind === 'transport') return explainTransportFailure(outcome, req.authBaseUri, req.timeoutMs);
  const { status, body } = outcome;
  const token = body && typeof body === 'object' ? (body as Record<string, unknown>).access_token : undefined;
  if (status === 200 && typeof token === 'string') return undefined;
  const clean = (s: string) => redact(s, [req.clientSecret]).replace(/\s+/g, ' ').slice(0, 300);
  const oauth = oauthError(body);
  const details = { status, response: body ?? null };
  if (status === 404 || status === 405) {
    const why = oauth?.description ? `: ${clean(oauth.description)}` : '';
    return new CliError('ERR_NOT_A_TOKEN_ENDPOINT', `${req.authBaseUri}v2/token answered ${status}${why}`, {
      hint: 'this is not an Authentication Base URI: copy it from the API Integration (Packgate: …/{subdomain}/auth/)',
      details,
    });
  }
  if (oauth) {
    return new CliError(
      `ERR_OAUTH_${oauth.error.toUpperCase()}`,
      `token request failed: ${status} ${oauth.error}${oauth.description ? `: ${clean(oauth.description)}` : ''}`,
      { hint: hintForOAuthError(oauth.error, oauth.description, req.accountId), details },
    );
  }
  const message = body && typeof body === 'object' ? (body as Record<string, unknown>).message : undefined;
  if (status === 429) {
    return new CliError(
      'ERR_THROTTLED',
      `token request throttled: 429${typeof message === 'string' ? ` ${clean(message)}` : ''}`,
      {
        hint: 'reuse each token until expires_in instead of requesting one per call, then retry later',
        details,
      },
    );
  }
  if (status >= 500) {
    return new CliError('ERR_SERVER', `the authorization server failed: ${status}`, {
      hint: 'retry later; if it persists, check the server logs',
      details,
    });
  }
  return new CliError('ERR_UNEXPECTED_RESPONSE', `unexpected answer from the token endpoint: ${status}`, {
    hint: 'this does not look like an OAuth token response: is the URL an Authentication Base URI?',
    details,
  });
}
