import { describe, expect, it } from 'vitest';
import { createSoapClient, createTokenProvider, parseSoapFault, SoapFaultError } from '../src/index.js';
import { AUTH, fakeFetch, json, mcToken, SECRET, SOAP } from './helpers/fake-fetch.js';

const fault = (code: string, text: string) =>
  `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode xmlns:q0="http://schemas.xmlsoap.org/ws/2002/12/secext">${code}</faultcode><faultstring>${text}</faultstring><faultactor>${SOAP}Service.asmx</faultactor></soap:Fault></soap:Body></soap:Envelope>`;
const ok =
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><RetrieveResponseMsg><OverallStatus>OK</OverallStatus></RetrieveResponseMsg></soap:Body></soap:Envelope>';

function world(answer: (body: string, index: number) => Response) {
  let issued = 0;
  let soapCalls = 0;
  const fake = fakeFetch((call) =>
    call.url.endsWith('/v2/token') ? json(200, mcToken(++issued)) : answer(call.body, soapCalls++),
  );
  const provider = createTokenProvider({
    authBaseUri: AUTH,
    clientId: 'abcdefghijklmnopqrstuvwx',
    clientSecret: SECRET,
    fetch: fake.fetch,
  });
  return { soap: createSoapClient({ tokenSource: provider, fetch: fake.fetch }), calls: fake.calls };
}

describe('SOAP helper', () => {
  it('posts to {soap_instance_url}Service.asmx with the token in fueloauth', async () => {
    const w = world(() => new Response(ok, { status: 200 }));
    const res = await w.soap.call('Retrieve', '<RetrieveRequestMsg/>');
    expect(res.body).toBe(ok);
    const call = w.calls[1];
    expect(call?.url).toBe(`${SOAP}Service.asmx`);
    expect(call?.headers.get('soapaction')).toBe('Retrieve');
    expect(call?.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(call?.body).toContain('<fueloauth xmlns="http://exacttarget.com">token-1</fueloauth>');
    expect(call?.body).toContain('<soap:Body><RetrieveRequestMsg/></soap:Body>');
  });

  it('"Token Expired" fault → forced refresh and one retry with the new token', async () => {
    const w = world((body) =>
      body.includes('>token-1<')
        ? new Response(fault('q0:Security', 'Token Expired'), { status: 500 })
        : new Response(ok, { status: 200 }),
    );
    await w.soap.call('Retrieve', '<x/>');
    expect(w.calls.filter((c) => c.url.endsWith('/v2/token'))).toHaveLength(2);
    expect(w.calls.at(-1)?.body).toContain('>token-2<');
  });

  it('a second "Token Expired" and other faults throw SoapFaultError', async () => {
    const w = world(() => new Response(fault('q0:Security', 'Token Expired'), { status: 500 }));
    const error = (await w.soap.call('Retrieve', '<x/>').catch((e: unknown) => e)) as SoapFaultError;
    expect(error).toBeInstanceOf(SoapFaultError);
    expect(error.faultstring).toBe('Token Expired');
    expect(w.calls.filter((c) => !c.url.endsWith('/v2/token'))).toHaveLength(2);
    const other = world(() => new Response(fault('soap:Client', 'Bad &amp; wrong'), { status: 500 }));
    const e2 = (await other.soap.call('Create', '<x/>').catch((e: unknown) => e)) as SoapFaultError;
    expect(e2.faultcode).toBe('soap:Client');
    expect(e2.faultstring).toBe('Bad & wrong');
    expect(other.calls.filter((c) => !c.url.endsWith('/v2/token'))).toHaveLength(1);
  });

  it('a fault echoing the token never puts it in the error', async () => {
    const w = world(
      () => new Response(fault('soap:Client', 'Authorization failed for token-1'), { status: 500 }),
    );
    const error = (await w.soap.call('Retrieve', '<x/>').catch((e: unknown) => e)) as SoapFaultError;
    expect(error.faultstring).toBe('Authorization failed for [redacted]');
    expect(JSON.stringify({ m: error.message, ...error })).not.toContain('token-1');
  });

  it('refuses a SOAP action that could inject headers', async () => {
    const w = world(() => new Response(ok));
    await expect(w.soap.call('Retrieve\r\nX: y', '<x/>')).rejects.toMatchObject({
      code: 'ERR_INVALID_CONFIGURATION',
    });
  });

  it('parseSoapFault ignores envelopes without a fault', () => {
    expect(parseSoapFault(ok)).toBeUndefined();
    expect(parseSoapFault('not xml')).toBeUndefined();
  });
});
