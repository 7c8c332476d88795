import { isTenantShapedAuthBaseUri } from '../urls/auth-base-uri-shape.js';

/**
 * The one table of causes and fixes for a failed token request: which hint an answer of a token
 * endpoint (or a transport failure on the way to it) earns. The SDK's typed errors carry the hint it
 * picks; `packgate token` and `packgate doctor` print the same hints, so the two never drift.
 *
 * A cause is recognised from the OAuth `error` code and, where one code covers several causes, from
 * the server's `error_description` (Packgate's and Marketing Cloud's wording, sfmc-auth.md §11).
 * The first matching row wins; a row without `hint` keeps the error code's default hint.
 */

/** What is known about a failed token request when its hint is chosen. */
export interface TokenFailure {
  /** HTTP status of the answer. */
  readonly status: number;
  /** OAuth `error`, when the body had one. */
  readonly oauthError: string | undefined;
  /** `error_description` (or `message`), already redacted. */
  readonly description: string;
  /** The grant that was requested. */
  readonly grantType: string;
  /** `account_id` that was sent, if any (named in BU hints). */
  readonly accountId?: string | number | undefined;
}

/** A row of the table: when it applies, and the hint it gives (none = the code's default). */
export interface TokenFailureCause {
  /** Stable name of the cause, for tests and documentation. */
  readonly cause: string;
  /** Whether this row describes the failure. */
  readonly applies: (failure: TokenFailure) => boolean;
  /** The hint for it; absent = the error code's default hint. */
  readonly hint?: (failure: TokenFailure) => string;
}

const isClientError = (f: TokenFailure) =>
  f.oauthError === 'invalid_client' || f.oauthError === 'invalid_client_id';
const says = (pattern: RegExp) => (f: TokenFailure) => pattern.test(f.description);
const theBusinessUnit = (f: TokenFailure) =>
  f.accountId === undefined ? 'the business unit' : `business unit ${f.accountId}`;

const ROTATE =
  'rotate it: stage a new secret, wait for the propagation delay, then activate it (Installed Packages → API Integration → Secrets, or `packgate secrets stage` / `packgate secrets activate`) and update your configuration';

/**
 * The table, in order: the first row that applies names the cause.
 *
 * @example
 * ```ts
 * TOKEN_FAILURE_CAUSES.map((row) => row.cause); // ['not-a-token-endpoint', …, 'invalid-request']
 * ```
 */
export const TOKEN_FAILURE_CAUSES: readonly TokenFailureCause[] = [
  {
    cause: 'not-a-token-endpoint',
    // No token endpoint answers 404/405 (OAuth errors are 400/401), whatever the body says.
    applies: (f) => f.status === 404 || f.status === 405,
    hint: () =>
      'Nothing answers v2/token here, so this is not an Authentication Base URI: copy the auth base URI from the API Integration (Marketing Cloud: https://{subdomain}.auth.marketingcloudapis.com/, Packgate: …/{subdomain}/auth/).',
  },
  {
    cause: 'salesforce-core-flow-disabled',
    applies: says(/client credentials flow (is )?not enabled|client_credentials grant type not supported/i),
    hint: () =>
      'Salesforce core: enable "Client Credentials Flow" on the connected or external client app and set its Run As user.',
  },
  {
    cause: 'secret-expired',
    applies: (f) => isClientError(f) && says(/expired/i)(f),
    hint: () => `The client secret has expired (secrets live 180 days): ${ROTATE}.`,
  },
  {
    cause: 'secret-mangled',
    applies: (f) => isClientError(f) && says(/checksum/i)(f),
    hint: () =>
      'The secret was mangled when it was copied (its checksum does not match): copy it again in full.',
  },
  {
    cause: 'secret-retired',
    applies: (f) => isClientError(f) && says(/retired/i)(f),
    hint: () =>
      'This secret was rotated out (retired) when a newer one was activated, and its grace period is over: use the active secret (Installed Packages → Secrets, or `packgate secrets list <package-id>`).',
  },
  {
    cause: 'secret-not-yet-usable',
    applies: (f) => isClientError(f) && says(/staged|not yet usable|becomes usable/i)(f),
    hint: () =>
      'This staged secret is not usable yet: wait for the propagation delay, or keep using the active secret meanwhile.',
  },
  {
    cause: 'wrong-credentials',
    applies: isClientError,
    hint: () =>
      "Check the client id and client secret (API Integration in Installed Packages) and that the package is installed and enabled in this account (its Access tab); a client id works only at its own tenant's auth base URI.",
  },
  {
    cause: 'unknown-business-unit',
    applies: (f) => f.oauthError === 'unauthorized_client' && says(/no business unit/i)(f),
    hint: (f) =>
      `${f.accountId ?? 'That MID'} is not a business unit of this account: check account_id (Setup → Business Units, or \`packgate bu list\`, lists the MIDs).`,
  },
  {
    cause: 'business-unit-not-enabled',
    applies: (f) => f.oauthError === 'unauthorized_client',
    hint: (f) =>
      `Enable the integration for ${theBusinessUnit(f)} on the package's Access tab (or \`packgate access set <package-id> --mids …\`), or omit account_id to use the package's own business unit; the client may also not be allowed this flow.`,
  },
  {
    cause: 'salesforce-core-my-domain',
    applies: (f) => f.oauthError === 'invalid_grant' && says(/not supported on this domain/i)(f),
    hint: () =>
      'Salesforce core refuses client_credentials on login.salesforce.com: use your My Domain URL (https://{MyDomain}.my.salesforce.com/).',
  },
  {
    cause: 'salesforce-core-no-run-as-user',
    applies: (f) => f.oauthError === 'invalid_grant' && says(/no client credentials user enabled/i)(f),
    hint: () =>
      'Salesforce core: the connected or external client app has no Run As (execution) user for the client credentials flow; set one by username (not email), ideally an API-only integration user.',
  },
  {
    cause: 'grant-does-not-match-integration',
    applies: (f) =>
      f.oauthError === 'invalid_grant' &&
      (f.grantType === 'client_credentials' ||
        says(/integration|server-to-server|web[- ]app|public[- ]app|grant[ _]type|not allowed to use/i)(f)),
  },
  {
    cause: 'refresh-token-rejected',
    applies: (f) => f.oauthError === 'invalid_grant' && f.grantType === 'refresh_token',
  },
  {
    cause: 'authorization-code-rejected',
    applies: (f) => f.oauthError === 'invalid_grant',
    hint: () =>
      'The authorization code is expired (5 minutes), already used, or bound to another redirect_uri or PKCE verifier; if the description names the integration type, the grant does not match it.',
  },
  {
    cause: 'scope-not-assigned',
    applies: (f) => f.oauthError === 'invalid_scope',
    hint: () =>
      'Add the scope to the API Integration (Installed Packages → API Integration → Edit, or `packgate integration set-scopes`) and request a new token after the propagation delay (up to 5 minutes), or request only scopes it already has.',
  },
  {
    cause: 'unsupported-grant-type',
    applies: (f) => f.oauthError === 'unsupported_grant_type',
    hint: (f) =>
      `This server does not accept ${f.grantType} here: check that the URL is the Authentication Base URI of the API Integration and that the integration type allows this grant.`,
  },
  {
    cause: 'invalid-request',
    applies: (f) => f.oauthError === 'invalid_request',
    hint: () =>
      'The server refused the request shape: check account_id (a numeric MID) and scope, or try the form-encoded body.',
  },
];

