import { describe, expect, it } from 'vitest';
import { checkReadiness, type ReadinessDependencies } from './readiness.js';

const ring = {
  signingKey: () => ({ kid: 'k1' }),
  jwks: () => ({ keys: [{ kid: 'k1' }] }),
} as unknown as ReturnType<ReadinessDependencies['keys']>;

function deps(overrides: Partial<ReadinessDependencies> = {}): ReadinessDependencies {
  return {
    store: {
      meta: { getMeta: async () => '1' } as unknown as ReadinessDependencies['store']['meta'],
      pendingMigrations: async () => [],
    },
    keys: () => ring,
    pingRedis: undefined,
    ...overrides,
  };
}

describe('checkReadiness', () => {
  it('is ready when every dependency is, and checks Redis only when configured', async () => {
    expect(await checkReadiness(deps())).toEqual({
      status: 'ready',
      notReady: [],
      checks: { store: { status: 'ok' }, migrations: { status: 'ok' }, keys: { status: 'ok' } },
    });
    const withRedis = await checkReadiness(deps({ pingRedis: async () => {} }));
    expect(withRedis.checks.redis).toEqual({ status: 'ok' });
  });

  it('names a missing signing key', async () => {
    const report = await checkReadiness(deps({ keys: () => undefined }));
    expect(report.status).toBe('unavailable');
    expect(report.notReady).toEqual(['keys']);
    expect(report.checks.keys).toEqual({ status: 'failed', reason: 'no active signing key' });
  });

  it("gives a wrapped driver error's code as the reason, not the wrapper's message", async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const report = await checkReadiness(
      deps({
        store: {
          meta: {
            getMeta: async () => {
              throw new Error('store call meta.getMeta failed', { cause: refused });
            },
          } as unknown as ReadinessDependencies['store']['meta'],
          pendingMigrations: async () => ['001-core', '002-revocations'],
        },
        pingRedis: async () => {
          throw new Error('unreachable (ETIMEDOUT)');
        },
      }),
    );
    expect(report.notReady).toEqual(['store', 'migrations', 'redis']);
    expect(report.checks.store).toEqual({ status: 'failed', reason: 'ECONNREFUSED' });
    expect(report.checks.migrations).toEqual({
      status: 'failed',
      reason: 'not applied: 001-core, 002-revocations',
    });
    expect(report.checks.redis).toEqual({ status: 'failed', reason: 'unreachable (ETIMEDOUT)' });
  });
});
