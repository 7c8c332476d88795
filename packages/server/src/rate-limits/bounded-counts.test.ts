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

  it('a key is evicted only once every other tracked key is counted as often', () => {
    const counts = new BoundedCounts(3, 11);
    counts.increment('a');
    counts.increment('a');
    counts.increment('b');
    counts.increment('c');
    counts.increment('d'); // b or c (1 hit) goes, never a (2)
    expect(counts.get('a')).toBe(2);
    expect(counts.get('b') + counts.get('c')).toBe(1);
    expect(counts.get('d')).toBe(1);
    for (const key of ['b', 'c', 'd'])
      while (counts.get(key) > 0 && counts.get(key) < 2) counts.increment(key);
    // Every key now has 2 hits (one of b and c was evicted, so at most 3 keys): a may go now.
    counts.increment('e');
    expect(counts.size).toBe(3);
    expect(counts.get('e')).toBe(1);
  });

  it('a flood churns its own keys: older keys with one hit survive it', () => {
    const counts = new BoundedCounts(100, 11);
    for (let i = 0; i < 99; i++) counts.increment(`early-${i}`);
    for (let i = 0; i < 10_000; i++) counts.increment(`flood-${i}`);
    for (let i = 0; i < 99; i++) expect(counts.get(`early-${i}`)).toBe(1);
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
