import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/store.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { tokenFor } from '../resources/resource-helpers.js';
import { BACKENDS } from '../support/backends.js';
import { type Answered, KeepAliveClient, type Sent } from './keep-alive-client.js';

/** Resolves once the server has received `count` requests (their headers, not their bodies). */
function requestsReceived(s: TestServer, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const onRequest = () => {
      if (++seen < count) return;
      s.server.app.server.off('request', onRequest);
      resolve();
    };
    s.server.app.server.on('request', onRequest);
  });
}

async function createRowsTable(s: TestServer): Promise<void> {
  const created = await s.admin('POST', `/tenants/${s.subdomain}/data-extensions`, {
    mid: s.eid,
    name: 'Orders',
    key: 'Orders',
    fields: [
      { name: 'Id', type: 'Number', isPrimaryKey: true },
      { name: 'Note', type: 'Text' },
    ],
  });
  expect(created.status).toBe(201);
}

describe.each(BACKENDS)('graceful shutdown on SIGTERM/SIGINT ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  /** The same store, opened again after the server has closed it. */
  function reopen(s: TestServer, options: ReturnType<typeof backend.serverOptions>) {
    return openStore({
      dataDir: s.config.dataDir,
      databaseUrl: s.config.databaseUrl,
      ...(options.postgres ? { postgresSchema: options.postgres.schema } : {}),
    });
  }

  it('100 requests in flight (50 row writes): every one answered with Connection: close, every acknowledged write stored', async () => {
    const options = backend.serverOptions();
    const s = await startTestServer({ ...options, settings: { shutdownDrainSeconds: '30' } });
    const client = new KeepAliveClient(s.baseUrl, 100);
    try {
      await createRowsTable(s);
      const token = await tokenFor(s);
      const rest = new URL(s.restBaseUri).pathname;
      const auth = new URL(s.authBaseUri).pathname;
      await client.open(100);

      // 50 writes received with half their body: the server is reading them when the drain starts.
      const received = requestsReceived(s, 50);
      const writes: Sent[] = Array.from({ length: 50 }, (_, i) =>
        client.send('POST', `${rest}hub/v1/dataevents/key:Orders/rowset`, {
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify([{ keys: { Id: i }, values: { Note: `order ${i}` } }]),
          holdAfterBytes: 10,
        }),
      );
      await received;
      // 50 more sent now, on open connections, and not yet read by the server when it drains.
      const others: Sent[] = Array.from({ length: 50 }, (_, i) => {
        if (i % 10 === 0) return client.send('GET', '/readyz');
        if (i % 2 === 0) {
          return client.send('GET', `${rest}data/v1/customobjectdata/key/Orders/rowset`, {
            headers: { authorization: `Bearer ${token}` },
          });
        }
        return client.send('POST', `${auth}v2/token`, {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: s.clientId,
            client_secret: s.clientSecret,
          }),
        });
      });
      const closing = s.server.close();
      for (const w of writes) w.finish();

      const answered: Answered[] = await Promise.all([...writes, ...others].map((r) => r.answer));
      for (const [i, a] of answered.entries()) {
        const readyz = i >= 50 && (i - 50) % 10 === 0;
        expect(a.status, a.text).toBe(readyz ? 503 : 200);
        if (readyz) expect(JSON.parse(a.text)).toEqual({ status: 'draining' });
        expect(a.connection, `request ${i}`).toBe('close');
      }
      expect(await closing).toEqual({ cutConnections: 0 });
      // Closed for good: a new connection is refused.
      await expect(fetch(`${s.baseUrl}/healthz`)).rejects.toThrow();

      const store = await reopen(s, options);
      try {
        const de = await store.dataExtensions.findDataExtensionByKey(s.eid, 'Orders');
        const rows = await store.dataExtensions.listRows(de?.id ?? '');
        expect(rows).toHaveLength(50);
      } finally {
        await store.close();
      }
    } finally {
      client.close();
      rmSync(s.config.dataDir, { recursive: true, force: true });
    }
  });

  it('an idle keep-alive connection is closed by the drain, not left to its keep-alive timeout', async () => {
    const s = await startTestServer({
      ...backend.serverOptions(),
      settings: { shutdownDrainSeconds: '30', keepAliveTimeoutSeconds: '600' },
    });
    const client = new KeepAliveClient(s.baseUrl, 1);
    try {
      await client.open(1);
      expect(await s.server.close()).toEqual({ cutConnections: 0 });
    } finally {
      client.close();
      rmSync(s.config.dataDir, { recursive: true, force: true });
    }
  });

  it('at the drain deadline a request still arriving is cut, and the store still closes', async () => {
    const s = await startTestServer({ ...backend.serverOptions(), settings: { shutdownDrainSeconds: '0' } });
    const client = new KeepAliveClient(s.baseUrl, 1);
    try {
      await client.open(1);
      const received = requestsReceived(s, 1);
      const slow = client.send('POST', `${new URL(s.authBaseUri).pathname}v2/token`, {
        headers: { 'content-type': 'application/json' },
        body: '{"grant_type":"client_credentials"}',
        holdAfterBytes: 5,
      });
      await received;
      const outcome = slow.answer.then(
        () => 'answered',
        () => 'cut',
      );
      expect(await s.server.close()).toEqual({ cutConnections: 1 });
      expect(await outcome).toBe('cut');
    } finally {
      client.close();
      rmSync(s.config.dataDir, { recursive: true, force: true });
    }
  });
});
