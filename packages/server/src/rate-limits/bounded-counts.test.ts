import { describe, expect, it } from 'vitest';
import { BoundedCounts } from './bounded-counts.js';

describe('bounded window counts (evict the least counted key, never reset)', () => {
  it('counts per key and stops at maxCount', () => {
    const counts = new BoundedCounts(10, 3);
    expect([1, 2, 3, 4].map(() => counts.increment('a'))).toEqual([1, 2, 3, 3]);
    expect(counts.get('a')).toBe(3);
    expect(counts.get('b')).toBe(0);
  });

  it('never holds more than maxKeys', () => {
    const counts = new BoundedCounts(100, 11);
    for (let i = 0; i < 5_000; i++) counts.increment(`k${i}`);
    expect(counts.size).toBe(100);
  });

  it('a flood of fresh keys evicts fresh keys only: a key counted twice survives any number', () => {
    const counts = new BoundedCounts(100, 11);
    counts.increment('target');
    counts.increment('target');
    for (let i = 0; i < 50_000; i++) counts.increment(`flood-${i}`);
    expect(counts.get('target')).toBe(2);
    expect(counts.size).toBe(100);
  });

  it('on a tie the oldest goes; a key is evicted only once every other is counted as often', () => {
    const counts = new BoundedCounts(3, 11);
    counts.increment('a');
    counts.increment('b');
    counts.increment('c');
    counts.increment('a');
    counts.increment('d'); // b and c have 1 hit, b is older
    expect([counts.get('a'), counts.get('b'), counts.get('c'), counts.get('d')]).toEqual([2, 0, 1, 1]);
    counts.increment('c');
    counts.increment('d');
    counts.increment('e'); // every key has 2 hits: the oldest of them, a, goes
    expect([counts.get('a'), counts.get('c'), counts.get('d'), counts.get('e')]).toEqual([0, 2, 2, 1]);
  });

  it('decrement gives a hit back and forgets a key at 0; eviction still finds the least counted', () => {
    const counts = new BoundedCounts(2, 11);
    counts.increment('a');
    counts.increment('a');
    counts.increment('a');
    counts.increment('b');
    counts.increment('b');
    counts.decrement('a');
    counts.decrement('a');
    expect(counts.get('a')).toBe(1);
    counts.increment('c'); // a (1) goes, not b (2)
    expect([counts.get('a'), counts.get('b'), counts.get('c')]).toEqual([0, 2, 1]);
    counts.decrement('c');
    expect(counts.get('c')).toBe(0);
    expect(counts.size).toBe(1);
    counts.decrement('unknown');
    expect(counts.size).toBe(1);
  });

  it('clear empties the window', () => {
    const counts = new BoundedCounts(2, 11);
    counts.increment('a');
    counts.clear();
    expect(counts.size).toBe(0);
    expect(counts.increment('a')).toBe(1);
  });
});
