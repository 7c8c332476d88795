import type { PackgateConfig } from './config.js';

/** One row per setting: the environment variable, its default and how to read it. */
interface SettingSpec {
  readonly env: string;
  readonly key: keyof PackgateConfig;
  readonly description: string;
  readonly defaultText: string;
}

/** Every setting; docs/reference/configuration.md is generated from this list, in this order. */
export const SETTINGS: readonly SettingSpec[] = [
  { env: 'PACKGATE_HOST', key: 'host', defaultText: '127.0.0.1', description: 'Interface to listen on.' },
  { env: 'PACKGATE_PORT', key: 'port', defaultText: '8787', description: 'HTTP port.' },
  {
    env: 'PACKGATE_PUBLIC_URL',
    key: 'publicUrl',
    defaultText: 'http://127.0.0.1:{port}',
    description: 'Origin clients use to reach the server; base URIs are built from it in path mode.',
  },
  {
    env: 'PACKGATE_DATA_DIR',
    key: 'dataDir',
    defaultText: './.packgate',
    description: 'SQLite database, signing keys and the generated admin key live here.',
  },
  {
    env: 'PACKGATE_DATABASE_URL',
    key: 'databaseUrl',
    defaultText: '(unset: SQLite)',
    description: '`postgres://…` switches the store from SQLite to PostgreSQL.',
  },
  {
    env: 'PACKGATE_BASE_DOMAIN',
    key: 'baseDomain',
    defaultText: '(unset: path mode)',
    description: 'Host mode: base URIs become https://{subdomain}.auth.{domain}/ etc.',
  },
  {
    env: 'PACKGATE_TLS_PORT',
    key: 'tlsPort',
    defaultText: '443',
    description:
      'HTTPS port in host mode, served next to plain HTTP with a certificate from the local CA in `{dataDir}/tls/` (0 = any free port).',
  },
  {
    env: 'PACKGATE_TLS_PUBLIC_PORT',
    key: 'tlsPublicPort',
    defaultText: '(PACKGATE_TLS_PORT)',
    description:
      'Port written into host-mode base URIs (none when 443). Set 443 while Packgate listens elsewhere and clients map the port, as the `packgate dropin` Node preload does: SDKs that accept only `https://{subdomain}.auth.marketingcloudapis.com/` then work unchanged.',
  },
  {
    env: 'PACKGATE_PROPAGATION_SECONDS',
    key: 'propagationSeconds',
    defaultText: '0',
    description:
      'Delay before integration changes and staged secrets reach new tokens (300 = Marketing Cloud).',
  },
  {
    env: 'PACKGATE_ACCESS_TOKEN_TTL_SECONDS',
    key: 'accessTokenTtlSeconds',
    defaultText: '1200',
    description: 'Access-token lifetime; `expires_in` = TTL − 121 (at least 1).',
  },
  {
    env: 'PACKGATE_TOKEN_FORMAT',
    key: 'tokenFormat',
    defaultText: 'jwt',
    description:
      '`jwt`: access tokens are three-part JWTs (verifiable with the JWKS); `opaque`: exactly 512 characters in four dot-separated segments, as Marketing Cloud issues them (JWT parsers fail on them, as on the real ones). Per tenant: `PUT /admin/v1/tenants/{sub}/fidelity`.',
  },
  {
    env: 'PACKGATE_ACCEPT_FORM_BODIES',
    key: 'acceptFormBodies',
    defaultText: 'true',
    description:
      '`false`: a form-encoded token request is refused with `invalid_request` (Marketing Cloud documents JSON only). Per tenant: the fidelity switches.',
  },
  {
    env: 'PACKGATE_ACCEPT_BASIC_AUTH',
    key: 'acceptBasicAuth',
    defaultText: 'true',
    description:
      '`false`: HTTP Basic client authentication at the token endpoint is refused with `invalid_request` (Marketing Cloud documents body credentials only). Per tenant: the fidelity switches.',
  },
  {
    env: 'PACKGATE_REFRESH_TOKEN_TTL_SECONDS',
    key: 'refreshTokenTtlSeconds',
    defaultText: '2592000',
    description: 'Refresh-token lifetime (30 days).',
  },
  {
    env: 'PACKGATE_REFRESH_TOKEN_REUSE_GRACE_SECONDS',
    key: 'refreshTokenReuseGraceSeconds',
    defaultText: '0',
    description:
      'Any second use of a refresh token revokes its family. Above 0 (at most 60), the identical request (same client, token, `scope` and `account_id`) within this many seconds of the first use is refused with `invalid_grant` but revokes nothing; a thief who copies the request exactly goes undetected that long.',
  },
  {
    env: 'PACKGATE_SECRET_TTL_SECONDS',
    key: 'secretTtlSeconds',
    defaultText: '15552000',
    description: 'Client-secret lifetime (180 days); short values let integrations test expiry.',
  },
  {
    env: 'PACKGATE_SIGNING_KEY_ROTATION_DAYS',
    key: 'signingKeyRotationDays',
    defaultText: '90',
    description:
      'A new token-signing key takes over after this many days (0 = only on `packgate signing-keys rotate`); it is in the JWKS one propagation period before it signs, and a replaced key stays there until its last token has expired (docs/reference/signing-keys.md).',
  },
  {
    env: 'PACKGATE_SECRET_ROTATION_INTERVAL_SECONDS',
    key: 'secretRotationIntervalSeconds',
    defaultText: '300',
    description:
      "Marketing Cloud's rotation rules: at most one Generate and one Activate per integration in this many seconds (an operator may `force`, audited), and a staged secret authenticates and can be activated only this long after it was generated; 0 turns the limits off (fast test suites).",
  },
  {
    env: 'PACKGATE_REDIS_URL',
    key: 'redisUrl',
    defaultText: '(unset)',
    description:
      'Optional Redis (`redis://`, `rediss://`): rate-limit counters shared by every instance; while it is unreachable, limits fail open.',
  },
  {
    env: 'PACKGATE_REST_RATE_LIMIT_PER_MINUTE',
    key: 'restRateLimitPerMinute',
    defaultText: '2500',
    description:
      'REST and SOAP requests per minute per client id (REST: 429 / 50100 with `Retry-After`; SOAP: a fault); 0 = no limit.',
  },
  {
    env: 'PACKGATE_TOKEN_RATE_LIMIT_PER_MINUTE',
    key: 'tokenRateLimitPerMinute',
    defaultText: '0',
    description:
      "Token requests per minute per authenticated client id (429 / 50200 with `Retry-After`); 0 = no limit, as Marketing Cloud's own limit is a soft one.",
  },
  {
    env: 'PACKGATE_LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE',
    key: 'loginFailuresPerAddressPerMinute',
    defaultText: '100',
    description:
      'Failed sign-ins on the login page per minute per source address (IPv6: per /64), over all usernames; then 429 with `Retry-After` until the minute ends; 0 = no limit. Behind a reverse proxy every user shares its address.',
  },
  {
    env: 'PACKGATE_ADMIN_KEY_FAILURES_PER_MINUTE',
    key: 'adminKeyFailuresPerMinute',
    defaultText: '20',
    description:
      'Wrong operator keys per minute per source address (IPv6: per /64); then every admin request from it, even with the right key, is 429 with `Retry-After` until the minute ends, audited once as `admin_key.rejected_burst`; 0 = no limit.',
  },
  {
    env: 'PACKGATE_TRUSTED_PROXIES',
    key: 'trustedProxies',
    defaultText: '(none)',
    description:
      'Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed: comma-separated IP addresses, CIDR ranges (`10.0.0.0/8`) or `loopback`, `linklocal`, `uniquelocal`. Then rate limits, sign-in throttles and the audit log see the client behind the proxy; from any other peer the headers are ignored.',
  },
  {
    env: 'PACKGATE_ADMIN_KEY',
    key: 'adminKey',
    defaultText: '(generated into {dataDir}/admin-key)',
    description: 'Operator key for the admin API (at least 32 characters).',
  },
  {
    env: 'PACKGATE_SHUTDOWN_DRAIN_SECONDS',
    key: 'shutdownDrainSeconds',
    defaultText: '10',
    description:
      'On SIGTERM or SIGINT: `/readyz` answers 503 `draining`, no new connections are accepted, and requests already received get this long to finish (answered with `Connection: close`) before the rest are cut; then the store closes and the process exits 0.',
  },
  {
    env: 'PACKGATE_REQUEST_TIMEOUT_SECONDS',
    key: 'requestTimeoutSeconds',
    defaultText: '60',
    description:
      'A client that has not sent its whole request (headers and body) within this time gets 408 and the connection is closed.',
  },
  {
    env: 'PACKGATE_HEADERS_TIMEOUT_SECONDS',
    key: 'headersTimeoutSeconds',
    defaultText: '20',
    description:
      'A client that has not sent its request headers within this time gets 408 and the connection is closed; at most `PACKGATE_REQUEST_TIMEOUT_SECONDS`.',
  },
  {
    env: 'PACKGATE_KEEP_ALIVE_TIMEOUT_SECONDS',
    key: 'keepAliveTimeoutSeconds',
    defaultText: '5',
    description:
      "An idle keep-alive connection is closed after this time; behind a load balancer, set it above the balancer's idle timeout.",
  },
  {
    env: 'PACKGATE_SEED_FILE',
    key: 'seedFile',
    defaultText: '(unset)',
    description:
      'A seed file (JSON, docs/reference/seed.md) applied idempotently at every start, before the server listens; a problem in it stops the boot with one line naming its place in the file. `packgate serve --seed FILE` sets it.',
  },
  {
    env: 'PACKGATE_LOG_LEVEL',
    key: 'logLevel',
    defaultText: 'info',
    description:
      'fatal, error, warn, info, debug, trace or silent. At `info` every request writes one line (docs/guides/observability.md).',
  },
  {
    env: 'PACKGATE_METRICS_TOKEN',
    key: 'metricsToken',
    defaultText: '(unset: `/metrics` is open)',
    description:
      'At least 16 characters: `/metrics` then answers only `Authorization: Bearer {token}` (Prometheus `authorization.credentials`), 401 otherwise.',
  },
  {
    env: 'PACKGATE_METRICS_PORT',
    key: 'metricsPort',
    defaultText: '(unset: the main port)',
    description:
      'Serve `/metrics` on this port (on PACKGATE_HOST) instead of the main one, e.g. to keep it off the public listener; combines with PACKGATE_METRICS_TOKEN.',
  },
  {
    env: 'PACKGATE_JOURNAL_SIZE',
    key: 'journalSize',
    defaultText: '1000',
    description:
      'Requests kept per tenant in the request journal (`GET /admin/v1/tenants/{sub}/journal`, `packgate journal tail`), in memory of each instance: the oldest go first; never a secret, token, code or password; 0 = no journal (at most 100000).',
  },
];
