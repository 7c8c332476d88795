import { readFileSync } from 'node:fs';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { FastCounter, FastHistogram } from './fast-metrics.js';

/** What a metric is, for its registration and for docs/reference/metrics.md (generated from this). */
export interface MetricSpec {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  /** Each label and the values it takes (every label is bounded: no path, client id or token). */
  readonly labels: Readonly<Record<string, string>>;
  /** More for the reference page: when it is computed, where it is absent. */
  readonly notes?: string;
}

/** Seconds: the token endpoint answers in well under a millisecond from memory. */
export const LATENCY_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;

const STATUS_CODE = 'HTTP status code of the answer (`200`, `401`, …)';

/** Every Packgate series, in the order of the reference page. */
export const METRIC_SPECS = {
  buildInfo: {
    name: 'packgate_build_info',
    type: 'gauge',
    help: 'Always 1; the labels say which Packgate and Node.js this instance runs',
    labels: { version: 'the server package version', node_version: 'e.g. `v20.19.1`' },
  },
  tokenRequestDuration: {
    name: 'packgate_token_request_duration_seconds',
    type: 'histogram',
    help: 'Token endpoint requests: time from arrival to answer, by grant type and outcome',
    labels: {
      grant_type:
        '`client_credentials`, `authorization_code`, `refresh_token`, `unsupported` (any other value), `none` (missing or not read)',
      outcome:
        '`issued`, or the error answered: `invalid_request`, `invalid_client`, `invalid_grant`, `unauthorized_client`, `unsupported_grant_type`, `invalid_scope`, `requests_blocked`, `server_error`',
    },
    notes:
      'Its `_count` is the request count. Measured inside the token endpoint, which is served ahead of Fastify (decision 0002), so token requests are not in `packgate_http_request_duration_seconds`.',
  },
  tokensIssued: {
    name: 'packgate_tokens_issued_total',
    type: 'counter',
    help: 'Access tokens issued, by grant type',
    labels: { grant_type: '`client_credentials`, `authorization_code`, `refresh_token`' },
  },
  tokenErrors: {
    name: 'packgate_token_errors_total',
    type: 'counter',
    help: 'Token endpoint errors, by OAuth error code',
    labels: { error: 'the `error` answered (as `outcome` above, without `issued`)' },
  },
  httpRequestDuration: {
    name: 'packgate_http_request_duration_seconds',
    type: 'histogram',
    help: 'Requests served through Fastify (all but the token endpoint), by route group and status code',
    labels: {
      group:
        '`authorize`, `revoke`, `introspect`, `userinfo`, `logout`, `metadata` (discovery, JWKS), `rest`, `soap`, `admin`, `server` (health, readiness, metrics, OpenAPI), `other` (no route, setup pages)',
      code: STATUS_CODE,
    },
    notes: 'Its `_count` is the request count.',
  },
  restRequestDuration: {
    name: 'packgate_rest_request_duration_seconds',
    type: 'histogram',
    help: 'REST resource API requests, by the scope their route requires and status code',
    labels: {
      scope: "the route's scope (`data_extensions_read`, …), `none` for platform routes",
      code: STATUS_CODE,
    },
  },
  soapRequestDuration: {
    name: 'packgate_soap_request_duration_seconds',
    type: 'histogram',
    help: 'SOAP API requests, by action and status code',
    labels: {
      action: '`Retrieve`, `Create`, `Update`, `Delete`, `unknown` (missing, unsupported or not read)',
      code: STATUS_CODE,
    },
  },
  directoryLookups: {
    name: 'packgate_client_directory_lookups_total',
    type: 'counter',
    help: 'Lookups in the in-memory client directory, by cache and result',
    labels: {
      cache: '`client` (integrations with their secrets), `tenant`',
      result: '`hit` (answered from memory), `miss` (loaded from the store)',
    },
  },
  rateLimitRejections: {
    name: 'packgate_rate_limit_rejections_total',
    type: 'counter',
    help: 'Requests refused because a rate limit was spent, by limit',
    labels: {
      limit:
        '`token` (PACKGATE_TOKEN_RATE_LIMIT_PER_MINUTE), `rest` (REST and SOAP), `login_user`, `login_address`, `admin_key`',
    },
  },
  revocationListEntries: {
    name: 'packgate_revocation_list_entries',
    type: 'gauge',
    help: 'Revoked access tokens held in memory (not yet expired)',
    labels: {},
    notes: 'Read at scrape time.',
  },
  dbPoolConnections: {
    name: 'packgate_db_pool_connections',
    type: 'gauge',
    help: 'PostgreSQL pool connections, by state',
    labels: { state: '`in_use`, `idle`' },
    notes:
      'PostgreSQL only (pool of 10). SQLite is one in-process handle with no pool: the series is absent.',
  },
  dbPoolWaiting: {
    name: 'packgate_db_pool_waiting_requests',
    type: 'gauge',
    help: 'Queries waiting for a free PostgreSQL pool connection',
    labels: {},
    notes: 'PostgreSQL only; absent on SQLite.',
  },
  secretExpiry: {
    name: 'packgate_client_secret_expiry_seconds',
    type: 'gauge',
    help: 'Seconds until the earliest-expiring active or staged client secret of each tenant expires (negative: already expired)',
    labels: { tenant: "the tenant's subdomain (one series per tenant: bounded by the operator)" },
    notes:
      'Computed at scrape time with one aggregate query (not per request); a tenant without secrets has no series. Alert on e.g. `< 14 * 86400`.',
  },
} as const satisfies Record<string, MetricSpec>;

