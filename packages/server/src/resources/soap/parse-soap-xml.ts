import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ClientFault } from '../../errors/soap-faults.js';
import { MAX_XML_DEPTH, SOAP_BODY_LIMIT_BYTES } from './soap-limits.js';

/** Elements that may repeat: always parsed as arrays so one and many look the same. */
const REPEATING = new Set(['Objects', 'Properties', 'Property', 'Key', 'Field', 'Result']);

/**
 * No entity is ever expanded: a DOCTYPE (the only way to declare entities, hence XXE and
 * "billion laughs") is refused before parsing, and the parser leaves entity references alone;
 * {@link textOf} decodes the five predefined entities and character references itself.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  isArray: (name) => REPEATING.has(name),
  maxNestedTags: MAX_XML_DEPTH,
});

export type XmlNode = Record<string, unknown>;

/** A DOCTYPE is the only way to declare entities (XXE, "billion laughs"): refused unread. */
export function checkNoDoctype(xml: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new ClientFault('DTDs and entity declarations are not allowed in SOAP requests.');
  }
}

/**
 * Parses a SOAP request or throws a `soap:Client` fault saying what is wrong with it. Callers
 * check the token and the request's shape first (scan-soap-envelope.ts, soap-limits.ts): the
 * validator and the parser are each a full pass at about 250 ms per MB.
 */
export function parseSoapXml(xml: string): XmlNode {
  if (xml.length > SOAP_BODY_LIMIT_BYTES) throw new ClientFault('The request is larger than 5 MB.');
  checkNoDoctype(xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new ClientFault(`The request is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`);
  }
  try {
    return parser.parse(xml) as XmlNode;
  } catch (err) {
    if (err instanceof Error && /nested tags/i.test(err.message)) {
      throw new ClientFault(`The request nests elements more than ${MAX_XML_DEPTH} deep.`);
    }
    throw new ClientFault('The request is not well-formed XML.');
  }
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five predefined entities and character references; any other reference stays as it is. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

/** The text content of an element (string, or `#text` beside attributes), entities decoded. */
export function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return decodeEntities(node);
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (node && typeof node === 'object' && '#text' in node) return textOf((node as XmlNode)['#text']);
  if (
    node === '' ||
    (node && typeof node === 'object' && Object.keys(node).every((k) => k.startsWith('@_')))
  ) {
    return '';
  }
  return undefined;
}

/** A child element, or undefined. */
export function child(node: unknown, name: string): unknown {
  return node && typeof node === 'object' ? (node as XmlNode)[name] : undefined;
}

/** A repeating child element as an array (empty when absent). */
export function children(node: unknown, name: string): unknown[] {
  const value = child(node, name);
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The `xsi:type` of an element, without a namespace prefix. */
export function xsiTypeOf(node: unknown): string | undefined {
  const type = child(node, '@_type');
  return typeof type === 'string' ? type.replace(/^.*:/, '') : undefined;
}
