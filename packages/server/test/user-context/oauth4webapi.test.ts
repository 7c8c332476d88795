import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import { Browser } from './support/browser.js';
import {
  type Fixture,
  PUBLIC_REDIRECT,
  redirectParams,
  signIn,
  startFixture,
  WEB_REDIRECT,
} from './support/fixture.js';

/**
 * The complete flow driven by oauth4webapi, a standards-strict third-party client: discovery
 * (RFC 8414, issuer checked), authorization code + PKCE, the authorization response (state and
 * RFC 9207 `iss` checked), refresh rotation, userinfo, introspection and revocation. The login
 * page in between is a plain form post (no JavaScript).
 */
describe.each(BACKENDS)('third-party client oauth4webapi: end to end ($name)', (backend) => {
  let f: Fixture;
  let as: oauth.AuthorizationServer;
  // Loopback http in tests; real deployments use https.
  const http = { [oauth.allowInsecureRequests]: true } as const;

  beforeAll(async () => {
    f = await startFixture(backend);
    const issuer = new URL(f.server.authBaseUri);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...http }),
    );
  });
  afterAll(async () => {
    await f.server.close();
    await backend.cleanup();
  });

  /** Authorization request → login form → callback URL. */
  async function authorize(client: oauth.Client, redirectUri: string, extra: Record<string, string>) {
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint ?? '');
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', client.client_id);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
    const page = await signIn(new Browser(), url.toString(), 'ada');
    redirectParams(page);
    const callback = new URL(page.location ?? '');
    return oauth.validateAuthResponse(as, client, callback, state);
  }

  it('discovers the user-context endpoints', () => {
    expect(as.issuer).toBe(f.server.authBaseUri);
    expect(as.authorization_endpoint).toBe(`${f.server.authBaseUri}v2/authorize`);
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
    expect(as.authorization_response_iss_parameter_supported).toBe(true);
  });

  it('public app: auth code + PKCE, refresh rotation, userinfo, revocation', async () => {
    const client: oauth.Client = { client_id: f.publicApp.clientId };
    const auth = oauth.None();
    const verifier = oauth.generateRandomCodeVerifier();
    const challenge = await oauth.calculatePKCECodeChallenge(verifier);
    const params = await authorize(client, PUBLIC_REDIRECT, {
      code_challenge: challenge,
      code_challenge_method: 'S256',
      scope: 'email_read data_extensions_read',
    });
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, params, PUBLIC_REDIRECT, verifier, http),
    );
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('email_read data_extensions_read');
    expect(tokens.refresh_token).toBeTruthy();

    const info = await oauth.processUserInfoResponse(
      as,
      client,
      String(f.users.ada.id),
      await oauth.userInfoRequest(as, client, tokens.access_token, http),
    );
    expect(info.sub).toBe(String(f.users.ada.id));

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token ?? '', http),
    );
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    // The rotated-out refresh token is refused from now on.
    await expect(
      oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token ?? '', http),
      ),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('web app with a secret: code exchange, introspection, revocation', async () => {
    const client: oauth.Client = { client_id: f.webApp.clientId };
    const auth = oauth.ClientSecretPost(f.webApp.clientSecret ?? '');
    const params = await authorize(client, WEB_REDIRECT, {});
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, params, WEB_REDIRECT, oauth.nopkce, http),
    );
    expect(tokens.scope).toBe('email_read data_extensions_read offline');

    const introspect = async (token: string) =>
      oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, token, http),
      );
    const active = await introspect(tokens.access_token);
    expect(active).toMatchObject({ active: true, client_id: f.webApp.clientId, sub: String(f.users.ada.id) });
    expect((await introspect(tokens.refresh_token ?? '')).active).toBe(true);

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, auth, tokens.refresh_token ?? '', http),
    );
    expect((await introspect(tokens.access_token)).active).toBe(false);
    expect((await introspect(tokens.refresh_token ?? '')).active).toBe(false);
  });

  it('rejects a tampered state in the authorization response', async () => {
    const client: oauth.Client = { client_id: f.webApp.clientId };
    const url = new URL(as.authorization_endpoint ?? '');
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: WEB_REDIRECT,
      state: 'one',
    })) {
      url.searchParams.set(k, v);
    }
    const page = await signIn(new Browser(), url.toString(), 'ada');
    expect(() => oauth.validateAuthResponse(as, client, new URL(page.location ?? ''), 'another')).toThrow();
  });
});
