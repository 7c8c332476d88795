import { expect } from 'vitest';
import type { TestServer } from '../../src/testing.js';

export interface Res {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function call(
  method: string,
  url: string,
  init: {
    token?: string;
    body?: unknown;
    raw?: string;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Res> {
  const payload = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const res = await fetch(url, {
    method,
    headers: {
      ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
      ...(payload === undefined ? {} : { 'content-type': init.contentType ?? 'application/json' }),
      ...init.headers,
    },
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** A client_credentials token of the demo package (or another client), optionally narrowed. */
export async function tokenFor(
  server: TestServer,
  opts: {
    scope?: string;
    accountId?: number;
    clientId?: string;
    clientSecret?: string;
    authBaseUri?: string;
  } = {},
): Promise<string> {
  const res = await call('POST', `${opts.authBaseUri ?? server.authBaseUri}v2/token`, {
    body: {
      grant_type: 'client_credentials',
      client_id: opts.clientId ?? server.clientId,
      client_secret: opts.clientSecret ?? server.clientSecret,
      ...(opts.scope === undefined ? {} : { scope: opts.scope }),
      ...(opts.accountId === undefined ? {} : { account_id: opts.accountId }),
    },
  });
  expect(res.status, res.text).toBe(200);
  return res.body.access_token as string;
}

export const CONTACTS_FIELDS = [
  { name: 'Id', type: 'Text', length: 50, isPrimaryKey: true },
  { name: 'Email', type: 'EmailAddress', isRequired: true },
  { name: 'Age', type: 'Number' },
  { name: 'Balance', type: 'Decimal', precision: 10, scale: 2 },
  { name: 'Joined', type: 'Date' },
  { name: 'Active', type: 'Boolean', defaultValue: 'true' },
  { name: 'Phone', type: 'Phone' },
  { name: 'Locale', type: 'Locale' },
];

export async function createContactsDe(server: TestServer, mid: number, key = 'Contacts'): Promise<string> {
  const res = await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
    mid,
    name: key,
    key,
    fields: CONTACTS_FIELDS,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** Asserts Marketing Cloud's REST error shape. */
export function expectResourceError(res: Res, status: number, errorcode: number): void {
  expect({ status: res.status, errorcode: res.body?.errorcode }, res.text).toEqual({ status, errorcode });
  expect(typeof res.body.message).toBe('string');
  expect(typeof res.body.documentation).toBe('string');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

export function soapEnvelope(token: string | undefined, body: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soap:Header>${token === undefined ? '' : `<fueloauth xmlns="http://exacttarget.com">${token}</fueloauth>`}</soap:Header>` +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

export function soap(server: TestServer, xml: string, action = 'Retrieve'): Promise<Res> {
  return call('POST', `${server.soapBaseUri}Service.asmx`, {
    raw: xml,
    contentType: 'text/xml; charset=utf-8',
    headers: { soapaction: action },
  });
}
