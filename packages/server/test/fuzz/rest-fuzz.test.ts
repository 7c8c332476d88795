import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { createContactsDe, tokenFor } from '../resources/resource-helpers.js';
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

const COLUMNS = ['Id', 'Email', 'Age', 'Balance', 'Joined', 'Active', 'Phone', 'Locale'] as const;

describe.each(BACKENDS)('REST resource API under random input (no 5xx) on $name', (backend) => {
  let s: TestServer;
  let token: string;
  let requestId: string;
  beforeAll(async () => {
    // No per-client limit: 10 000 requests of one token must reach the handlers, not a 429.
    s = await startTestServer({ ...backend.serverOptions(), settings: { restRateLimitPerMinute: '0' } });
    token = await tokenFor(s);
    await createContactsDe(s, s.eid);
    const accepted = await s.server.app.inject({
      method: 'POST',
      url: `/${s.subdomain}/rest/data/v1/async/dataextensions/key:Contacts/rows`,
      headers: { authorization: `Bearer ${token}` },
      payload: { items: [{ Id: 'a', Email: 'a@example.com' }] },
    });
    requestId = accepted.json().requestId;
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  it(
    '10 000 seeded requests (tokenContext, rows get/upsert/async, $filter, paging): < 500 in the MC REST shape',
    async () => {
      // A value of a column: mostly plausible (so rows get saved), sometimes anything at all.
      const value = fc.oneof(
        fc.constantFrom('a', 'b', 'c', 'a@example.com', '42', '1.5', '2026-03-01', 'true', 'en-US', ''),
        fuzzText,
        fuzzJson,
      );
      const columns = fc.dictionary(fc.oneof(fc.constantFrom(...COLUMNS), fuzzText), value, { maxKeys: 4 });
      // Row ids from a small set keep the stored rows, and each read, small.
      const row = fc.record(
        {
          keys: fc.oneof(
            fc.constantFrom('a', 'b', 'c', 'd').map((Id) => ({ Id })),
            columns,
            fuzzJson,
          ),
          values: fc.oneof(
            fc.record({ Email: fc.constantFrom('a@example.com', 'b@example.com') }),
            columns,
            fuzzJson,
          ),
        },
        { requiredKeys: [] },
      );
      const target = fc.oneof(fc.constantFrom('key:Contacts', 'key:contacts', 'Contacts'), fuzzSegment);
      const key = fc.oneof(fc.constantFrom('Contacts', 'CONTACTS'), fuzzSegment);
      const filterText = fc.oneof(
        fc
          .tuple(fc.constantFrom(...COLUMNS), fc.constantFrom('eq', 'ne', 'like', 'gt', ''), fuzzText)
          .map(([c, op, v]) => `${c} ${op} '${v}'`),
        fuzzText,
      );
      const rowsetQuery = fc.oneof(
        fc
          .record(
            {
              $page: fc.oneof(fc.integer({ min: -2, max: 3 }).map(String), fuzzText),
              $pageSize: fc.oneof(fc.constantFrom('1', '2500', '2501', '0', '1e3'), fuzzText),
              $filter: filterText,
              $orderBy: fc.oneof(fc.constantFrom('Id', 'Id desc', 'Age asc, Id'), fuzzText),
            },
            { requiredKeys: [] },
          )
          .map((q) => new URLSearchParams(q as Record<string, string>).toString()),
        fuzzQuery(['$page', '$pageSize', '$filter', '$orderBy']),
      );
      const auth = fc.oneof(
        { weight: 8, arbitrary: fc.constant('token') },
        { weight: 1, arbitrary: fc.constantFrom('none', 'garbage', 'basic') },
      );
      const sd = () => s.subdomain;
      const request: fc.Arbitrary<Sent> = fc
        .tuple(
          fc.oneof(
            fc.constant({ method: 'GET', path: () => `/${sd()}/rest/platform/v1/tokenContext` }),
            fc.tuple(key, rowsetQuery).map(([k, q]) => ({
              method: 'GET',
              path: () => `/${sd()}/rest/data/v1/customobjectdata/key/${k}/rowset?${q}`,
            })),
            fc.tuple(target, fc.oneof(fc.array(row, { maxLength: 3 }), fuzzJson)).map(([t, body]) => ({
              method: 'POST',
              path: () => `/${sd()}/rest/hub/v1/dataevents/${t}/rowset`,
              body,
            })),
            fc
              .tuple(
                target,
                fc.oneof(fc.constantFrom('Id:a', 'Id:b', 'id:c', 'Id:', ':a', 'Id:a,Id:b'), fuzzSegment),
              )
              .chain(([t, pk]) =>
                fc.oneof(fc.record({ values: columns }), fuzzJson).map((body) => ({
                  method: 'PUT',
                  path: () => `/${sd()}/rest/hub/v1/dataevents/${t}/rows/${pk}`,
                  body,
                })),
              ),
            fc
              .tuple(
                fc.constantFrom('POST', 'PUT'),
                target,
                fc.oneof(fc.record({ items: fc.array(columns, { maxLength: 3 }) }), fuzzJson),
              )
              .map(([method, t, body]) => ({
                method,
                path: () => `/${sd()}/rest/data/v1/async/dataextensions/${t}/rows`,
                body,
              })),
            fc
              .tuple(
                fc.oneof(fc.constant('*'), fuzzSegment),
                fc.constantFrom('status', 'results'),
                fc.oneof(fc.constantFrom('', 'page=1', 'page=0', 'page=-1', 'page=99'), fuzzQuery(['page'])),
              )
              .map(([id, what, q]) => ({
                method: 'GET',
                path: () => `/${sd()}/rest/data/v1/async/${id === '*' ? requestId : id}/${what}?${q}`,
              })),
          ),
          auth,
          fc.oneof(
            { weight: 8, arbitrary: fc.constant('application/json') },
            { weight: 1, arbitrary: fuzzContentType },
          ),
          fc.nat({ max: 9 }),
        )
        .chain(([route, how, contentType, raw]) => {
          const headers: Record<string, string> = {};
          if (how === 'token') headers.authorization = `Bearer ${token}`;
          if (how === 'garbage') headers.authorization = 'Bearer eyJ.x.y';
          if (how === 'basic') headers.authorization = 'Basic Og==';
          const hasBody = 'body' in route;
          if (hasBody) headers['content-type'] = contentType;
          const body = hasBody
            ? raw === 0
              ? fuzzJsonBody(fuzzJson)
              : fc.constant(JSON.stringify(route.body) ?? 'null')
            : fc.constant(undefined);
          return body.map((b) => ({
            method: route.method,
            url: route.path(),
            headers,
            ...(b === undefined ? {} : { body: b }),
          }));
        });

      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(request, async (sent) => {
          const res = await inject(s.server.app, sent);
          expectSafeAnswer(sent, res, [s.clientSecret, s.adminKey]);
          statuses.add(res.status);
          if (res.status >= 400) {
            // Marketing Cloud's REST error shape
            const body = jsonOf(sent, res);
            expect(typeof body.message, res.text).toBe('string');
            expect(typeof body.errorcode, res.text).toBe('number');
            expect(typeof body.documentation, res.text).toBe('string');
          }
        }),
        fuzzParameters(),
      );
      // the inputs reach every stage: reads, writes, validation, unknown keys and failed bearers
      expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 202, 400, 401, 404]));
    },
    FUZZ_TIMEOUT_MS,
  );
});
