import { describe, expect, it } from 'vitest';
import { ClientFault } from '../../errors/soap-faults.js';
import {
  checkBodySize,
  checkXmlShape,
  MAX_XML_ATTRIBUTES_PER_ELEMENT,
  MAX_XML_DEPTH,
  MAX_XML_ELEMENTS,
  SOAP_RETRIEVE_BODY_LIMIT_BYTES,
} from './soap-limits.js';

function faultOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(ClientFault);
    return (err as Error).message;
  }
}

describe('SOAP request bounds checked before parsing', () => {
  it('attributes per element: an "=" outside quoted values counts, one inside does not', () => {
    const attrs = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}="x=y"`).join('');
    expect(faultOf(() => checkXmlShape(`<r${attrs(MAX_XML_ATTRIBUTES_PER_ELEMENT)}/>`))).toBeUndefined();
    expect(faultOf(() => checkXmlShape(`<r><a${attrs(MAX_XML_ATTRIBUTES_PER_ELEMENT + 1)}></a></r>`))).toBe(
      `An element has more than ${MAX_XML_ATTRIBUTES_PER_ELEMENT} attributes, the limit per element.`,
    );
    expect(
      faultOf(() => checkXmlShape(`<r>${'a=b '.repeat(1000)}<!-- <x ${'c="1" '.repeat(100)}> --></r>`)),
    ).toBeUndefined();
  });

  it('elements in one request', () => {
    expect(faultOf(() => checkXmlShape(`<r>${'<a/>'.repeat(MAX_XML_ELEMENTS - 1)}</r>`))).toBeUndefined();
    expect(faultOf(() => checkXmlShape(`<r>${'<a/>'.repeat(MAX_XML_ELEMENTS)}</r>`))).toBe(
      `The request has more than ${MAX_XML_ELEMENTS} elements, the limit.`,
    );
  });

  it('nesting: self-closing elements and CDATA do not nest', () => {
    const nested = (n: number) => `${'<a>'.repeat(n)}<b/><![CDATA[<c><c><c>]]>${'</a>'.repeat(n)}`;
    expect(faultOf(() => checkXmlShape(nested(MAX_XML_DEPTH)))).toBeUndefined();
    expect(faultOf(() => checkXmlShape(nested(MAX_XML_DEPTH + 1)))).toBe(
      `The request nests elements more than ${MAX_XML_DEPTH} deep.`,
    );
  });

  it('a Retrieve is at most 64 KB (in UTF-8 bytes); other operations are bounded by the 5 MB route limit', () => {
    const ascii = 'a'.repeat(SOAP_RETRIEVE_BODY_LIMIT_BYTES);
    expect(faultOf(() => checkBodySize(ascii, 'RetrieveRequestMsg'))).toBeUndefined();
    expect(faultOf(() => checkBodySize(`${ascii}a`, 'RetrieveRequestMsg'))).toBe(
      'A Retrieve request is larger than 64 KB.',
    );
    const wide = 'é'.repeat(SOAP_RETRIEVE_BODY_LIMIT_BYTES / 2 + 1);
    expect(faultOf(() => checkBodySize(wide, 'RetrieveRequestMsg'))).toBe(
      'A Retrieve request is larger than 64 KB.',
    );
    expect(faultOf(() => checkBodySize(`${ascii}${ascii}`, 'CreateRequest'))).toBeUndefined();
  });
});