/**
 * The hint of the first row that applies, or undefined to keep the error code's default.
 *
 * @example
 * ```ts
 * hintForTokenFailure({ status: 401, oauthError: 'invalid_client', description: 'This client secret was retired …', grantType: 'client_credentials' });
 * // 'This secret was rotated out (retired) …'
 * ```
 */
export function hintForTokenFailure(failure: TokenFailure): string | undefined {
  return findTokenFailureCause(failure)?.hint?.(failure);
}

/**
 * The name of the first row that applies (`wrong-credentials`, `secret-retired`, …).
 *
 * @example
 * ```ts
 * causeOfTokenFailure({ status: 401, oauthError: 'unauthorized_client', description: 'There is no business unit 9 in this account', grantType: 'client_credentials' });
 * // 'unknown-business-unit'
 * ```
 */
export function causeOfTokenFailure(failure: TokenFailure): string | undefined {
  return findTokenFailureCause(failure)?.cause;
}

/**
 * The row of the table that applies: its `cause` and its `hint` (absent = the code's default).
 *
 * @example
 * ```ts
 * const row = findTokenFailureCause(failure); // row?.cause, row?.hint?.(failure)
 * ```
 */
export function findTokenFailureCause(failure: TokenFailure): TokenFailureCause | undefined {
  return TOKEN_FAILURE_CAUSES.find((row) => row.applies(failure));
}

const WRONG_DOMAIN =
  'Wrong auth domain? Use your tenant-specific Authentication Base URI (https://{subdomain}.auth.marketingcloudapis.com/, shown on the API Integration)';

/**
 * The hint for a transport failure on the way to a token endpoint, by the socket's error code
 * (`ENOTFOUND`, `ECONNREFUSED`, a TLS code, or `ETIMEDOUT` for no answer in time). A silent host
 * whose URL has a tenant's shape is the right server in trouble, not a wrong domain.
 *
 * @example
 * ```ts
 * hintForTokenTransportFailure('ECONNREFUSED', 'http://127.0.0.1:8787/mcabc/auth/'); // 'Nothing listens there: …'
 * ```
 */
export function hintForTokenTransportFailure(transportCode: string, authBaseUri: string): string {
  switch (transportCode) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${WRONG_DOMAIN}.`;
    case 'ECONNREFUSED':
      return 'Nothing listens there: is the server running (`packgate serve`) and is the port right?';
    case 'ETIMEDOUT':
      return isTenantShapedAuthBaseUri(authBaseUri)
        ? 'The server is the right kind but did not answer in time: is it overloaded or stuck? Retry, or raise the timeout.'
        : `${WRONG_DOMAIN}; or raise the timeout.`;
    default:
      if (/CERT|SSL|TLS/i.test(transportCode)) {
        return 'A proxy or an untrusted certificate: for Packgate over https, trust its local CA (`packgate ca path`, then NODE_EXTRA_CA_CERTS).';
      }
      return `Check the network and the URL. ${WRONG_DOMAIN}.`;
  }
}
