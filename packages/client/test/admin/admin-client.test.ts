import { describe, expect, it } from 'vitest';
import {
  AdminApiError,
  AdminBadRequestError,
  AdminConflictError,
  AdminNotFoundError,
  AdminRateLimitedError,
  AdminUnauthenticatedError,
  buildAdminRequest,
  ConfigurationError,
  createAdminClient,
  InvalidResponseError,
  NetworkError,
  PackgateClientError,
  RequestTimeoutError,
} from '../../src/admin/index.js';
import { fakeFetch, json } from '../helpers/fake-fetch.js';

const KEY = 'k3y-of-the-operator-0123456789abcdefghijklmnopqrstuvwxyz';
const BASE = 'http://127.0.0.1:8787';

function clientWith(route: Parameters<typeof fakeFetch>[0]) {
  const fake = fakeFetch(route);
  return { admin: createAdminClient({ baseUrl: BASE, adminKey: KEY, fetch: fake.fetch }), calls: fake.calls };
}

async function failure(promise: Promise<unknown>): Promise<PackgateClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PackgateClientError);
  const e = error as PackgateClientError;
  expect(`${e.message} ${e.hint} ${JSON.stringify(e)}`).not.toContain(KEY);
  return e;
}

describe('admin client options: the operator key only over TLS or to this machine', () => {
  it.each([
    'http://packgate.example.com',
    'http://10.0.0.5:8787',
    'ftp://127.0.0.1/',
    'not a url',
    '',
    'https://user:pw@packgate.example.com',
  ])('refuses baseUrl %j', (baseUrl) => {
    expect(() => createAdminClient({ baseUrl, adminKey: KEY })).toThrow(ConfigurationError);
  });

  it('takes https anywhere and http on loopback', () => {
    expect(() => createAdminClient({ baseUrl: 'https://packgate.example.com', adminKey: KEY })).not.toThrow();
    expect(() => createAdminClient({ baseUrl: 'http://localhost:8787/', adminKey: KEY })).not.toThrow();
  });

  it.each(['', 'two words', 'line\nbreak', undefined])(
    'refuses the admin key %j without echoing it',
    (adminKey) => {
      const make = () => createAdminClient({ baseUrl: BASE, adminKey: adminKey as string });
      expect(make).toThrow(ConfigurationError);
      try {
        make();
      } catch (e) {
        if (adminKey) expect((e as Error).message).not.toContain(adminKey);
      }
    },
  );

  it.each([0, -1, 1.5, Number.NaN, 2 ** 31])('refuses timeoutMs %s', (timeoutMs) => {
    expect(() => createAdminClient({ baseUrl: BASE, adminKey: KEY, timeoutMs })).toThrow(ConfigurationError);
  });
});

describe('buildAdminRequest: operation + input → wire request', () => {
  it('fills and percent-encodes path parameters, writes the query as text and the body as JSON', () => {
    expect(
      buildAdminRequest('listPackages', {
        sub: 'mc x',
        query: { limit: 500, after: 'a&b', skip: undefined },
      }),
    ).toEqual({
      method: 'GET',
      path: 'admin/v1/tenants/mc%20x/packages?limit=500&after=a%26b',
      body: undefined,
    });
    expect(buildAdminRequest('createPackage', { sub: 's', body: { name: 'N' } })).toEqual({
      method: 'POST',
      path: 'admin/v1/tenants/s/packages',
      body: '{"name":"N"}',
    });
  });

  it('an operation with an all-optional body gets {} when none is given', () => {
    expect(buildAdminRequest('generateSecret', { sub: 's', id: 'p' }).body).toBe('{}');
  });

  it('refuses unknown operations, missing path parameters and bodies an operation does not take', () => {
    expect(() => buildAdminRequest('dropAllTables', {})).toThrow(/not an operation of the admin API/);
    expect(() => buildAdminRequest('toString', {})).toThrow(ConfigurationError);
    expect(() => buildAdminRequest('getPackage', { sub: 's' })).toThrow(/"id" is required/);
    expect(() => buildAdminRequest('getPackage', { sub: 's', id: '' })).toThrow(/"id" is required/);
    expect(() => buildAdminRequest('getPackage', { sub: 's', id: { x: 1 } })).toThrow(/"id" is required/);
    expect(() => buildAdminRequest('listTenants', { body: { x: 1 } })).toThrow(/takes no body/);
    expect(() => buildAdminRequest('listPackages', { sub: 's', query: 'limit=1' })).toThrow(/query/);
  });
});

