import { afterAll, describe, expect, it } from 'vitest';
import { SeedFileError } from '../../src/setup/seed/seed-error.js';
import { BACKENDS } from '../support/backends.js';
import { S2S_ID, SECRET, SUB, seed } from './seed-fixture.js';
import { admin, requestToken, seedStore } from './seed-support.js';

/** Issue 10 part 6: fault rules through the seed file, like the admin API and the CLI. */
const RULES = [
  { route: 'token', effect: { type: 'status', status: 503 }, trigger: { type: 'nth', n: 2 } },
  {
    route: 'rest',
    path: '/data/**',
    effect: { type: 'latency', ms: 5 },
    trigger: { type: 'probability', p: 0.5 },
  },
];
const withFaults = (faults: unknown) => {
  const doc = seed();
  (doc.tenants[0] as Record<string, unknown>).faults = faults;
  return doc;
};

describe.each(BACKENDS)('the seed file `faults` section on $name', (backend) => {
  const store = seedStore(backend);
  afterAll(async () => {
    store.cleanup();
    await backend.cleanup();
  });

  it('sets the rules, which fire; the same file again changes nothing; export writes them back', async () => {
    const file = store.writeSeed(withFaults(RULES));
    const first = await store.start(file);
    try {
      expect(first.seed?.changes).toContain('tenants[0].faults: 2 rules set');
      const listed = (await admin(first, 'GET', `/tenants/${SUB}/faults`)).body.items;
      expect(listed.map((r: { route: string }) => r.route)).toEqual(['token', 'rest']);
      const credentials = { client_id: S2S_ID, client_secret: SECRET };
      expect((await requestToken(first, SUB, credentials)).status).toBe(200);
      expect((await requestToken(first, SUB, credentials)).status).toBe(503); // the 2nd request
      expect((await requestToken(first, SUB, credentials)).status).toBe(200);
      const exported = (await admin(first, 'GET', '/export')).body;
      expect(exported.tenants[0].faults).toEqual([
        { ...RULES[0] },
        { ...RULES[1], trigger: { type: 'probability', p: 0.5, seed: listed[1].trigger.seed } },
      ]);
    } finally {
      await first.close();
    }
    const again = await store.start(file);
    try {
      expect(again.seed?.changes).toEqual([]);
      // Counts are kept: the rule was not replaced.
      const listed = (await admin(again, 'GET', `/tenants/${SUB}/faults`)).body.items;
      expect(listed[0].fired).toBe(1);
    } finally {
      await again.close();
    }
    const changed = await store.start(store.writeSeed(withFaults([RULES[1]])));
    try {
      expect(changed.seed?.changes).toContain('tenants[0].faults: 1 rule set');
      expect((await admin(changed, 'GET', `/tenants/${SUB}/faults`)).body.items).toHaveLength(1);
    } finally {
      await changed.close();
    }
  });

  it('a bad rule stops the boot naming its place in the file', async () => {
    const bad = [RULES[0], { route: 'rest', effect: { type: 'latency', ms: 999_999 } }];
    const err = await store.start(store.writeSeed(withFaults(bad))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SeedFileError);
    expect((err as SeedFileError).path).toMatch(/^tenants\[0\]\.faults\[1\]/);
    const shape = await store
      .start(store.writeSeed(withFaults([{ route: 'nowhere', effect: {} }])))
      .catch((e: unknown) => e);
    expect(shape).toBeInstanceOf(SeedFileError);
    expect((shape as SeedFileError).message).toContain('tenants[0].faults[0].route');
  });
});
