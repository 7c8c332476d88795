import { describe, expect, it } from 'vitest';
import { ClientFault } from '../../errors/soap-faults.js';
import { scanSoapEnvelope } from './scan-soap-envelope.js';
import { MAX_XML_ATTRIBUTES_PER_ELEMENT, SOAP_HEAD_LIMIT_CHARS } from './soap-limits.js';

const NS = 'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"';

function faultOf(xml: string): string {
  try {
    scanSoapEnvelope(xml);
  } catch (err) {
    expect(err).toBeInstanceOf(ClientFault);
    return (err as Error).message;
  }
  throw new Error('no fault');
}

describe('the token is read from the envelope start without parsing the rest', () => {
  it.each([
    [
      'soap:',
      `<soap:Envelope ${NS}><soap:Header><fueloauth>tok</fueloauth></soap:Header><soap:Body><RetrieveRequestMsg/></soap:Body></soap:Envelope>`,
    ],
    [
      's:',
      '<s:Envelope xmlns:s="x"><s:Header><fueloauth xmlns="http://exacttarget.com">tok</fueloauth></s:Header><s:Body><RetrieveRequestMsg/></s:Body></s:Envelope>',
    ],
    [
      'SOAP-ENV:',
      '<SOAP-ENV:Envelope xmlns:SOAP-ENV="x"><SOAP-ENV:Header><et:fueloauth xmlns:et="y">tok</et:fueloauth></SOAP-ENV:Header><SOAP-ENV:Body><et:RetrieveRequestMsg xmlns:et="y"/></SOAP-ENV:Body></SOAP-ENV:Envelope>',
    ],
    [
      'no prefix',
      '<Envelope xmlns="x"><Header><fueloauth>tok</fueloauth></Header><Body><RetrieveRequestMsg/></Body></Envelope>',
    ],
    [
      'prolog, BOM, comments, attributes, other headers, whitespace and entities',
      `\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- a > b --><?pi x?>\n<soap:Envelope ${NS} a='1' b = "x>y">\n <soap:Header soap:mustUnderstand="1" >\n` +
        '  <wsa:Action xmlns:wsa="w">Retrieve<x><fueloauth>not-this</fueloauth></x></wsa:Action><!-- <fueloauth>no</fueloauth> -->\n' +
        '  <fueloauth xmlns="http://exacttarget.com" >\n    &#116;o&#x6B;\n  </fueloauth ><![CDATA[</soap:Header>]]>\n </soap:Header >\n' +
        ' <soap:Body ><!-- first --> <RetrieveRequestMsg xmlns="p">',
    ],
    [
      'a CDATA token',
      `<soap:Envelope ${NS}><soap:Header><fueloauth><![CDATA[tok]]></fueloauth></soap:Header><soap:Body><RetrieveRequestMsg>`,
    ],
  ])('%s', (_name, xml) => {
    expect(scanSoapEnvelope(xml)).toEqual({ token: 'tok', operation: 'RetrieveRequestMsg' });
  });

  it('reads only the start: whatever follows the operation name is never looked at', () => {
    const head = `<soap:Envelope ${NS}><soap:Header><fueloauth>tok</fueloauth></soap:Header><soap:Body><CreateRequest`;
    expect(scanSoapEnvelope(`${head}${' a="1"'.repeat(1_000_000)}<<<&&& not xml`)).toEqual({
      token: 'tok',
      operation: 'CreateRequest',
    });
  });

  it('no Header, an empty Header, an empty fueloauth, an empty Body', () => {
    expect(
      scanSoapEnvelope('<E:Envelope xmlns:E="x"><E:Body><DeleteRequest/></E:Body></E:Envelope>'),
    ).toEqual({
      token: undefined,
      operation: 'DeleteRequest',
    });
    expect(
      scanSoapEnvelope('<Envelope><Header/><Body><UpdateRequest/></Body></Envelope>').token,
    ).toBeUndefined();
    expect(scanSoapEnvelope('<Envelope><Header><fueloauth/></Header><Body/></Envelope>')).toEqual({
      token: '',
      operation: undefined,
    });
    expect(scanSoapEnvelope('<Envelope><Body>  </Body></Envelope>').operation).toBeUndefined();
  });

  it('refuses what is no envelope, or not one within the scanned window, as soap:Client', () => {
    expect(faultOf('definitely not xml')).toMatch(/not well-formed XML: it does not start with an element/);
    expect(faultOf('<soap:Envelope><soap:Body>')).toMatch(
      /not well-formed XML: it ends inside the SOAP Envelope/,
    );
    expect(faultOf('<lolz>x</lolz>')).toMatch(/no SOAP Envelope and Body/);
    expect(faultOf('<Envelope><Other/><Body/></Envelope>')).toMatch(/no SOAP Envelope and Body/);
    expect(faultOf('<Envelope a=1><Body/></Envelope>')).toMatch(/attribute value must be quoted/);
    expect(
      faultOf(
        '<Envelope><Header><fueloauth>a</fueloauth><fueloauth>b</fueloauth></Header><Body/></Envelope>',
      ),
    ).toMatch(/more than one fueloauth/);
    expect(faultOf('<Envelope><Header><fueloauth>a<b/></fueloauth></Header><Body/></Envelope>')).toMatch(
      /fueloauth header must hold the access token as text/,
    );
    const padded = `<Envelope><Header>${'<x/>'.repeat(SOAP_HEAD_LIMIT_CHARS / 4)}<fueloauth>tok</fueloauth></Header><Body><RetrieveRequestMsg/></Body></Envelope>`;
    expect(faultOf(padded)).toMatch(`within the first ${SOAP_HEAD_LIMIT_CHARS} characters`);
    const attributes = Array.from(
      { length: MAX_XML_ATTRIBUTES_PER_ELEMENT + 1 },
      (_, i) => ` a${i}="1"`,
    ).join('');
    expect(faultOf(`<Envelope${attributes}><Body/></Envelope>`)).toBe(
      `An element has more than ${MAX_XML_ATTRIBUTES_PER_ELEMENT} attributes, the limit per element.`,
    );
  });

  it('reads a Header that follows the Body (as fuel-soap writes it), from the end only', () => {
    const after = (header: string, tail = '') =>
      `<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><RetrieveRequestMsg><x/></RetrieveRequestMsg></Body>${header}</Envelope>${tail}`;
    expect(
      scanSoapEnvelope(after('<Header><fueloauth xmlns="http://exacttarget.com">tok</fueloauth></Header>')),
    ).toEqual({
      token: 'tok',
      operation: 'RetrieveRequestMsg',
    });
    expect(scanSoapEnvelope(after('<s:Header> <fueloauth>t&amp;k</fueloauth> </s:Header>', '\n')).token).toBe(
      't&k',
    );
    // Not the Envelope's last child, or not right after the Body: no token.
    expect(
      scanSoapEnvelope(after('<Header><fueloauth>tok</fueloauth></Header><Other/>')).token,
    ).toBeUndefined();
    expect(
      scanSoapEnvelope(
        '<Envelope><Body><R/></Body><Other/><Header><fueloauth>tok</fueloauth></Header></Envelope>',
      ).token,
    ).toBeUndefined();
    // A leading Header wins: a second one at the end is not read.
    expect(
      scanSoapEnvelope(
        '<Envelope><Header/><Body><R/></Body><Header><fueloauth>tok</fueloauth></Header></Envelope>',
      ).token,
    ).toBeUndefined();
    const far = after(
      `<Header>${'<x/>'.repeat(SOAP_HEAD_LIMIT_CHARS / 4)}<fueloauth>tok</fueloauth></Header>`,
    );
    expect(scanSoapEnvelope(far).token).toBeUndefined();
  });
});
