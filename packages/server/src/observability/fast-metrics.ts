/**
 * Labelled counters and histograms for the per-request series. prom-client validates and hashes
 * the labels on every observe (a few hundred ns); here a caller takes a series once per label
 * combination (`series(...)`, cached by the caller or in a small map) and each observation is an
 * array increment. They implement prom-client's metric interface (`name`, `help`, `type`,
 * `get()`), so a prom-client Registry renders them like its own.
 */

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

interface MetricObject {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: MetricValue[];
  aggregator: 'sum';
}

export interface HistogramSeries {
  /** Records one observation, in seconds. */
  observe(seconds: number): void;
}

export interface CounterSeries {
  inc(): void;
}

class Series<S> {
  readonly #byKey = new Map<string, { labels: Record<string, string>; series: S }>();
  readonly #labelNames: readonly string[];
  readonly #make: () => S;

  constructor(labelNames: readonly string[], make: () => S) {
    this.#labelNames = labelNames;
    this.#make = make;
  }

  get(values: readonly string[]): S {
    if (values.length !== this.#labelNames.length) {
      throw new Error(`expected ${this.#labelNames.length} label values, got ${values.length}`);
    }
    const key = values.join('\u0000');
    let found = this.#byKey.get(key);
    if (found === undefined) {
      const labels: Record<string, string> = {};
      this.#labelNames.forEach((name, i) => {
        labels[name] = values[i] as string;
      });
      found = { labels, series: this.#make() };
      this.#byKey.set(key, found);
    }
    return found.series;
  }

  entries(): Iterable<{ labels: Record<string, string>; series: S }> {
    return this.#byKey.values();
  }

  clear(): void {
    this.#byKey.clear();
  }
}

class HistogramCells implements HistogramSeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  readonly #bounds: readonly number[];

  constructor(bounds: readonly number[]) {
    this.#bounds = bounds;
    this.counts = new Float64Array(bounds.length);
  }

  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    const bounds = this.#bounds;
    // Non-cumulative per bucket; `get()` accumulates (as Prometheus' `le` buckets are).
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= (bounds[i] as number)) {
        this.counts[i] = (this.counts[i] as number) + 1;
        return;
      }
    }
  }
}

export class FastHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram' as const;
  readonly labelNames: readonly string[];
  readonly #bounds: readonly number[];
  readonly #series: Series<HistogramCells>;

  constructor(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]) {
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
    this.#bounds = bounds;
    this.#series = new Series(labelNames, () => new HistogramCells(bounds));
  }

  /** The series of these label values (in `labelNames` order); keep it for the hot path. */
  series(...values: string[]): HistogramSeries {
    return this.#series.get(values);
  }

  get(): MetricObject {
    const values: MetricValue[] = [];
    for (const { labels, series } of this.#series.entries()) {
      let cumulative = 0;
      this.#bounds.forEach((bound, i) => {
        cumulative += series.counts[i] as number;
        values.push({
          labels: { ...labels, le: bound },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      values.push({
        labels: { ...labels, le: '+Inf' },
        value: series.count,
        metricName: `${this.name}_bucket`,
      });
      values.push({ labels, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }

  reset(): void {
    this.#series.clear();
  }
}

class CounterCell implements CounterSeries {
  value = 0;
  inc(): void {
    this.value++;
  }
}

export class FastCounter {
  readonly name: string;
  readonly help: string;
  readonly type = 'counter' as const;
  readonly labelNames: readonly string[];
  readonly #series: Series<CounterCell>;

  constructor(name: string, help: string, labelNames: readonly string[]) {
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
    this.#series = new Series(labelNames, () => new CounterCell());
  }

  series(...values: string[]): CounterSeries {
    return this.#series.get(values);
  }

  get(): MetricObject {
    const values = [...this.#series.entries()].map(({ labels, series }) => ({ labels, value: series.value }));
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }

  reset(): void {
    this.#series.clear();
  }
}
