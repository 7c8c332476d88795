import { describe, expect, it } from 'vitest';
import { CachedLoader } from './cached-loader.js';

describe('directory cache in front of the store', () => {
  it('loads once, shares concurrent loads, serves peeks from memory', async () => {
    let loads = 0;
    const cache = new CachedLoader<string>({
      load: async (k) => {
        loads++;
        return `v:${k}`;
      },
      maxAgeMs: () => Number.POSITIVE_INFINITY,
      now: () => 0,
    });
    expect(cache.peek('a')).toBeUndefined();
    const [x, y] = await Promise.all([cache.get('a'), cache.get('a')]);
    expect([x, y, loads]).toEqual(['v:a', 'v:a', 1]);
    expect(cache.peek('a')).toBe('v:a');
    cache.invalidate('a');
    expect(cache.peek('a')).toBeUndefined();
    await cache.get('a');
    expect(loads).toBe(2);
  });

  it('reloads after maxAge (shared stores) and never keeps unknown keys', async () => {
    let now = 0;
    let value: string | undefined;
    let loads = 0;
    const cache = new CachedLoader<string>({
      load: async () => {
        loads++;
        return value;
      },
      maxAgeMs: () => 1000,
      now: () => now,
    });
    expect(await cache.get('k')).toBeUndefined();
    value = 'created';
    expect(await cache.get('k')).toBe('created');
    now = 1001;
    value = 'changed';
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.get('k')).toBe('changed');
    expect(loads).toBe(3);
  });

  it('does not keep a value loaded across an invalidation', async () => {
    let release: (v: string) => void = () => {};
    const cache = new CachedLoader<string>({
      load: () => new Promise((r) => (release = r)),
      maxAgeMs: () => Number.POSITIVE_INFINITY,
      now: () => 0,
    });
    const pending = cache.get('k');
    cache.invalidate('k');
    release('stale');
    expect(await pending).toBe('stale');
    expect(cache.peek('k')).toBeUndefined();
  });
});
