import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FastCounter, FastHistogram } from './fast-metrics.js';

describe('FastHistogram and FastCounter', () => {
  it('render as Prometheus text through a prom-client registry, buckets cumulative', async () => {
    const registry = new Registry();
    const h = new FastHistogram('t_duration_seconds', 'Test latency', ['group', 'code'], [0.01, 0.1]);
    const c = new FastCounter('t_lookups_total', 'Test lookups', ['result']);
    registry.registerMetric(h as never);
    registry.registerMetric(c as never);
    const ok = h.series('rest', '200');
    ok.observe(0.005);
    ok.observe(0.05);
    ok.observe(3);
    h.series('rest', '200').observe(0.01); // the same series again: the bound is inclusive
    h.series('admin', '404').observe(0.2);
    c.series('hit').inc();
    c.series('hit').inc();
    c.series('miss').inc();
    expect(await registry.metrics()).toBe(
      [
        '# HELP t_duration_seconds Test latency',
        '# TYPE t_duration_seconds histogram',
        't_duration_seconds_bucket{group="rest",code="200",le="0.01"} 2',
        't_duration_seconds_bucket{group="rest",code="200",le="0.1"} 3',
        't_duration_seconds_bucket{group="rest",code="200",le="+Inf"} 4',
        't_duration_seconds_sum{group="rest",code="200"} 3.065',
        't_duration_seconds_count{group="rest",code="200"} 4',
        't_duration_seconds_bucket{group="admin",code="404",le="0.01"} 0',
        't_duration_seconds_bucket{group="admin",code="404",le="0.1"} 0',
        't_duration_seconds_bucket{group="admin",code="404",le="+Inf"} 1',
        't_duration_seconds_sum{group="admin",code="404"} 0.2',
        't_duration_seconds_count{group="admin",code="404"} 1',
        '',
        '# HELP t_lookups_total Test lookups',
        '# TYPE t_lookups_total counter',
        't_lookups_total{result="hit"} 2',
        't_lookups_total{result="miss"} 1',
        '',
      ].join('\n'),
    );
  });

  it('refuses the wrong number of label values', () => {
    const c = new FastCounter('x_total', 'x', ['a', 'b']);
    expect(() => c.series('only-one')).toThrow('expected 2 label values, got 1');
  });
});
