import { ClientFault } from '../../errors/soap-faults.js';
import { decodeEntities } from './parse-soap-xml.js';
import { MAX_XML_ATTRIBUTES_PER_ELEMENT, SOAP_HEAD_LIMIT_CHARS } from './soap-limits.js';

/** What the token check needs from an envelope, read without parsing the rest of it. */
export interface SoapEnvelopeHead {
  /** The `fueloauth` header's text, trimmed, entities decoded; undefined when there is none. */
  readonly token: string | undefined;
  /** Local name of the Body's first element (`RetrieveRequestMsg`, …); undefined for an empty Body. */
  readonly operation: string | undefined;
}

interface StartTag {
  readonly localName: string;
  readonly selfClosing: boolean;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const localNameOf = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Reads the envelope's start up to the first element of the Body — prolog, `Envelope` (any
 * namespace prefix, or none), the optional `Header` with its `fueloauth`, `Body` — and never
 * looks past {@link SOAP_HEAD_LIMIT_CHARS}, so an unauthenticated request costs a few
 * microseconds whatever follows. Namespaces are ignored, as the parser ignores them
 * (`removeNSPrefix`). A DOCTYPE must have been refused before (it is not skipped here).
 */
export function scanSoapEnvelope(xml: string): SoapEnvelopeHead {
  let end = Math.min(xml.length, SOAP_HEAD_LIMIT_CHARS);
  // Sticky, so it matches exactly at the cursor; one per scan, as it carries lastIndex.
  const namePattern = /[A-Za-z_][\w.:-]{0,255}/y;
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;

  const truncated = (): never => {
    if (end < xml.length) {
      throw new ClientFault(
        `The SOAP Header and the start of the Body must come within the first ${SOAP_HEAD_LIMIT_CHARS} characters of the request.`,
      );
    }
    throw new ClientFault('The request is not well-formed XML: it ends inside the SOAP Envelope.');
  };
  const malformed = (what: string): never => {
    throw new ClientFault(`The request is not well-formed XML: ${what}.`);
  };
  const noEnvelope = (): never => {
    throw new ClientFault('The request has no SOAP Envelope and Body.');
  };
  const startsWith = (text: string) => xml.startsWith(text, i);
  /** Index of `text` at or after `from`, wholly inside the scanned window. */
  const find = (text: string, from: number) => {
    const at = xml.indexOf(text, from);
    return at === -1 || at + text.length > end ? truncated() : at;
  };
  const skipSpace = () => {
    while (i < end && isSpace(xml.charCodeAt(i))) i++;
    if (i >= end) truncated();
  };
  /** Whitespace, comments and processing instructions (the XML declaration among them). */
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (startsWith('<?')) i = find('?>', i + 2) + 2;
      else if (startsWith('<!--')) i = find('-->', i + 4) + 3;
      else return;
    }
  };
  const readName = (): string => {
    namePattern.lastIndex = i;
    const name = namePattern.exec(xml)?.[0];
    if (name === undefined) return malformed('a name was expected');
    i += name.length;
    if (i >= end) truncated();
    return name;
  };
  const readStartTag = (): StartTag => {
    i++; // '<'
    const localName = localNameOf(readName());
    let attributes = 0;
    for (;;) {
      skipSpace();
      const c = xml[i];
      if (c === '>') {
        i++;
        return { localName, selfClosing: false };
      }
      if (c === '/') {
        if (xml[i + 1] !== '>') malformed('"/" must end a tag');
        i += 2;
        return { localName, selfClosing: true };
      }
      if (++attributes > MAX_XML_ATTRIBUTES_PER_ELEMENT) {
        throw new ClientFault(
          `An element has more than ${MAX_XML_ATTRIBUTES_PER_ELEMENT} attributes, the limit per element.`,
        );
      }
      readName();
      skipSpace();
      if (xml[i] !== '=') malformed('an attribute needs a value');
      i++;
      skipSpace();
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") return malformed('an attribute value must be quoted');
      i = find(quote, i + 1) + 1;
    }
  };
  const readEndTag = (): void => {
    i += 2; // '</'
    readName();
    skipSpace();
    if (xml[i] !== '>') malformed('an end tag must end with ">"');
    i++;
  };
  /** The text of an element that holds only text and CDATA, up to its end tag. */
  const readText = (): string => {
    let text = '';
    for (;;) {
      const lt = find('<', i);
      text += decodeEntities(xml.slice(i, lt));
      i = lt;
      if (startsWith('<![CDATA[')) {
        const close = find(']]>', i + 9);
        text += xml.slice(i + 9, close);
        i = close + 3;
      } else if (startsWith('</')) return text;
      else throw new ClientFault('The fueloauth header must hold the access token as text.');
    }
  };
  /** The Header's content up to its end tag; the token is its direct `fueloauth` child. */
  const readHeader = (): string | undefined => {
    let depth = 0;
    let token: string | undefined;
    for (;;) {
      i = find('<', i);
      if (startsWith('<!--')) i = find('-->', i + 4) + 3;
      else if (startsWith('<![CDATA[')) i = find(']]>', i + 9) + 3;
      else if (startsWith('<?')) i = find('?>', i + 2) + 2;
      else if (startsWith('</')) {
        readEndTag();
        if (depth === 0) return token;
        depth--;
      } else {
        const tag = readStartTag();
        if (depth === 0 && tag.localName === 'fueloauth') {
          if (token !== undefined) {
            throw new ClientFault('The SOAP Header holds more than one fueloauth element.');
          }
          token = '';
          if (!tag.selfClosing) {
            token = readText().trim();
            readEndTag();
          }
        } else if (!tag.selfClosing) depth++;
      }
    }
  };

  /**
   * A Header after the Body (fuel-soap writes `<Envelope><Body>…</Body><Header>…</Header></Envelope>`;
   * Marketing Cloud accepts it): found from the end — the Envelope's end tag, the Header's end
   * tag before it, its start tag, and the Body's end tag just before that — with `lastIndexOf`
   * only, so the cost stays linear, and read within the last {@link SOAP_HEAD_LIMIT_CHARS}.
   */
  const trailingHeaderToken = (): string | undefined => {
    const close = xml.trimEnd();
    const envelopeEnd = close.lastIndexOf('</');
    if (envelopeEnd === -1 || localNameOf(close.slice(envelopeEnd + 2, -1).trim()) !== 'Envelope')
      return undefined;
    const before = close.slice(0, envelopeEnd).trimEnd();
    const headerEnd = before.lastIndexOf('</');
    if (headerEnd === -1 || !before.endsWith('>')) return undefined;
    const headerName = before.slice(headerEnd + 2, -1).trim();
    if (localNameOf(headerName) !== 'Header') return undefined;
    const headerStart = before.lastIndexOf(`<${headerName}`, headerEnd);
    if (headerStart === -1 || xml.length - headerStart > SOAP_HEAD_LIMIT_CHARS) return undefined;
    const prior = xml.slice(0, headerStart).trimEnd();
    const bodyEnd = prior.lastIndexOf('</');
    if (bodyEnd === -1 || !prior.endsWith('>') || localNameOf(prior.slice(bodyEnd + 2, -1).trim()) !== 'Body')
      return undefined;
    end = xml.length;
    i = headerStart;
    const tag = readStartTag();
    return tag.selfClosing ? undefined : readHeader();
  };

  skipMisc();
  if (xml[i] !== '<') malformed('it does not start with an element');
  const root = readStartTag();
  if (root.localName !== 'Envelope' || root.selfClosing) noEnvelope();
  skipMisc();
  if (startsWith('</')) noEnvelope();
  let next = readStartTag();
  let token: string | undefined;
  const hasLeadingHeader = next.localName === 'Header';
  if (hasLeadingHeader) {
    if (!next.selfClosing) token = readHeader();
    skipMisc();
    if (startsWith('</')) noEnvelope();
    next = readStartTag();
  }
  if (next.localName !== 'Body') noEnvelope();
  if (next.selfClosing)
    return { token: hasLeadingHeader ? token : trailingHeaderToken(), operation: undefined };
  // Text or comments before the operation are skipped; the parser decides what they mean.
  for (;;) {
    i = find('<', i);
    if (startsWith('<!--')) i = find('-->', i + 4) + 3;
    else if (startsWith('<![CDATA[')) i = find(']]>', i + 9) + 3;
    else if (startsWith('<?')) i = find('?>', i + 2) + 2;
    else break;
  }
  if (startsWith('</'))
    return { token: hasLeadingHeader ? token : trailingHeaderToken(), operation: undefined };
  i++;
  const operation = localNameOf(readName());
  return { token: hasLeadingHeader ? token : trailingHeaderToken(), operation };
}
