import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_XML_ATTRIBUTES_PER_ELEMENT,
  MAX_XML_ELEMENTS,
  SOAP_RETRIEVE_PAGE_LIMIT_BYTES,
} from '../../src/resources/soap/soap-limits.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { memoryLogger } from '../support/memory-logger.js';
import { call, createContactsDe, soap, soapEnvelope, tokenFor } from './resource-helpers.js';

/**
 * Issue 8, findings 1, 2 and 7: the token is checked before the envelope is parsed, the parse is
 * bounded, Retrieve cannot amplify, and a request the server cannot read is the caller's fault.
 */

const retrieve = (objectType: string, props: string[], attributes = '') =>
  `<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"${attributes}><RetrieveRequest><ObjectType>${objectType}</ObjectType>${props
    .map((p) => `<Properties>${p}</Properties>`)
    .join('')}</RetrieveRequest></RetrieveRequestMsg>`;

function expectFault(res: { status: number; text: string }, code: string, message: RegExp | string): void {
  expect(res.status, res.text.slice(0, 500)).toBe(500);
  expect(res.text).toContain(`>${code}</faultcode>`);
  expect(res.text).toMatch(
    typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message,
  );
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

/** `n` attributes, `a0="1" a1="1" …` (about 11 bytes each). */
const attributes = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}="1"`).join('');

describe.each(BACKENDS)('SOAP hardening ($name)', (backend) => {
  const log = memoryLogger();
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ logger: log.logger, ...backend.serverOptions() });
    token = await tokenFor(server);
    await createContactsDe(server, server.eid);
    const put = await call('POST', `${server.restBaseUri}hub/v1/dataevents/key:Contacts/rowset`, {
      token,
      body: [1, 2, 3].map((n) => ({ keys: { Id: `h-${n}` }, values: { Email: `h${n}@example.com` } })),
    });
    expect(put.status, put.text).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  it('a bad token is refused before the body is parsed: malformed XML after the header gets the security fault', async () => {
    // Were the envelope parsed first, this would be a soap:Client "not well-formed" fault.
    const malformed = soapEnvelope('bogus', `<RetrieveRequestMsg><<<&& ${'<a b="'.repeat(1000)}`);
    expectFault(await soap(server, malformed), 'q0:Security', /SOAP Authorization failed for Oauth token/);
    const missing = soapEnvelope(undefined, `<CreateRequest>${'<x'.repeat(10_000)}`);
    expectFault(
      await soap(server, missing, 'Create'),
      'q0:Security',
      /send the access token in the fueloauth header/,
    );
    // The reported attack: 4.4 MB, 380 000 attributes, any token.
    const bomb = soapEnvelope(
      'bogus',
      retrieve('DataExtensionObject[Contacts]', ['Id'], attributes(380_000)),
    );
    expect(bomb.length).toBeGreaterThan(4_000_000);
    expectFault(await soap(server, bomb), 'q0:Security', /SOAP Authorization failed for Oauth token/);
  });

  it('the token is found whatever the envelope prefix, header attributes, whitespace, entities or CDATA', async () => {
    const body = retrieve('DataExtensionObject[Contacts]', ['Id']);
    const escaped = `&#${token.charCodeAt(0)};${token.slice(1, 5)}&#x${token.charCodeAt(5).toString(16)};${token.slice(6)}`;
    const envelopes = [
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><fueloauth>${token}</fueloauth></s:Header><s:Body>${body}</s:Body></s:Envelope>`,
      `<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header SOAP-ENV:mustUnderstand="0">\n<!-- token -->\n<et:fueloauth xmlns:et="http://exacttarget.com">\n  ${escaped}\n</et:fueloauth></SOAP-ENV:Header><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`,
      `<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Header><fueloauth xmlns="http://exacttarget.com"><![CDATA[${token}]]></fueloauth></Header><Body>${body}</Body></Envelope>`,
    ];
    for (const xml of envelopes) {
      const res = await soap(server, xml);
      expect(res.status, res.text).toBe(200);
      expect(res.text).toContain('<Property><Name>Id</Name><Value>h-1</Value></Property>');
    }
  });

  it('with a valid token the parse is bounded: attributes per element, elements, Retrieve size, each a soap:Client fault naming the limit', async () => {
    const bomb = soapEnvelope(token, retrieve('DataExtensionObject[Contacts]', ['Id'], attributes(380_000)));
    expectFault(
      await soap(server, bomb),
      'soap:Client',
      `An element has more than ${MAX_XML_ATTRIBUTES_PER_ELEMENT} attributes, the limit per element.`,
    );
    const elements = soapEnvelope(token, `<CreateRequest>${'<a/>'.repeat(MAX_XML_ELEMENTS)}</CreateRequest>`);
    expectFault(
      await soap(server, elements, 'Create'),
      'soap:Client',
      `The request has more than ${MAX_XML_ELEMENTS} elements, the limit.`,
    );
    // The reported stall: 5 000 × <Properties>Id</Properties> (135 KB).
    const properties = soapEnvelope(token, retrieve('DataExtensionObject[Contacts]', Array(5000).fill('Id')));
    expectFault(await soap(server, properties), 'soap:Client', 'A Retrieve request is larger than 64 KB.');
    // An unsupported operation needs no parse either.
    expectFault(
      await soap(server, soapEnvelope(token, `<ExecuteRequest>${'<'.repeat(100)}`)),
      'soap:Client',
      /Unsupported operation ExecuteRequest/,
    );
  });

  it('Retrieve names each column once: 1 000 repeats of Properties (27 KB) answer one column, not 1 000', async () => {
    const names = Array.from({ length: 1000 }, (_, i) => ['Id', 'ID', 'id'][i % 3] ?? 'Id');
    const xml = soapEnvelope(token, retrieve('DataExtensionObject[Contacts]', names));
    expect(xml.length).toBeGreaterThan(27_000);
    const res = await soap(server, xml);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<OverallStatus>OK</OverallStatus>');
    expect(res.text.match(/<Property>/g)).toHaveLength(3);
    expect(res.text.length).toBeLessThan(2000);
    const nine = ['Id', 'Email', 'Age', 'Balance', 'Joined', 'Active', 'Phone', 'Locale', 'Extra'];
    const tooMany = await soap(server, soapEnvelope(token, retrieve('DataExtensionObject[Contacts]', nine)));
    expect(tooMany.status).toBe(200);
    expect(tooMany.text).toContain(
      '<OverallStatus>Error: The request names 9 distinct properties; data extension Contacts has 8 columns.',
    );
  });

  it('wide rows page below 2 500 rows so one answer stays within 8 MB; MoreDataAvailable leads to every row once', async () => {
    const fields = Array.from({ length: 10 }, (_, i) => ({ name: `T${i}`, type: 'Text', length: 4000 }));
    const created = await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
      mid: server.eid,
      name: 'Wide',
      key: 'Wide',
      fields: [{ name: 'N', type: 'Number', isPrimaryKey: true }, ...fields],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The widest answer: every character escapes to six (&quot;).
    const wideValue = '"'.repeat(4000);
    const rows = Array.from({ length: 40 }, (_, n) => ({
      keys: { N: n },
      values: Object.fromEntries(fields.map((f) => [f.name, wideValue])),
    }));
    const put = await call('POST', `${server.restBaseUri}hub/v1/dataevents/key:Wide/rowset`, {
      token,
      body: rows,
    });
    expect(put.status, put.text.slice(0, 300)).toBe(200);
    const seen: string[] = [];
    let res = await soap(server, soapEnvelope(token, retrieve('DataExtensionObject[Wide]', [])));
    const pages: number[] = [];
    for (;;) {
      expect(res.status).toBe(200);
      expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(SOAP_RETRIEVE_PAGE_LIMIT_BYTES + 4096);
      const ns = [...res.text.matchAll(/<Name>N<\/Name><Value>(\d+)<\/Value>/g)].map((m) => m[1] ?? '');
      pages.push(ns.length);
      seen.push(...ns);
      if (!res.text.includes('<OverallStatus>MoreDataAvailable</OverallStatus>')) break;
      const id = /<RequestID>([^<]+)<\/RequestID>/.exec(res.text)?.[1] ?? '';
      res = await soap(
        server,
        soapEnvelope(
          token,
          `<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest><ContinueRequest>${id}</ContinueRequest></RetrieveRequest></RetrieveRequestMsg>`,
        ),
      );
    }
    expect(res.text).toContain('<OverallStatus>OK</OverallStatus>');
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.slice(0, -1).every((n) => n === pages[0])).toBe(true);
    // Every row exactly once, across pages of equal size (the store's order, not N's).
    expect(seen).toHaveLength(rows.length);
    expect(new Set(seen)).toEqual(new Set(rows.map((r) => String(r.keys.N))));
  });

  it('a body that is not XML, or not well-formed, is a soap:Client fault logged at debug without a stack', async () => {
    const before = log.text().length;
    const url = `${server.soapBaseUri}Service.asmx`;
    for (const [contentType, body] of [
      ['application/json', '{bad'],
      ['application/json', ''],
      ['application/json', '{"a":1}'],
      ['text/plain', '<x/>'],
      ['application/x-www-form-urlencoded', 'a=1'],
      ['multipart/form-data; boundary=x', '--x--'],
      ['application/octet-stream', 'x'],
    ] as const) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
      expectFault(
        { status: res.status, text: await res.text() },
        'soap:Client',
        /Send the SOAP envelope as text\/xml/,
      );
    }
    expectFault(
      await soap(server, soapEnvelope(token, '<RetrieveRequestMsg><RetrieveRequest></RetrieveRequestMsg>')),
      'soap:Client',
      /not well-formed XML/,
    );
    const lines = log
      .text()
      .slice(before)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg?: string; faultcode?: string });
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(log.text().slice(before)).not.toContain('"stack"');
    expect(
      lines.filter((l) => l.msg === 'SOAP fault' && l.level === 20 && l.faultcode === 'soap:Client'),
    ).toHaveLength(8);
  });
});
