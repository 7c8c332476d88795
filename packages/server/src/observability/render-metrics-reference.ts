import { LATENCY_BUCKETS_SECONDS, METRIC_SPECS } from './metrics.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/reference/metrics.md, generated from the metric definitions (observability/metrics.ts). */
export function renderMetricsReference(): string {
  const sections = Object.values(METRIC_SPECS).map((spec) => {
    const series =
      spec.type === 'histogram'
        ? `\`${spec.name}_bucket\`, \`${spec.name}_sum\`, \`${spec.name}_count\``
        : `\`${spec.name}\``;
    const labels = Object.entries(spec.labels as Record<string, string>);
    return [
      `### \`${spec.name}\``,
      '',
      `${spec.type} — ${spec.help}. Series: ${series}.`,
      ...('notes' in spec && spec.notes ? ['', spec.notes] : []),
      '',
      ...(labels.length === 0
        ? ['No labels.']
        : [
            '| label | values |',
            '|---|---|',
            ...labels.map(([name, values]) => `| \`${name}\` | ${cell(values)} |`),
          ]),
      '',
    ].join('\n');
  });
  return [
    '# Metrics reference',
    '',
    '<!-- Generated from packages/server/src/observability/metrics.ts by `npm run docs`; a test keeps it in step. -->',
    '',
    '`GET /metrics` answers the Prometheus text format (0.0.4). With `PACKGATE_METRICS_TOKEN` it needs',
    '`Authorization: Bearer {token}`; with `PACKGATE_METRICS_PORT` it is served on that port only',
    '(see configuration.md). Each instance reports its own series: aggregate with `sum by (…)` over',
    'the `instance` label Prometheus adds. A sample Grafana dashboard: `docs/grafana/packgate-dashboard.json`.',
    '',
    'Every label takes a fixed set of values (the tenant label of the secret-expiry gauge: one per',
    'tenant). No client id, token, path or request id is ever a label: those are in the request log.',
    `Latency histograms share the buckets ${LATENCY_BUCKETS_SECONDS.map((b) => `${b}`).join(', ')} (seconds).`,
    '',
    '```promql',
    '# token requests per second, by outcome',
    'sum by (outcome) (rate(packgate_token_request_duration_seconds_count[5m]))',
    '# p99 token latency',
    'histogram_quantile(0.99, sum by (le) (rate(packgate_token_request_duration_seconds_bucket[5m])))',
    '# a tenant whose earliest secret expires within 14 days',
    'min by (tenant) (packgate_client_secret_expiry_seconds) < 14 * 86400',
    '```',
    '',
    '## Packgate series',
    '',
    ...sections,
    '## Process series',
    '',
    "prom-client's default Node.js metrics, unprefixed as usual: `process_cpu_seconds_total`,",
    '`process_resident_memory_bytes`, `process_open_fds`, `nodejs_eventloop_lag_p99_seconds`,',
    '`nodejs_heap_size_used_bytes`, `nodejs_gc_duration_seconds`, … (see prom-client).',
    '',
  ].join('\n');
}
