/** A recorded call of a fake fetch. */
export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

export type Route = (call: RecordedCall, index: number) => Response | Promise<Response>;

/** A fetch that records every call and answers from `route`. */
export function fakeFetch(route: Route) {
  const calls: RecordedCall[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const call: RecordedCall = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : '',
    };
    calls.push(call);
    return route(call, calls.length - 1);
  };
  return { fetch, calls };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export const TSSD = 'mc563885gzs27c5t9-63k636ttgm';
export const AUTH = `https://${TSSD}.auth.marketingcloudapis.com/`;
export const REST = `https://${TSSD}.rest.marketingcloudapis.com/`;
export const SOAP = `https://${TSSD}.soap.marketingcloudapis.com/`;
export const SECRET = 'SFMC_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY12345678';

/** A Marketing Cloud token body; tokens are numbered so tests can tell them apart. */
export function mcToken(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access_token: `token-${n}`,
    token_type: 'Bearer',
    expires_in: 1079,
    scope: 'data_extensions_read data_extensions_write',
    rest_instance_url: REST,
    soap_instance_url: SOAP,
    ...extra,
  };
}

/** A token endpoint that issues token-1, token-2, … */
export function mcTokenEndpoint(extra: Record<string, unknown> = {}) {
  let issued = 0;
  return fakeFetch(() => json(200, mcToken(++issued, extra)));
}

/** A settable clock. */
export function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    set: (value: number) => {
      now = value;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Lets pending promise callbacks run (no timers involved). */
export async function flushPromises(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
