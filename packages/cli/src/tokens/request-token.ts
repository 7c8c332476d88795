import { createMarketingCloudDialect, PackgateClientError, requestTokenAndResponse } from '@packgate/client';

/** What `packgate token` and `packgate doctor` ask for at `POST {auth}v2/token`. */
export interface TokenRequest {
  readonly authBaseUri: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accountId?: string | undefined;
  /** Space-separated; undefined = omit (all integration scopes), "" = a token with no scopes. */
  readonly scope?: string | undefined;
  /** application/x-www-form-urlencoded instead of JSON. */
  readonly form?: boolean;
  readonly timeoutMs: number;
}

/** A token (with the raw answer, which `--json` prints and doctor checks) or the SDK's typed error. */
export type TokenOutcome =
  | { readonly kind: 'token'; readonly response: Readonly<Record<string, unknown>> }
  | { readonly kind: 'failure'; readonly error: PackgateClientError };

/**
 * One client-credentials request through `@packgate/client`: its Marketing Cloud dialect, its
 * transport and its typed errors, whose hints come from the SDK's one table of causes. Never
 * throws for a refused or failed request; returns the error so doctor can go on with its checks.
 */
export async function requestToken(fetchFn: typeof fetch, req: TokenRequest): Promise<TokenOutcome> {
  try {
    const { response } = await requestTokenAndResponse(
      {
        grantType: 'client_credentials',
        clientId: req.clientId,
        clientSecret: req.clientSecret,
        // Marketing Cloud documents account_id as a number; read-token-options checked it is one.
        accountId: req.accountId === undefined ? undefined : Number(req.accountId),
        scope: req.scope === undefined ? undefined : req.scope.split(' ').filter(Boolean),
      },
      createMarketingCloudDialect({ bodyFormat: req.form ? 'form' : 'json' }),
      {
        baseUri: req.authBaseUri,
        fetch: fetchFn,
        timeoutMs: req.timeoutMs,
        now: Date.now,
        allowInsecureHttp: false,
      },
    );
    return { kind: 'token', response };
  } catch (error) {
    if (error instanceof PackgateClientError) return { kind: 'failure', error };
    throw error;
  }
}