describe('admin client requests', () => {
  it('sends the key as a bearer token, JSON only when there is a body, and parses the answer', async () => {
    const { admin, calls } = clientWith((call) =>
      call.method === 'DELETE' ? new Response(null, { status: 204 }) : json(201, { id: 'p1', name: 'N' }),
    );
    expect(await admin.createPackage({ sub: 'mcabc', body: { name: 'N' } })).toEqual({ id: 'p1', name: 'N' });
    expect(await admin.deletePackage({ sub: 'mcabc', id: 'p1' })).toBeUndefined();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `POST ${BASE}/admin/v1/tenants/mcabc/packages`,
      `DELETE ${BASE}/admin/v1/tenants/mcabc/packages/p1`,
    ]);
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(calls[0]?.body).toBe('{"name":"N"}');
    expect(calls[1]?.headers.get('content-type')).toBeNull();
  });

  it('request(operationId, …) is the same call as the method', async () => {
    const { admin, calls } = clientWith(() => json(200, { items: [] }));
    await admin.request('listBusinessUnits', { sub: 'mcabc' });
    expect(calls[0]?.url).toBe(`${BASE}/admin/v1/tenants/mcabc/business-units`);
  });

  it('an id that would climb out of its route is refused before any request', async () => {
    const { admin, calls } = clientWith(() => json(200, {}));
    await failure(admin.getPackage({ sub: 'mcabc', id: '..' }));
    expect(calls).toHaveLength(0);
  });

  it('a 2xx answer that is not JSON is an InvalidResponseError naming the server, not a token endpoint', async () => {
    const { admin } = clientWith(() => new Response('<html>hello</html>', { status: 200 }));
    const e = await failure(admin.listTenants());
    expect(e).toBeInstanceOf(InvalidResponseError);
    expect(e.hint).toMatch(/Packgate admin API/);
  });
});

describe('admin errors: typed by status, carrying the field the server named', () => {
  const body = (error: string, message: string, field?: string) => ({
    error,
    message,
    ...(field ? { field } : {}),
  });

  it.each([
    [
      400,
      AdminBadRequestError,
      'ERR_ADMIN_BAD_REQUEST',
      body('bad_request', 'name: must not be empty', 'name'),
    ],
    [
      401,
      AdminUnauthenticatedError,
      'ERR_ADMIN_UNAUTHENTICATED',
      body('unauthenticated', 'The operator key is not valid.'),
    ],
    [404, AdminNotFoundError, 'ERR_ADMIN_NOT_FOUND', body('not_found', 'No such package.')],
    [
      409,
      AdminConflictError,
      'ERR_ADMIN_CONFLICT',
      body('conflict', 'A user named "ada" already exists.', 'username'),
    ],
    [413, AdminApiError, 'ERR_ADMIN_API_ERROR', body('payload_too_large', 'The request body is too large.')],
    [
      500,
      AdminApiError,
      'ERR_ADMIN_API_ERROR',
      body('internal_error', 'The server could not complete the request.'),
    ],
  ])('%i → %o', async (status, type, code, answer) => {
    const { admin } = clientWith(() => json(status, answer));
    const e = (await failure(admin.createPackage({ sub: 'mcabc', body: { name: 'x' } }))) as AdminApiError;
    expect(e).toBeInstanceOf(type);
    expect(e).toBeInstanceOf(AdminApiError);
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
    expect(e.adminError).toBe(answer.error);
    expect(e.field).toBe(answer.field);
    expect(e.serverMessage).toBe(answer.message);
    expect(e.operationId).toBe('createPackage');
    expect(e.message).toBe(
      `POST admin/v1/tenants/mcabc/packages failed: HTTP ${status} (${answer.error}): ${answer.message}`,
    );
  });

  it('429 carries Retry-After in milliseconds', async () => {
    const { admin } = clientWith(() =>
      json(429, body('too_many_requests', 'try again in 42 seconds'), { 'retry-after': '42' }),
    );
    const e = await failure(admin.listTenants());
    expect(e).toBeInstanceOf(AdminRateLimitedError);
    expect((e as AdminRateLimitedError).retryAfterMs).toBe(42_000);
  });

  it('a server that echoes the key in its message does not get it into the error', async () => {
    const { admin } = clientWith(() => json(401, body('unauthenticated', `bad key ${KEY}`)));
    const e = await failure(admin.listTenants());
    expect(e.message).toContain('[redacted]');
    expect((e as AdminApiError).serverMessage).toBe('bad key [redacted]');
  });

  it.each([
    ['not JSON', 'oops'],
    ['an array', '[1]'],
    ['wrong types', '{"error":7,"message":{},"field":[]}'],
    ['empty', ''],
  ])('an error body that is %s still gives a typed error', async (_, text) => {
    const { admin } = clientWith(() => new Response(text, { status: 404 }));
    const e = (await failure(admin.getTenant({ sub: 'mcabc' }))) as AdminApiError;
    expect(e).toBeInstanceOf(AdminNotFoundError);
    expect(e.adminError).toBeUndefined();
    expect(e.field).toBeUndefined();
    expect(e.message).toBe('GET admin/v1/tenants/mcabc failed: HTTP 404');
  });
});

