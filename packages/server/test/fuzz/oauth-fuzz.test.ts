import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import {
  exchangeWebCode,
  type Fixture,
  obtainCode,
  PUBLIC_REDIRECT,
  startFixture,
  WEB_REDIRECT,
  webAuthorizeParams,
} from '../user-context/support/fixture.js';
import {
  encodeSegment,
  expectSafeAnswer,
  FUZZ_TIMEOUT_MS,
  fuzzContentType,
  fuzzJson,
  fuzzParameters,
  fuzzText,
  inject,
  jsonOf,
  type Sent,
} from './fuzz-support.js';

const asText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** Parameters as a form or JSON body; names the endpoints know, values valid or not. */
function encodeBody(params: ReadonlyArray<readonly [string, unknown]>, json: boolean): string {
  if (json) return JSON.stringify(Object.fromEntries(params));
  return params.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(asText(v))}`).join('&');
}

describe.each(BACKENDS)('OAuth endpoints under random input (no 5xx) on $name', (backend) => {
  let f: Fixture;
  let userAccessToken: string;
  let userRefreshToken: string;
  let s2sToken: string;
  let secrets: string[];
  beforeAll(async () => {
    f = await startFixture(backend);
    await issueTokens();
    secrets = [f.server.clientSecret, f.webApp.clientSecret ?? '', f.server.adminKey];
  });
  /** A user token pair and a server-to-server token (again after the revoke fuzz spent them). */
  async function issueTokens(): Promise<void> {
    const code = await obtainCode(f, webAuthorizeParams(f, { scope: 'email_read offline' }));
    const exchanged = await exchangeWebCode(f, code);
    userAccessToken = exchanged.body.access_token;
    userRefreshToken = exchanged.body.refresh_token;
    const s2s = await f.server.server.app.inject({
      method: 'POST',
      url: `/${f.server.subdomain}/auth/v2/token`,
      payload: {
        grant_type: 'client_credentials',
        client_id: f.server.clientId,
        client_secret: f.server.clientSecret,
      },
    });
    s2sToken = s2s.json().access_token;
  }
  afterAll(async () => {
    await f?.server.close();
    await backend.cleanup();
  });

  const sub = () => f.server.subdomain;
  /** A value an attacker would try for a parameter: a real one of this server, or anything. */
  const value = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '*clientId',
        '*clientSecret',
        '*webClientId',
        '*webClientSecret',
        '*publicClientId',
        '*eid',
        '*userAccessToken',
        '*userRefreshToken',
        '*s2sToken',
        'client_credentials',
        'authorization_code',
        'refresh_token',
        'code',
        'token',
        'S256',
        'plain',
        'email_read offline',
        'data_extensions_read',
        WEB_REDIRECT,
        PUBLIC_REDIRECT,
        `${WEB_REDIRECT}?x=1`,
        'access_token',
        'refresh_token',
      ),
    },
    { weight: 3, arbitrary: fuzzText },
    { weight: 1, arbitrary: fuzzJson },
  );
  const resolve = (v: unknown): unknown => {
    if (typeof v !== 'string' || !v.startsWith('*')) return v;
    const real: Record<string, string> = {
      '*clientId': f.server.clientId,
      '*clientSecret': f.server.clientSecret,
      '*webClientId': f.webApp.clientId,
      '*webClientSecret': f.webApp.clientSecret ?? '',
      '*publicClientId': f.publicApp.clientId,
      '*eid': String(f.server.eid),
      '*userAccessToken': userAccessToken,
      '*userRefreshToken': userRefreshToken,
      '*s2sToken': s2sToken,
    };
    return real[v] ?? v;
  };
  const params = (names: readonly string[]) =>
    fc.array(
      fc.tuple(
        fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fuzzText }),
        value,
      ),
      {
        maxLength: 6,
      },
    );
  const basic = fc.oneof(
    fc.constant(undefined),
    fc
      .tuple(value, value)
      .map(
        ([id, secret]) =>
          `Basic ${Buffer.from(`${asText(resolve(id))}:${asText(resolve(secret))}`).toString('base64')}`,
      ),
    fc.constantFrom('Basic !!!', 'Basic Og==', 'Bearer x', 'Basic'),
  );

  /**
   * A POST of form or JSON parameters, the shape of the token, revoke and introspect endpoints:
   * random parameters, or a valid request of `valid()` with a few dropped, replaced or added
   * (so the inputs also reach the later steps and succeed).
   */
  const postTo = (
    endpoint: string,
    names: readonly string[],
    valid: () => ReadonlyArray<Record<string, string>>,
  ): fc.Arbitrary<Sent> =>
    fc
      .tuple(
        fc.oneof(
          params(names).map((ps) => ({ base: -1, drop: 0, ps })),
          fc.record({
            base: fc.nat(),
            drop: fc.nat({ max: 6 }),
            ps: fc.oneof(
              fc.constant<Array<[string, unknown]>>([]),
              params(names).map((p) => p.slice(0, 2)),
            ),
          }),
        ),
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('application/x-www-form-urlencoded', 'application/json') },
          { weight: 1, arbitrary: fuzzContentType },
        ),
        fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: basic }),
        fc.oneof(
          { weight: 12, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
        ),
      )
      .map(([{ base, drop, ps }, contentType, authorization, bytes]) => {
        const bases = valid();
        const start = base < 0 ? [] : Object.entries(bases[base % bases.length] ?? {});
        // drop one parameter of the valid request now and then (drop 0–5 of 6: mostly none)
        const kept = drop < start.length && drop < 2 ? start.filter((_, i) => i !== drop) : start;
        const extra = ps.map(([k, v]) => [k, resolve(v)] as const);
        const names = new Set(extra.map(([k]) => k));
        const resolved = [...kept.filter(([k]) => !names.has(k)), ...extra];
        const body = bytes ? Buffer.from(bytes) : encodeBody(resolved, /json/i.test(contentType));
        return {
          method: 'POST',
          url: `/${sub()}/auth/v2/${endpoint}`,
          headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
          body,
        };
      });
  const demoClient = () => ({ client_id: f.server.clientId, client_secret: f.server.clientSecret });
  const webClient = () => ({ client_id: f.webApp.clientId, client_secret: f.webApp.clientSecret ?? '' });
  const tokenHolders = () => [
    { ...demoClient(), token: s2sToken },
    { ...webClient(), token: userAccessToken, token_type_hint: 'access_token' },
    { ...webClient(), token: userRefreshToken, token_type_hint: 'refresh_token' },
  ];

  /** The OAuth JSON shape (RFC 6749 §5.2) for an error; any JSON for a success. */
  const expectOAuthShape = (
    sent: Sent,
    res: { status: number; text: string; headers: Record<string, unknown> },
  ) => {
    if (res.status === 200 && res.text === '') return; // RFC 7009 §2.2: revocation answers 200, no body needed
    const body = jsonOf(sent, res);
    if (res.status >= 400) expect(typeof body.error, res.text).toBe('string');
  };

  const run = async (
    request: fc.Arbitrary<Sent>,
    check: (sent: Sent, res: Awaited<ReturnType<typeof inject>>) => void,
  ) => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(request, async (sent) => {
        const res = await inject(f.server.server.app, sent);
        expectSafeAnswer(sent, res, secrets);
        statuses.add(res.status);
        check(sent, res);
      }),
      fuzzParameters(),
    );
    return statuses;
  };

  const CLIENT = ['client_id', 'client_secret', 'client_assertion', 'client_assertion_type'];

  it(
    'token: 10 000 seeded requests, the OAuth shape, no secret echoed',
    async () => {
      const statuses = await run(
        postTo(
          'token',
          [
            'grant_type',
            ...CLIENT,
            'scope',
            'account_id',
            'code',
            'redirect_uri',
            'refresh_token',
            'code_verifier',
          ],
          () => [
            { grant_type: 'client_credentials', ...demoClient() },
            {
              grant_type: 'client_credentials',
              ...demoClient(),
              scope: 'data_extensions_read',
              account_id: String(f.server.eid),
            },
            { grant_type: 'refresh_token', ...webClient(), refresh_token: userRefreshToken },
            { grant_type: 'authorization_code', ...webClient(), code: 'x', redirect_uri: WEB_REDIRECT },
          ],
        ),
        expectOAuthShape,
      );
      expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 401]));
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'revoke: 10 000 seeded requests, the OAuth shape',
    async () => {
      const statuses = await run(
        postTo('revoke', ['token', 'token_type_hint', ...CLIENT], tokenHolders),
        expectOAuthShape,
      );
      expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 401]));
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'introspect: 10 000 seeded requests, the OAuth shape',
    async () => {
      const statuses = await run(
        postTo('introspect', ['token', 'token_type_hint', ...CLIENT], tokenHolders),
        (sent, res) => {
          expectOAuthShape(sent, res);
          if (res.status === 200) expect(typeof jsonOf(sent, res).active, res.text).toBe('boolean');
        },
      );
      expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 401]));
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'authorize: 10 000 seeded GETs and form POSTs, an HTML page or a redirect',
    async () => {
      const names = [
        'response_type',
        'client_id',
        'redirect_uri',
        'scope',
        'state',
        'code_challenge',
        'code_challenge_method',
        'account_id',
        'csrf_token',
        'action',
        'username',
        'mid',
      ];
      const request: fc.Arbitrary<Sent> = fc
        .tuple(
          fc.oneof(
            { weight: 3, arbitrary: fc.constant('valid') },
            { weight: 1, arbitrary: fc.constant('random') },
          ),
          params(names),
          fc.constantFrom('GET', 'GET', 'POST'),
          fc.oneof(
            fc.constant(undefined),
            fuzzText.map((c) => `packgate_csrf=${encodeSegment(c)}; packgate_session=${encodeSegment(c)}`),
          ),
        )
        .map(([start, ps, method, cookie]): Sent => {
          const base: Array<readonly [string, unknown]> =
            start === 'valid' ? Object.entries(webAuthorizeParams(f)) : [];
          const all = [...base, ...ps.map(([k, v]) => [k, resolve(v)] as const)];
          const encoded = encodeBody(all, false);
          return method === 'GET'
            ? { method, url: `/${sub()}/auth/v2/authorize?${encoded}`, headers: cookie ? { cookie } : {} }
            : {
                method,
                url: `/${sub()}/auth/v2/authorize`,
                headers: {
                  'content-type': 'application/x-www-form-urlencoded',
                  ...(cookie ? { cookie } : {}),
                },
                body: encoded,
              };
        });
      const statuses = await run(request, (sent, res) => {
        const context = `${sent.method} ${sent.url} ${sent.body} → ${res.status}`;
        if (res.status >= 300 && res.status < 400)
          expect(typeof res.headers.location, context).toBe('string');
        else expect(String(res.headers['content-type']), context).toMatch(/^(text\/html|application\/json)/);
      });
      expect([...statuses]).toEqual(expect.arrayContaining([200, 302, 400]));
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'userinfo: 10 000 seeded requests with user, server-to-server, tampered and random bearers',
    async () => {
      await issueTokens();
      const bearer = fc.oneof(
        fc.constantFrom('*userAccessToken', '*s2sToken', '*userRefreshToken'),
        fc
          .tuple(fc.constantFrom('*userAccessToken', '*s2sToken'), fc.nat(), fuzzText)
          .map(([t, at, junk]) => {
            const real = resolve(t) as string;
            const i = at % (real.length + 1);
            return real.slice(0, i) + junk + real.slice(i + 1);
          }),
        fuzzText,
      );
      const request: fc.Arbitrary<Sent> = fc
        .tuple(
          fc.constantFrom('GET', 'POST'),
          bearer,
          fc.constantFrom('Bearer ', 'bearer ', 'Basic ', '', 'Bearer  '),
        )
        .map(([method, t, scheme]) => ({
          method,
          url: `/${sub()}/auth/v2/userinfo`,
          headers: { authorization: `${scheme}${resolve(t)}`.replace(/[\r\n]/g, '') },
        }));
      const statuses = await run(request, (sent, res) => {
        const body = jsonOf(sent, res);
        if (res.status >= 400) expect(typeof body.error, res.text).toBe('string');
        else expect(typeof body.sub, res.text).toBe('string');
      });
      expect([...statuses]).toEqual(expect.arrayContaining([200, 401, 403]));
    },
    FUZZ_TIMEOUT_MS,
  );
});