export interface MetricSources {
  readonly now: () => number;
  /** Revoked tokens held in memory. */
  readonly revocationListEntries: () => number;
  /** PostgreSQL pool counts; undefined on SQLite. */
  readonly connectionPool: () => { inUse: number; idle: number; waiting: number } | undefined;
  /** The earliest expiry (epoch ms) of a non-retired secret, per tenant subdomain. */
  readonly earliestSecretExpiries: () => Promise<ReadonlyArray<{ tenant: string; expiresAt: number }>>;
}

/** The server package's version, for `packgate_build_info`. */
function serverVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Prometheus metrics of one app instance (its own registry: no process-wide state). The series
 * counted on every request are {@link FastHistogram}/{@link FastCounter}: the token endpoint's
 * budget is ~100 µs and prom-client's labelled observe costs a few hundred ns of it. Gauges that
 * need the store are computed at scrape time only.
 */
export function createMetrics(sources?: MetricSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const s = METRIC_SPECS;
  const labelNames = <K extends keyof typeof METRIC_SPECS>(key: K) =>
    Object.keys(s[key].labels) as (keyof (typeof METRIC_SPECS)[K]['labels'] & string)[];
  const histogram = (key: keyof typeof METRIC_SPECS) => {
    const metric = new FastHistogram(s[key].name, s[key].help, labelNames(key), LATENCY_BUCKETS_SECONDS);
    registry.registerMetric(metric as never);
    return metric;
  };
  const fastCounter = (key: keyof typeof METRIC_SPECS) => {
    const metric = new FastCounter(s[key].name, s[key].help, labelNames(key));
    registry.registerMetric(metric as never);
    return metric;
  };

  new Gauge({
    name: s.buildInfo.name,
    help: s.buildInfo.help,
    labelNames: labelNames('buildInfo'),
    registers: [registry],
  }).set({ version: serverVersion(), node_version: process.version }, 1);

  if (sources) {
    new Gauge({
      name: s.revocationListEntries.name,
      help: s.revocationListEntries.help,
      registers: [registry],
      collect() {
        this.set(sources.revocationListEntries());
      },
    });
  }
  // SQLite has no pool: its series are not registered at all (absent, not 0).
  if (sources?.connectionPool()) {
    new Gauge({
      name: s.dbPoolConnections.name,
      help: s.dbPoolConnections.help,
      labelNames: labelNames('dbPoolConnections'),
      registers: [registry],
      collect() {
        const pool = sources.connectionPool();
        if (!pool) return;
        this.set({ state: 'in_use' }, pool.inUse);
        this.set({ state: 'idle' }, pool.idle);
      },
    });
    new Gauge({
      name: s.dbPoolWaiting.name,
      help: s.dbPoolWaiting.help,
      registers: [registry],
      collect() {
        const pool = sources.connectionPool();
        if (pool) this.set(pool.waiting);
      },
    });
  }
  if (sources) {
    new Gauge({
      name: s.secretExpiry.name,
      help: s.secretExpiry.help,
      labelNames: labelNames('secretExpiry'),
      registers: [registry],
      async collect() {
        this.reset();
        // A store that does not answer leaves the series out of this scrape (`/readyz` says why).
        const expiries = await sources.earliestSecretExpiries().catch(() => []);
        const now = sources.now();
        for (const { tenant, expiresAt } of expiries) {
          this.set({ tenant }, Math.round((expiresAt - now) / 1000));
        }
      },
    });
  }

  return {
    registry,
    tokenRequestDuration: histogram('tokenRequestDuration'),
    httpRequestDuration: histogram('httpRequestDuration'),
    restRequestDuration: histogram('restRequestDuration'),
    soapRequestDuration: histogram('soapRequestDuration'),
    tokensIssued: new Counter({
      name: s.tokensIssued.name,
      help: s.tokensIssued.help,
      labelNames: labelNames('tokensIssued'),
      registers: [registry],
    }),
    tokenErrors: new Counter({
      name: s.tokenErrors.name,
      help: s.tokenErrors.help,
      labelNames: labelNames('tokenErrors'),
      registers: [registry],
    }),
    directoryLookups: fastCounter('directoryLookups'),
    rateLimitRejections: fastCounter('rateLimitRejections'),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