describe('admin transport failures reuse the SDK transport errors, with a hint about the server', () => {
  it('connection refused → NetworkError', async () => {
    const { admin } = clientWith(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    });
    const e = await failure(admin.listTenants());
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.hint).toMatch(/packgate serve/);
    expect(e.message).toContain('127.0.0.1:8787');
  });

  it('no answer in time → RequestTimeoutError', async () => {
    const fake = fakeFetch(() => new Promise<Response>(() => {}));
    const hanging: typeof fake.fetch = (input, init) =>
      new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        void fake.fetch(input, init);
      });
    const admin = createAdminClient({ baseUrl: BASE, adminKey: KEY, fetch: hanging, timeoutMs: 20 });
    const e = await failure(admin.listTenants());
    expect(e).toBeInstanceOf(RequestTimeoutError);
    expect(e.hint).toMatch(/baseUrl/);
  });

  it("the caller's abort is rethrown as it is", async () => {
    const { admin } = clientWith(() => json(200, { items: [] }));
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(admin.listTenants(undefined, { signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe('paginate: cursor paging as an async iterator', () => {
  const pages: Record<string, { items: { id: string }[]; nextCursor?: string }> = {
    '': { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'b' },
    b: { items: [{ id: 'c' }, { id: 'd' }], nextCursor: 'd' },
    d: { items: [{ id: 'e' }] },
  };

  it('follows nextCursor through the operation’s cursor parameter until the last page', async () => {
    const { admin, calls } = clientWith((call) =>
      json(200, pages[new URL(call.url).searchParams.get('after') ?? '']),
    );
    const ids: string[] = [];
    for await (const pkg of admin.paginate('listPackages', { sub: 'mcabc', query: { limit: '2' } }))
      ids.push(pkg.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(calls.map((c) => new URL(c.url).search)).toEqual([
      '?limit=2',
      '?limit=2&after=b',
      '?limit=2&after=d',
    ]);
  });

  it('audit events page with `before`', async () => {
    const { admin, calls } = clientWith((call) =>
      json(
        200,
        call.url.includes('before=') ? { items: [{ id: 1 }] } : { items: [{ id: 2 }], nextCursor: '2' },
      ),
    );
    const ids: number[] = [];
    for await (const e of admin.paginate('listServerAuditEvents')) ids.push(e.id);
    expect(ids).toEqual([2, 1]);
    expect(new URL(calls[1]?.url ?? '').searchParams.get('before')).toBe('2');
  });

  it('requests a page only when the previous one is consumed', async () => {
    const { admin, calls } = clientWith((call) =>
      json(200, pages[new URL(call.url).searchParams.get('after') ?? '']),
    );
    for await (const pkg of admin.paginate('listPackages', { sub: 'mcabc' })) {
      if (pkg.id === 'a') break;
    }
    expect(calls).toHaveLength(1);
  });

  it('a server that repeats a cursor is stopped, not followed forever', async () => {
    const { admin, calls } = clientWith(() => json(200, { items: [{ id: 'x' }], nextCursor: 'same' }));
    const seen: string[] = [];
    const e = await failure(
      (async () => {
        for await (const pkg of admin.paginate('listPackages', { sub: 'mcabc' })) seen.push(pkg.id);
      })(),
    );
    expect(e).toBeInstanceOf(InvalidResponseError);
    expect(calls).toHaveLength(2);
  });

  it.each([
    ['no items', { nextCursor: 'x' }],
    ['items not a list', { items: 'x' }],
    ['an empty cursor', { items: [], nextCursor: '' }],
    ['a numeric cursor', { items: [], nextCursor: 5 }],
  ])('a page with %s is an InvalidResponseError', async (_, page) => {
    const { admin } = clientWith(() => json(200, page));
    const e = await failure(admin.paginate('listUsers', { sub: 'mcabc' }).next());
    expect(e).toBeInstanceOf(InvalidResponseError);
  });

  it('refuses operations that are not paged', async () => {
    const { admin } = clientWith(() => json(200, { items: [] }));
    // @ts-expect-error listTenants is not a paged list
    await expect(admin.paginate('listTenants').next()).rejects.toThrow(/not a paged list/);
  });
});
