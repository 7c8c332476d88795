import { ClientFault } from '../../errors/soap-faults.js';

/**
 * Bounds on a SOAP request, checked by cheap linear scans before the XML parser runs: the parser
 * costs about 250 ms per MB and more on pathological input (380 000 attributes: seconds), so
 * whatever the parser would choke on is refused first. Documented in docs/reference/resource-api.md.
 */

/** Largest SOAP request accepted at all (the synchronous REST limit, 5 MB): Create, Update, Delete. */
export const SOAP_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * Largest `Retrieve`: a request names an object type, columns and a filter, so 64 KiB holds the
 * largest sensible one (500 columns, 40 AND-ed conditions) with room to spare.
 */
export const SOAP_RETRIEVE_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Where the `fueloauth` token and the operation name must be found: the token is checked before
 * the envelope is parsed, by a scan that never reads further than this into the request.
 */
export const SOAP_HEAD_LIMIT_CHARS = 64 * 1024;

/** Attributes on one element: SOAP needs a few (namespaces, `xsi:type`). */
export const MAX_XML_ATTRIBUTES_PER_ELEMENT = 32;

/**
 * Elements in one request: a 5 MB Create of 32 000 row objects with a few columns each holds
 * about 300 000; 5 MB of `<a/>` would be 1.3 million.
 */
export const MAX_XML_ELEMENTS = 400_000;

/**
 * Deepest element nesting accepted. Marketing Cloud envelopes stay far below it (a filter of
 * 40 AND-ed conditions is about 45 deep); deeper documents are refused, never recursed into.
 */
export const MAX_XML_DEPTH = 100;

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;

/** The body-size limit of an operation (`RetrieveRequestMsg`, `CreateRequest`, …). */
export function bodyLimitBytesOf(operation: string): number {
  return operation === 'RetrieveRequestMsg' || operation === 'DefinitionRequestMsg'
    ? SOAP_RETRIEVE_BODY_LIMIT_BYTES
    : SOAP_BODY_LIMIT_BYTES;
}

export function checkBodySize(xml: string, operation: string): void {
  const limit = bodyLimitBytesOf(operation);
  // Cheap before exact: a string's UTF-8 size is between its length and three times it.
  if (xml.length <= limit / 3) return;
  if (xml.length > limit || Buffer.byteLength(xml, 'utf8') > limit) {
    const what = operation === 'RetrieveRequestMsg' ? 'A Retrieve request' : 'The request';
    throw new ClientFault(`${what} is larger than ${sizeText(limit)}.`);
  }
}

const LT = 0x3c;
const GT = 0x3e;
const EQ = 0x3d;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/**
 * Counts start tags, their nesting and the attributes of each (an `=` outside quoted values) in
 * one pass that jumps from `<` to `<` natively and walks only the inside of tags, and throws a
 * `soap:Client` fault naming the first limit crossed. Not a validator: the parser still checks
 * well-formedness (and keeps its own depth limit).
 */
export function checkXmlShape(xml: string): void {
  let elements = 0;
  let depth = 0;
  for (let i = xml.indexOf('<'); i !== -1; i = xml.indexOf('<', i)) {
    const next = xml.charCodeAt(i + 1);
    if (next === SLASH) {
      depth--;
      i += 2;
      continue;
    }
    if (next === BANG || next === QUESTION) {
      // Comments and CDATA may hold "<"; declarations and instructions hold no elements.
      const close = xml.startsWith('<!--', i) ? '-->' : xml.startsWith('<![CDATA[', i) ? ']]>' : '>';
      const at = xml.indexOf(close, i + 2);
      if (at === -1) return;
      i = at + close.length;
      continue;
    }
    elements++;
    if (elements > MAX_XML_ELEMENTS) {
      throw new ClientFault(`The request has more than ${MAX_XML_ELEMENTS} elements, the limit.`);
    }
    let attributes = 0;
    let quote = 0;
    let previous = 0;
    let j = i + 1;
    for (; j < xml.length; j++) {
      const c = xml.charCodeAt(j);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === DQUOTE || c === SQUOTE) quote = c;
      else if (c === EQ) {
        attributes++;
        if (attributes > MAX_XML_ATTRIBUTES_PER_ELEMENT) {
          throw new ClientFault(
            `An element has more than ${MAX_XML_ATTRIBUTES_PER_ELEMENT} attributes, the limit per element.`,
          );
        }
      } else if (c === GT || c === LT) break;
      previous = c;
    }
    if (!(xml.charCodeAt(j) === GT && previous === SLASH)) {
      depth++;
      if (depth > MAX_XML_DEPTH) {
        throw new ClientFault(`The request nests elements more than ${MAX_XML_DEPTH} deep.`);
      }
    }
    i = j;
  }
}

/**
 * Largest Retrieve answer, in bytes of XML: a page holds fewer than 2 500 rows when its rows
 * could be wide (500 columns of 4 000 characters would otherwise be gigabytes).
 */
export const SOAP_RETRIEVE_PAGE_LIMIT_BYTES = 8 * 1024 * 1024;
