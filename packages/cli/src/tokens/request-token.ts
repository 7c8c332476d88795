/** What `packgate token` and `packgate doctor` send to `POST {auth}v2/token`. */
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

/** The outcome: an HTTP answer (any status) or a transport failure (DNS, refused, timeout, TLS). */
export type TokenOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly body: unknown; readonly text: string }
  | { readonly kind: 'transport'; readonly code: string; readonly message: string };

/** Marketing Cloud documents `account_id` as a number; a numeric string is sent as one in JSON. */
function encodeBody(req: TokenRequest): { contentType: string; body: string } {
  const params: Record<string, string | number> = {
    grant_type: 'client_credentials',
    client_id: req.clientId,
    client_secret: req.clientSecret,
  };
  if (req.accountId !== undefined) params.account_id = req.form ? req.accountId : Number(req.accountId);
  if (req.scope !== undefined) params.scope = req.scope;
  if (req.form) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) form.set(k, String(v));
    return { contentType: 'application/x-www-form-urlencoded', body: form.toString() };
  }
  return { contentType: 'application/json', body: JSON.stringify(params) };
}

/** Sends the client-credentials request; never throws for a network problem, returns it instead. */
export async function requestToken(fetchFn: typeof fetch, req: TokenRequest): Promise<TokenOutcome> {
  const { contentType, body } = encodeBody(req);
  try {
    const res = await fetchFn(`${req.authBaseUri}v2/token`, {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/json' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { kind: 'response', status: res.status, body: parsed, text };
  } catch (err) {
    return { kind: 'transport', ...transportCode(err) };
  }
}

/** fetch wraps the socket error as `cause`; a timeout is a DOMException named TimeoutError. */
export function transportCode(err: unknown): { code: string; message: string } {
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return { code: 'ETIMEDOUT', message: 'timed out' };
  let cause: unknown = e?.cause;
  while (cause && typeof cause === 'object') {
    const c = cause as { code?: string; message?: string; cause?: unknown; errors?: unknown[] };
    if (typeof c.code === 'string') return { code: c.code, message: c.message ?? c.code };
    cause = c.cause ?? c.errors?.[0];
  }
  return { code: e?.code ?? 'ENETWORK', message: e?.message ?? 'network error' };
}
