import { isLoopbackHost, PackgateClientError, sendRequest } from '@packgate/client';
import { type CheckResult, check } from './check-result.js';

const TITLE = 'REST tokenContext';

/**
 * `GET {rest}platform/v1/tokenContext` with the token: proves the REST side accepts it and
 * reports its BU. A 404 means the server has no resource API (yet): not a failure.
 */
export async function checkTokenContext(
  fetchFn: typeof fetch,
  restInstanceUrl: unknown,
  accessToken: string,
  expectedMid: string | undefined,
  timeoutMs: number,
): Promise<CheckResult> {
  if (typeof restInstanceUrl !== 'string')
    return check('token-context', TITLE, 'skip', 'no rest_instance_url in the token response');
  let url: URL;
  try {
    url = new URL(`${restInstanceUrl.replace(/\/?$/, '/')}platform/v1/tokenContext`);
  } catch {
    return check(
      'token-context',
      TITLE,
      'fail',
      `rest_instance_url is not a URL: ${restInstanceUrl.slice(0, 200)}`,
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return check(
      'token-context',
      TITLE,
      'fail',
      `refusing to send the token over ${url.protocol} to ${url.host}`,
      'the REST base URI must be https',
    );
  }
  let res: Response;
  try {
    res = await sendRequest(
      url.href,
      { headers: { authorization: `Bearer ${accessToken}` } },
      { fetch: fetchFn, timeoutMs, target: 'REST API' },
    );
  } catch (err) {
    if (!(err instanceof PackgateClientError)) throw err;
    return check('token-context', TITLE, 'fail', err.message, 'check the REST base URI and the network');
  }
  const body = (await res.json().catch(() => undefined)) as
    | { enterprise?: { id?: unknown }; organization?: { id?: unknown } }
    | undefined;
  if (res.status === 404) return check('token-context', TITLE, 'skip', 'not available on this server (404)');
  if (res.status === 401 || res.status === 403) {
    return check(
      'token-context',
      TITLE,
      'fail',
      `the REST API refused the token (${res.status})`,
      'use the rest_instance_url returned with the token (a token works only at its own tenant)',
    );
  }
  if (!res.ok) return check('token-context', TITLE, 'warn', `answered ${res.status}`);
  const mid = body?.organization?.id;
  if (expectedMid !== undefined && String(mid) !== expectedMid) {
    return check(
      'token-context',
      TITLE,
      'fail',
      `the token is for MID ${String(mid)}, not ${expectedMid}`,
      'request the token with account_id set to the MID you need',
    );
  }
  return check(
    'token-context',
    TITLE,
    'pass',
    `enterprise ${String(body?.enterprise?.id)}, business unit (MID) ${String(mid)}`,
  );
}
