import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createRestClient,
  createSalesforceCoreDialect,
  createTokenProvider,
  InvalidClientError,
  InvalidGrantError,
  InvalidResponseError,
  type PackgateClientError,
  TokenRequestError,
} from '../src/index.js';

const CLIENT_ID = '3MVG9fake.consumer.key';
const CLIENT_SECRET = 'F00DFACE1234567890';

interface Seen {
  path: string;
  contentType: string | undefined;
  authorization: string | undefined;
  form: Record<string, string>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    req.on('end', () => resolve(text));
  });
}

/** A tiny Salesforce core My Domain: token (sfmc-auth.md §11 shape), introspection and one REST route. */
describe('Salesforce core dialect against a local services/oauth2 server', () => {
  let base = '';
  let issued = 0;
  let tokenAnswer:
    | ((form: Record<string, string>, basic: string | undefined) => [number, unknown])
    | undefined;
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    seen.push({
      path: req.url ?? '',
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      form,
    });
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/services/oauth2/token') {
      const basic = req.headers.authorization;
      if (tokenAnswer) return send(...tokenAnswer(form, basic));
      const credentials = basic
        ? Buffer.from(basic.replace('Basic ', ''), 'base64').toString()
        : `${form.client_id}:${form.client_secret}`;
      if (credentials !== `${CLIENT_ID}:${CLIENT_SECRET}`) {
        return send(400, { error: 'invalid_client', error_description: 'invalid client credentials' });
      }
      issued++;
      return send(200, {
        access_token: `00Dxx0000001gPL!AR8AQ.token${issued}`,
        signature: 'bm90LWEtcmVhbC1zaWduYXR1cmU=',
        scope: 'api',
        instance_url: base,
        id: `${base}/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
        api_instance_url: 'https://api.salesforce.com',
      });
    }
    if (req.url === '/services/oauth2/introspect') {
      return send(200, {
        active: true,
        exp: Math.floor(Date.now() / 1000) + 7200,
        client_id: CLIENT_ID,
        token_type: 'access_token',
      });
    }
    if (req.url?.startsWith('/services/data/')) {
      if (req.headers.authorization !== `Bearer 00Dxx0000001gPL!AR8AQ.token${issued}`) {
        return send(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      }
      return send(200, { ok: true });
    }
    send(404, [{ message: 'not found', errorCode: 'NOT_FOUND' }]);
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const options = () => ({ authBaseUri: base, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });

  it('form body with credentials; no expires_in → the configured lifetime; instance_url normalised', async () => {
    seen.length = 0;
    tokenAnswer = undefined;
    const now = 1_800_000_000_000;
    const token = await createTokenProvider({
      ...options(),
      now: () => now,
      dialect: createSalesforceCoreDialect({ tokenLifetimeSeconds: 600 }),
    }).getToken();
    expect(seen[0]?.contentType).toBe('application/x-www-form-urlencoded');
    expect(seen[0]?.form).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(token.expiresAt).toBe(now + 600_000);
    expect(token.restInstanceUrl).toBe(`${base}/`);
    expect(token.scope).toEqual(['api']);
  });

  it('HTTP Basic client authentication and introspection for the real lifetime', async () => {
    seen.length = 0;
    const before = Date.now();
    const token = await createTokenProvider({
      ...options(),
      dialect: createSalesforceCoreDialect({ clientAuthentication: 'client_secret_basic', introspect: true }),
    }).getToken();
    expect(seen[0]?.form).toEqual({ grant_type: 'client_credentials' });
    expect(seen[0]?.authorization).toBe(
      `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
    );
    expect(seen[1]?.path).toBe('/services/oauth2/introspect');
    expect(seen[1]?.form.token).toBe(token.accessToken);
    expect(token.expiresAt).toBeGreaterThanOrEqual(before + 7_190_000);
  });

  it('REST calls retry once on INVALID_SESSION_ID with a new token', async () => {
    const provider = createTokenProvider({ ...options(), dialect: createSalesforceCoreDialect() });
    await provider.getToken();
    issued++; // the server now only accepts the next token: the cached one is "expired"
    const rest = createRestClient({ tokenSource: provider });
    expect(await rest.request('services/data/v62.0/limits')).toEqual({ ok: true });
  });

  it('maps core errors: invalid_client (400) and invalid_grant on the wrong domain', async () => {
    const bad = await createTokenProvider({
      ...options(),
      clientSecret: 'nope',
      dialect: createSalesforceCoreDialect(),
    })
      .getToken()
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidClientError);
    tokenAnswer = () => [
      400,
      { error: 'invalid_grant', error_description: 'request not supported on this domain' },
    ];
    const domain = await createTokenProvider({ ...options(), dialect: createSalesforceCoreDialect() })
      .getToken()
      .catch((e: unknown) => e);
    expect(domain).toBeInstanceOf(InvalidGrantError);
    expect((domain as InvalidGrantError).hint).toMatch(/My Domain/);
    tokenAnswer = undefined;
  });

  it.each([
    ['no instance_url', { access_token: 'x', token_type: 'Bearer' }],
    [
      'an instance_url off https',
      { access_token: 'x', instance_url: 'http://evil.example', token_type: 'Bearer' },
    ],
    ['no access_token', { instance_url: 'https://acme.my.salesforce.com' }],
  ])('refuses a core answer with %s', async (_name, body) => {
    tokenAnswer = () => [200, body];
    const error = await createTokenProvider({ ...options(), dialect: createSalesforceCoreDialect() })
      .getToken()
      .catch((e: unknown) => e);
    tokenAnswer = undefined;
    expect(error).toBeInstanceOf(InvalidResponseError);
  });

  it('refuses a non-positive configured lifetime with a typed ConfigurationError', () => {
    expect(() => createSalesforceCoreDialect({ tokenLifetimeSeconds: 0 })).toThrow(ConfigurationError);
    expect(() => createSalesforceCoreDialect({ tokenLifetimeSeconds: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_CONFIGURATION' }),
    );
  });

  it.each([
    [
      'no Run As user',
      { error: 'invalid_grant', error_description: 'no client credentials user enabled' },
      InvalidGrantError,
      /Run As/,
    ],
    [
      'the flow not enabled',
      { error: 'unsupported_grant_type', error_description: 'client credentials flow not enabled' },
      TokenRequestError,
      /enable "Client Credentials Flow"/,
    ],
  ])('names the core cause for %s instead of the generic hint', async (_name, body, type, hint) => {
    tokenAnswer = () => [400, body];
    const error = (await createTokenProvider({ ...options(), dialect: createSalesforceCoreDialect() })
      .getToken()
      .catch((e: unknown) => e)) as PackgateClientError;
    tokenAnswer = undefined;
    expect(error).toBeInstanceOf(type);
    expect(error.hint).toMatch(hint);
    expect(error.message).not.toContain(CLIENT_SECRET);
  });
});
