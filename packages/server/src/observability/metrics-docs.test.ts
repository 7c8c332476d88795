import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetrics, METRIC_SPECS } from './metrics.js';
import { renderMetricsReference } from './render-metrics-reference.js';

const root = new URL('../../../../', import.meta.url);

/** Every series name a scrape can hold, with its labels (from a real registry, pool included). */
async function knownSeries(): Promise<Map<string, Set<string>>> {
  const metrics = createMetrics({
    now: () => 0,
    revocationListEntries: () => 0,
    connectionPool: () => ({ inUse: 1, idle: 1, waiting: 0 }),
    earliestSecretExpiries: async () => [{ tenant: 't', expiresAt: 1 }],
  });
  const known = new Map<string, Set<string>>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    const spec = Object.values(METRIC_SPECS).find((s) => s.name === metric.name);
    const labels = new Set([
      ...Object.keys(spec?.labels ?? {}),
      ...metric.values.flatMap((v) => Object.keys(v.labels)),
    ]);
    const names =
      metric.type === 'histogram' ? ['_bucket', '_sum', '_count'].map((x) => metric.name + x) : [metric.name];
    for (const name of names)
      known.set(name, new Set([...labels, ...(name.endsWith('_bucket') ? ['le'] : [])]));
  }
  return known;
}

describe('metrics documentation and dashboard stay in step with the metric definitions', () => {
  it('docs/reference/metrics.md (run `npm run docs` after a change)', () => {
    expect(readFileSync(new URL('docs/reference/metrics.md', root), 'utf8')).toBe(renderMetricsReference());
  });

  it('names follow Prometheus conventions and labels are bounded', () => {
    for (const spec of Object.values(METRIC_SPECS)) {
      expect(spec.name).toMatch(/^packgate_[a-z0-9_]+$/);
      if (spec.type === 'counter') expect(spec.name).toMatch(/_total$/);
      else expect(spec.name).not.toMatch(/_total$/);
      if (spec.type === 'histogram') expect(spec.name).toMatch(/_seconds$/);
      for (const label of Object.keys(spec.labels)) {
        expect(label).toMatch(/^[a-z_]+$/);
        expect(['client_id', 'path', 'url', 'route', 'request_id', 'token', 'jti']).not.toContain(label);
      }
    }
  });

  it('docs/grafana/packgate-dashboard.json queries only series that exist, by labels they have', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('docs/grafana/packgate-dashboard.json', root), 'utf8'));
    const known = await knownSeries();
    const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) =>
      p.targets.map((t) => t.expr),
    );
    expect(exprs.length).toBeGreaterThan(10);
    const used = new Set<string>();
    for (const expr of exprs) {
      const scraped = ['instance', 'job'];
      const inExpr: string[] = [];
      for (const [, name, selector] of expr.matchAll(
        /\b((?:packgate|process|nodejs)_[a-z0-9_]+)(\{[^}]*\})?/g,
      )) {
        const labels = known.get(name as string);
        expect(labels, `${name} in ${expr}`).toBeDefined();
        used.add(name as string);
        inExpr.push(name as string);
        for (const [, label] of (selector ?? '').matchAll(/([a-z_]+)\s*[=!~]+/g)) {
          expect([...(labels ?? []), ...scraped], `${label} on ${name}`).toContain(label);
        }
      }
      for (const [, list] of expr.matchAll(/\bby \(([^)]*)\)/g)) {
        for (const label of (list as string).split(',').map((l) => l.trim())) {
          const somewhere = inExpr.some((name) => known.get(name)?.has(label)) || scraped.includes(label);
          expect(somewhere, `by (${label}) in ${expr}`).toBe(true);
        }
      }
    }
    // The dashboard shows every Packgate series.
    for (const spec of Object.values(METRIC_SPECS)) {
      const names = spec.type === 'histogram' ? [`${spec.name}_count`, `${spec.name}_bucket`] : [spec.name];
      expect(
        names.some((n) => used.has(n)) || spec.name === 'packgate_token_errors_total',
        `${spec.name} is on the dashboard`,
      ).toBe(true);
    }
  });
});
