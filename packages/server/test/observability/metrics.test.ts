import { afterAll, describe, expect, it } from 'vitest';
import { METRIC_SPECS } from '../../src/observability/metrics.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { call, createContactsDe, soap, soapEnvelope, tokenFor } from '../resources/resource-helpers.js';
import { BACKENDS } from '../support/backends.js';
import { manualClock } from '../support/fixtures.js';
import { post } from '../support/oauth-assertions.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, one sample per line (what a scraper reads). */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[k as string] = v as string;
    }
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The one sample of `name` whose labels include `labels`; undefined when there is none. */
function sample(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

describe.each(BACKENDS)('/metrics on $name', (backend) => {
  const clock = manualClock();
  let s: TestServer;
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  async function scrape(): Promise<Sample[]> {
    const res = await fetch(`${s.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await res.text();
    // Bounded cardinality: no client id, token or path ever becomes a label value.
    expect(text).not.toContain(s.clientId);
    expect(text).not.toContain('/rest/');
    return parsePrometheus(text);
  }

  it('counts and times token, REST, SOAP and admin requests by their bounded labels', async () => {
    s = await startTestServer({
      now: clock.now,
      ...backend.serverOptions(),
      settings: { restRateLimitPerMinute: '6' },
    });
    const before = await scrape();
    expect(sample(before, 'packgate_build_info', { node_version: process.version })).toBe(1);
    expect(before.some((x) => x.name === 'process_resident_memory_bytes')).toBe(true);
    const secretTtlSeconds = s.config.secretTtlSeconds;
    expect(sample(before, 'packgate_client_secret_expiry_seconds', { tenant: s.subdomain })).toBe(
      secretTtlSeconds,
    );

    const token = await tokenFor(s);
    await tokenFor(s, { scope: 'data_extensions_read' });
    const wrong = await post(`${s.authBaseUri}v2/token`, {
      grant_type: 'client_credentials',
      client_id: s.clientId,
      client_secret: 'not-the-secret-at-all',
    });
    expect(wrong.status).toBe(401);
    expect((await post(`${s.authBaseUri}v2/token`, { grant_type: 'password' })).status).toBe(400);

    await createContactsDe(s, s.eid);
    const rest = (path: string) => call('GET', `${s.restBaseUri}${path}`, { token });
    expect((await rest('platform/v1/tokenContext')).status).toBe(200);
    expect((await rest('data/v1/customobjectdata/key/Contacts/rowset')).status).toBe(200);
    const retrieve = soapEnvelope(
      token,
      '<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest><ObjectType>DataExtensionObject[Contacts]</ObjectType><Properties>Email</Properties></RetrieveRequest></RetrieveRequestMsg>',
    );
    expect((await soap(s, retrieve)).status).toBe(200);
    // The REST and SOAP budget (6 a minute) is now spent by three calls: 3 more pass, then 429.
    for (let i = 0; i < 3; i++) expect((await rest('platform/v1/tokenContext')).status).toBe(200);
    expect((await rest('platform/v1/tokenContext')).status).toBe(429);

    const revoked = await post(`${s.authBaseUri}v2/revoke`, {
      token,
      client_id: s.clientId,
      client_secret: s.clientSecret,
    });
    expect(revoked.status).toBe(200);
    clock.advanceSeconds(1000);

    const m = await scrape();
    const t = 'packgate_token_request_duration_seconds';
    expect(sample(m, `${t}_count`, { grant_type: 'client_credentials', outcome: 'issued' })).toBe(2);
    expect(sample(m, `${t}_count`, { grant_type: 'client_credentials', outcome: 'invalid_client' })).toBe(1);
    expect(sample(m, `${t}_count`, { grant_type: 'unsupported', outcome: 'unsupported_grant_type' })).toBe(1);
    expect(
      sample(m, `${t}_bucket`, { grant_type: 'client_credentials', outcome: 'issued', le: '+Inf' }),
    ).toBe(2);
    expect(sample(m, `${t}_sum`, { grant_type: 'client_credentials', outcome: 'issued' })).toBeGreaterThan(0);
    expect(sample(m, 'packgate_tokens_issued_total', { grant_type: 'client_credentials' })).toBe(2);

    const r = 'packgate_rest_request_duration_seconds_count';
    expect(sample(m, r, { scope: 'none', code: '200' })).toBe(4);
    expect(sample(m, r, { scope: 'none', code: '429' })).toBe(1);
    expect(sample(m, r, { scope: 'data_extensions_read', code: '200' })).toBe(1);
    expect(
      sample(m, 'packgate_soap_request_duration_seconds_count', { action: 'Retrieve', code: '200' }),
    ).toBe(1);
    const h = 'packgate_http_request_duration_seconds_count';
    expect(sample(m, h, { group: 'rest', code: '200' })).toBe(5);
    expect(sample(m, h, { group: 'soap', code: '200' })).toBe(1);
    expect(sample(m, h, { group: 'revoke', code: '200' })).toBe(1);
    expect(sample(m, h, { group: 'admin', code: '201' })).toBeGreaterThanOrEqual(1);
    expect(sample(m, h, { group: 'server', code: '200' })).toBe(1); // the first scrape
    // The token endpoint has its own histogram (it is served ahead of Fastify).
    expect(m.some((x) => x.name === h && x.labels.group === 'token')).toBe(false);

    expect(sample(m, 'packgate_rate_limit_rejections_total', { limit: 'rest' })).toBe(1);
    expect(
      sample(m, 'packgate_client_directory_lookups_total', { cache: 'client', result: 'hit' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(m, 'packgate_client_directory_lookups_total', { cache: 'tenant', result: 'hit' }),
    ).toBeGreaterThanOrEqual(4);
    expect(sample(m, 'packgate_revocation_list_entries')).toBe(1);
    expect(sample(m, 'packgate_client_secret_expiry_seconds', { tenant: s.subdomain })).toBe(
      secretTtlSeconds - 1000,
    );
    if (backend.name === 'postgres') {
      expect(sample(m, 'packgate_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
      expect(sample(m, 'packgate_db_pool_connections', { state: 'in_use' })).toBeGreaterThanOrEqual(0);
      expect(sample(m, 'packgate_db_pool_waiting_requests')).toBe(0);
    } else {
      expect(m.some((x) => x.name.startsWith('packgate_db_pool_'))).toBe(false);
    }

    // Every series is one of the documented ones.
    const documented = new Set(Object.values(METRIC_SPECS).map((spec) => spec.name));
    for (const x of m.filter((x) => x.name.startsWith('packgate_'))) {
      expect(documented.has(x.name.replace(/_(bucket|sum|count)$/, '')), x.name).toBe(true);
    }
  });
});

describe('/metrics protection', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

  it('with PACKGATE_METRICS_TOKEN answers only the right Bearer token', async () => {
    const s = await startTestServer({ settings: { metricsToken: METRICS_TOKEN } });
    servers.push(s);
    const url = `${s.baseUrl}/metrics`;
    for (const authorization of [
      undefined,
      'Bearer wrong',
      `Basic ${METRICS_TOKEN}`,
      `Bearer ${METRICS_TOKEN}x`,
    ]) {
      const res = await fetch(url, { headers: authorization ? { authorization } : {} });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect((await res.json()).error).toBe('unauthorized');
    }
    const ok = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('packgate_build_info');
  });

  it('with PACKGATE_METRICS_PORT serves it there only (with the token when set)', async () => {
    const s = await startTestServer({ settings: { metricsPort: '0', metricsToken: METRICS_TOKEN } });
    servers.push(s);
    expect(
      (await fetch(`${s.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status,
    ).toBe(404);
    const { metricsUrl } = s.server;
    expect(metricsUrl).not.toBe(`${s.baseUrl}/metrics`);
    expect((await fetch(metricsUrl)).status).toBe(401);
    const ok = await fetch(metricsUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('packgate_token_request_duration_seconds');
    const other = await fetch(metricsUrl.replace('/metrics', '/healthz'));
    expect(other.status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(404);
  });
});
