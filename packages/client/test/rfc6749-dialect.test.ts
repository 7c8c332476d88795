import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, parseForm } from '../../server/test/user-context/support/browser.js';
import {
  buildAuthorizationUrl,
  createRfc6749Dialect,
  createTokenProvider,
  createUserSession,
  DiscoveryError,
  type FetchLike,
  InvalidClientError,
  InvalidGrantError,
  metadataUrls,
  parseAuthorizationCallback,
  RefreshTokenRejectedError,
  type RefreshTokenRotation,
} from '../src/index.js';

const CLIENT_SECRET = 'a-long-client-secret-for-oidc-provider-tests-000';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('generic RFC 6749 dialect against oidc-provider (RFC 8414 / OpenID discovery)', () => {
  const server = createServer();
  let issuer = '';
  let requests: string[] = [];
  const counting: FetchLike = (input, init) => {
    requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
    return fetch(input, init);
  };

  beforeAll(async () => {
    issuer = await listen(server);
    const oidc = new Provider(issuer, {
      clients: [
        {
          client_id: 'basic-client',
          client_secret: CLIENT_SECRET,
          grant_types: ['client_credentials'],
          redirect_uris: [],
          response_types: [],
          token_endpoint_auth_method: 'client_secret_basic',
          scope: 'api:read api:write',
        },
        {
          client_id: 'post-client',
          client_secret: CLIENT_SECRET,
          grant_types: ['client_credentials'],
          redirect_uris: [],
          response_types: [],
          token_endpoint_auth_method: 'client_secret_post',
          scope: 'api:read',
        },
      ],
      features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
      scopes: ['api:read', 'api:write'],
    });
    server.on('request', oidc.callback());
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('discovers the token endpoint and gets a token with client_secret_basic', async () => {
    requests = [];
    const provider = createTokenProvider({
      authBaseUri: issuer,
      clientId: 'basic-client',
      clientSecret: CLIENT_SECRET,
      scope: ['api:read'],
      dialect: createRfc6749Dialect({ restBaseUri: `${issuer}/api` }),
      fetch: counting,
    });
    const tokens = await Promise.all(Array.from({ length: 100 }, () => provider.getToken()));
    const token = tokens[0];
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(token?.tokenType).toBe('Bearer');
    expect(token?.scope).toEqual(['api:read']);
    expect(token?.restInstanceUrl).toBe(`${issuer}/api/`);
    expect(token?.expiresAt).toBeGreaterThan(Date.now());
    expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
    expect(requests).toEqual(['GET /.well-known/oauth-authorization-server', 'POST /token']);
  });

  it('uses client_secret_post when configured', async () => {
    const token = await createTokenProvider({
      authBaseUri: issuer,
      clientId: 'post-client',
      clientSecret: CLIENT_SECRET,
      dialect: createRfc6749Dialect({ clientAuthentication: 'client_secret_post' }),
    }).getToken();
    expect(token.accessToken.length).toBeGreaterThan(10);
  });

  it('a wrong secret → InvalidClientError without the secret in it', async () => {
    const error = await createTokenProvider({
      authBaseUri: issuer,
      clientId: 'basic-client',
      clientSecret: 'wrong-secret-wrong-secret',
      dialect: createRfc6749Dialect(),
    })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidClientError);
    expect((error as Error).message).not.toContain('wrong-secret-wrong-secret');
  });
});

describe('RFC 8414 discovery: untrusted metadata', () => {
  let base = '';
  let metadata: unknown = {};
  const server = createServer((req, res) => {
    if (
      req.url === '/.well-known/openid-configuration' ||
      req.url?.startsWith('/.well-known/oauth-authorization-server')
    ) {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(typeof metadata === 'string' ? metadata : JSON.stringify(metadata));
    } else {
      res.writeHead(404).end();
    }
  });
  beforeAll(async () => {
    base = await listen(server);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const attempt = () =>
    createTokenProvider({
      authBaseUri: base,
      clientId: 'c',
      clientSecret: 's',
      dialect: createRfc6749Dialect(),
    })
      .getToken()
      .catch((e: unknown) => e);

  it.each([
    ['an issuer that differs', () => ({ issuer: 'https://evil.example', token_endpoint: `${base}/token` })],
    ['no token_endpoint', () => ({ issuer: base })],
    ['a javascript: token_endpoint', () => ({ issuer: base, token_endpoint: 'javascript:alert(1)' })],
    [
      'an http token_endpoint off loopback',
      () => ({ issuer: base, token_endpoint: 'http://evil.example/token' }),
    ],
    ['a body that is not JSON', () => '<html>'],
  ])('refuses metadata with %s', async (_name, make) => {
    metadata = make();
    expect(await attempt()).toBeInstanceOf(DiscoveryError);
  });

  it('lists RFC 8414 path-inserted, appended and OpenID URLs', () => {
    expect(metadataUrls('https://as.example/tenant/')).toEqual([
      'https://as.example/.well-known/oauth-authorization-server/tenant',
      'https://as.example/tenant/.well-known/oauth-authorization-server',
      'https://as.example/tenant/.well-known/openid-configuration',
    ]);
  });
});

describe('generic RFC 6749 dialect: authorization code + PKCE and refresh rotation against oidc-provider', () => {
  const server = createServer();
  const REDIRECT = 'https://rp.example/cb';
  let issuer = '';

  beforeAll(async () => {
    issuer = await listen(server);
    const oidc = new Provider(issuer, {
      clients: [
        {
          client_id: 'web-client',
          client_secret: CLIENT_SECRET,
          grant_types: ['authorization_code', 'refresh_token'],
          redirect_uris: [REDIRECT],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      features: { devInteractions: { enabled: true } },
      issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
        client.grantTypeAllowed('refresh_token'),
      rotateRefreshToken: true,
    });
    server.on('request', oidc.callback());
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Follows oidc-provider's development login and consent pages until it redirects to the client. */
  async function signIn(authorizationUrl: string): Promise<string> {
    const browser = new Browser();
    let page = await browser.get(authorizationUrl);
    for (let step = 0; step < 10; step++) {
      if (page.location?.startsWith(REDIRECT)) return page.location;
      if (page.location !== undefined) {
        page = await browser.get(new URL(page.location, issuer).href);
        continue;
      }
      const form = parseForm(page.html);
      const fields =
        form.fields.prompt === 'login' ? { ...form.fields, login: 'alice', password: 'x' } : form.fields;
      page = await browser.post(new URL(form.action, issuer).href, fields);
    }
    throw new Error(`no redirect to the client: ${page.status} ${page.html.slice(0, 200)}`);
  }

  /** The web client's authorization request, built from discovery (RFC 8414) with PKCE. */
  async function startWebClientAuthorization() {
    const dialect = createRfc6749Dialect();
    const request = await buildAuthorizationUrl({
      authBaseUri: issuer,
      clientId: 'web-client',
      redirectUri: REDIRECT,
      scope: ['openid'],
      dialect,
    });
    return { dialect, request };
  }

  it('discovers authorization_endpoint, exchanges the code with the verifier, rotates on refresh', async () => {
    const { dialect, request } = await startWebClientAuthorization();
    const authorize = new URL(request.url);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${issuer}/auth`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

    const { code } = parseAuthorizationCallback(await signIn(request.url), { expectedState: request.state });
    const rotations: RefreshTokenRotation[] = [];
    const session = createUserSession({
      authBaseUri: issuer,
      clientId: 'web-client',
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT,
      dialect,
      persistRotation: async (rotation) => void rotations.push(rotation),
    });
    const first = await session.exchangeCode({ code, codeVerifier: request.codeVerifier });
    expect(first.tokenType).toBe('Bearer');
    expect(first.refreshToken).toEqual(expect.any(String));
    expect(first.expiresAt).toBeGreaterThan(Date.now());

    const second = await session.getToken({ forceRefresh: true });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(rotations.map((r) => r.previousRefreshToken)).toEqual([undefined, first.refreshToken]);

    // The rotated-out refresh token is refused by the server: a typed error, nothing leaked.
    const stale = createUserSession({
      authBaseUri: issuer,
      clientId: 'web-client',
      clientSecret: CLIENT_SECRET,
      refreshToken: first.refreshToken,
      dialect: createRfc6749Dialect(),
      persistRotation: async () => {},
    });
    const error = await stale.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefreshTokenRejectedError);
    expect(JSON.stringify({ m: (error as Error).message, ...(error as object) })).not.toContain(
      first.refreshToken,
    );
  });

  it('a wrong PKCE verifier is refused by oidc-provider → InvalidGrantError', async () => {
    const { dialect, request } = await startWebClientAuthorization();
    const { code } = parseAuthorizationCallback(await signIn(request.url), { expectedState: request.state });
    const session = createUserSession({
      authBaseUri: issuer,
      clientId: 'web-client',
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT,
      dialect,
      persistRotation: async () => {},
    });
    const error = await session.exchangeCode({ code, codeVerifier: 'x'.repeat(43) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect((error as Error).message).not.toContain(code);
  });
});
