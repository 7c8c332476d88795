import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import {
  expectSafeAnswer,
  FUZZ_TIMEOUT_MS,
  fuzzContentType,
  fuzzJson,
  fuzzJsonBody,
  fuzzParameters,
  fuzzQuery,
  fuzzSegment,
  fuzzText,
  inject,
  jsonOf,
  type Sent,
} from './fuzz-support.js';

/** JSON nested `depth` levels deep, the shape a recursive walk overflows on. */
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe.each(BACKENDS)('admin API under random input (no 5xx) on $name', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend.serverOptions());
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  it(
    '10 000 seeded requests (reads, creates with random JSON, ids with random Unicode): < 500 in the admin shape',
    async () => {
      // An id of the URL: the real one (the route's later steps), or anything.
      const sub = fc.oneof(
        { weight: 3, arbitrary: fc.constant('*sub') },
        { weight: 1, arbitrary: fuzzSegment },
      );
      const id = fc.oneof(fc.constant('*pkg'), fuzzSegment);
      const field = (names: readonly string[]) =>
        fc.dictionary(fc.oneof(fc.constantFrom(...names), fuzzText), fc.oneof(fuzzText, fuzzJson), {
          maxKeys: 5,
        });
      const routes: fc.Arbitrary<{ method: string; path: string; body?: unknown; query?: string }> = fc.oneof(
        fc
          .tuple(fc.constantFrom('/tenants', '/audit-events'), fuzzQuery(['limit', 'before', 'action']))
          .map(([path, query]) => ({ method: 'GET', path, query })),
        fc
          .tuple(
            sub,
            fc.constantFrom(
              '',
              '/business-units',
              '/audit-events',
              '/packages',
              '/users',
              '/data-extensions',
            ),
          )
          .map(([s, rest]) => ({ method: 'GET', path: `/tenants/${s}${rest}` })),
        fc
          .tuple(
            sub,
            id,
            fc.constantFrom('', '/integration', '/integration/secrets', '/integration/licenses'),
          )
          .map(([s, i, rest]) => ({ method: 'GET', path: `/tenants/${s}/packages/${i}${rest}` })),
        fc.tuple(sub, fuzzSegment).map(([s, u]) => ({ method: 'GET', path: `/tenants/${s}/users/${u}` })),
        // Destructive routes only on ids the fuzz invents: the demo tenant must survive the run.
        fc
          .tuple(fuzzSegment, fuzzSegment)
          .map(([s, i]) => ({ method: 'DELETE', path: `/tenants/${s}/packages/${i}` })),
        fuzzSegment.map((s) => ({ method: 'DELETE', path: `/tenants/${s}` })),
        field(['name', 'subdomain', 'eid']).map((body) => ({ method: 'POST', path: '/tenants', body })),
        fc.tuple(sub, field(['name', 'mid', 'parentMid'])).map(([s, body]) => ({
          method: 'POST',
          path: `/tenants/${s}/business-units`,
          body,
        })),
        fc.tuple(sub, field(['name', 'description'])).map(([s, body]) => ({
          method: 'POST',
          path: `/tenants/${s}/packages`,
          body,
        })),
        fc.tuple(sub, id, field(['name', 'description'])).map(([s, i, body]) => ({
          method: 'PATCH',
          path: `/tenants/${s}/packages/${i}`,
          body,
        })),
        fc
          .tuple(
            sub,
            id,
            fc.constantFrom('POST', 'PATCH'),
            field(['integrationType', 'scopes', 'redirectUris']),
          )
          .map(([s, i, method, body]) => ({ method, path: `/tenants/${s}/packages/${i}/integration`, body })),
        fc.tuple(sub, id, field(['businessUnits', 'mids', 'all'])).map(([s, i, body]) => ({
          method: 'PUT',
          path: `/tenants/${s}/packages/${i}/integration/access`,
          body,
        })),
        fc.tuple(sub, id, fuzzSegment, fuzzJson).map(([s, i, secretId, body]) => ({
          method: 'POST',
          path: `/tenants/${s}/packages/${i}/integration/secrets/${secretId}/activate`,
          body,
        })),
        fc.tuple(sub, field(['mid', 'name', 'key', 'fields'])).map(([s, body]) => ({
          method: 'POST',
          path: `/tenants/${s}/data-extensions`,
          body,
        })),
        // No password in a create: a hash per case would make the run minutes long.
        fc.tuple(sub, field(['username', 'email', 'businessUnits', 'name'])).map(([s, body]) => ({
          method: 'POST',
          path: `/tenants/${s}/users`,
          body,
        })),
        fc
          .tuple(
            sub,
            fuzzSegment,
            fc.constantFrom('PATCH', 'DELETE'),
            field(['email', 'businessUnits', 'active']),
          )
          .map(([s, u, method, body]) => ({ method, path: `/tenants/${s}/users/${u}`, body })),
        fc.tuple(sub, id, field(['userIds', 'users'])).map(([s, i, body]) => ({
          method: 'PUT',
          path: `/tenants/${s}/packages/${i}/integration/licenses`,
          body,
        })),
      );
      const request: fc.Arbitrary<Sent> = fc
        .tuple(
          routes,
          fc.oneof(
            { weight: 12, arbitrary: fc.constant('key') },
            { weight: 1, arbitrary: fc.constantFrom('none', 'wrong') },
          ),
          fc.oneof(
            { weight: 8, arbitrary: fc.constant('application/json') },
            { weight: 1, arbitrary: fuzzContentType },
          ),
          fc.oneof(
            { weight: 10, arbitrary: fc.constant('as-is') },
            { weight: 1, arbitrary: fc.constant('bytes') },
            // deeper than a recursive walk survives, still under the 64 KiB body limit
            { weight: 1, arbitrary: fc.constantFrom(5_000, 30_000).map(nested) },
          ),
        )
        .chain(([route, how, contentType, shape]) => {
          const headers: Record<string, string> = {};
          if (how === 'key') headers.authorization = `Bearer ${s.adminKey}`;
          if (how === 'wrong') headers.authorization = `Bearer ${s.adminKey.slice(0, -1)}x`;
          const path = route.path.replaceAll('*sub', s.subdomain).replaceAll('*pkg', s.packageId);
          const url = `/admin/v1${path}${route.query ? `?${route.query}` : ''}`;
          if (route.body === undefined) return fc.constant({ method: route.method, url, headers });
          headers['content-type'] = contentType;
          const body =
            shape === 'as-is'
              ? fc.constant(JSON.stringify(route.body) ?? 'null')
              : shape === 'bytes'
                ? fuzzJsonBody(fuzzJson)
                : fc.constant(`{"name":${shape}}`);
          return body.map((b) => ({ method: route.method, url, headers, body: b }));
        });

      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(request, async (sent) => {
          const res = await inject(s.server.app, sent);
          expectSafeAnswer(sent, res, [s.adminKey, s.clientSecret]);
          statuses.add(res.status);
          if (res.status >= 400) {
            // the admin error shape
            const body = jsonOf(sent, res);
            expect(typeof body.error, res.text).toBe('string');
            expect(typeof body.message, res.text).toBe('string');
          }
        }),
        fuzzParameters(),
      );
      expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400, 401, 404]));
    },
    FUZZ_TIMEOUT_MS,
  );
});
