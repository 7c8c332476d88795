import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { createContactsDe, tokenFor } from '../resources/resource-helpers.js';
import { BACKENDS } from '../support/backends.js';
import {
  expectSafeAnswer,
  FUZZ_TIMEOUT_MS,
  fuzzContentType,
  fuzzParameters,
  fuzzText,
  inject,
  type Sent,
} from './fuzz-support.js';

const NS = 'http://exacttarget.com/wsdl/partnerAPI';
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const COLUMNS = ['Id', 'Email', 'Age', 'Active', 'Phone'] as const;

const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/**
 * A text value as it can appear in an envelope: escaped, raw (breaking the markup), or as
 * character references — `&#0;` and `&#xD800;` are not XML characters, yet a parser may pass them.
 */
const xmlText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('Contacts', 'contacts', 'a', 'b', 'a@example.com', '42', 'true', ''),
  },
  { weight: 4, arbitrary: fuzzText.map(escapeXml) },
  { weight: 1, arbitrary: fuzzText },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '&#0;',
      '&#xD800;',
      '&#x1;',
      '&#65;',
      '&#x10FFFF;',
      '&#99999999;',
      '&bogus;',
      '&amp;#0;',
      ']]>',
      '<![CDATA[x]]>',
    ),
  },
);

const properties = (container: 'Properties' | 'Keys') =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...COLUMNS), xmlText), xmlText), { maxLength: 3 })
    .map((pairs) => {
      const tag = container === 'Keys' ? 'Key' : 'Property';
      return `<${container}>${pairs.map(([n, v]) => `<${tag}><Name>${n}</Name><Value>${v}</Value></${tag}>`).join('')}</${container}>`;
    });

const rowObject = fc
  .tuple(
    fc.oneof({ weight: 5, arbitrary: fc.constant('DataExtensionObject') }, { weight: 1, arbitrary: xmlText }),
    fc.oneof(
      xmlText.map((k) => `<CustomerKey>${k}</CustomerKey>`),
      xmlText.map((n) => `<Name>${n}</Name>`),
    ),
    fc.oneof(properties('Properties'), properties('Keys'), fc.constant('')),
    // Ids from a small set keep the stored rows, and each Retrieve, small.
    fc.constantFrom('a', 'b', 'c'),
  )
  .map(
    ([type, target, props, id]) =>
      `<Objects ${XSI} xsi:type="${type}">${target}<Properties><Property><Name>Id</Name><Value>${id}</Value></Property><Property><Name>Email</Name><Value>${id}@example.com</Value></Property></Properties>${props}</Objects>`,
  );

const definitionObject = fc
  .tuple(xmlText, xmlText, fc.array(fc.tuple(xmlText, xmlText, xmlText, xmlText), { maxLength: 3 }))
  .map(
    ([name, key, fields]) =>
      `<Objects ${XSI} xsi:type="DataExtension"><Name>${name}</Name><CustomerKey>${key}</CustomerKey><Description>${name}</Description><CategoryID>${key}</CategoryID><Fields>${fields
        .map(
          ([n, t, len, pk]) =>
            `<Field><Name>${n}</Name><FieldType>${t}</FieldType><MaxLength>${len}</MaxLength><IsPrimaryKey>${pk}</IsPrimaryKey></Field>`,
        )
        .join('')}</Fields></Objects>`,
  );

const folderObject = fc
  .tuple(
    fc.oneof(fc.constantFrom('1', '2', '0', '-1', '99999999999'), xmlText),
    xmlText,
    fc.oneof(fc.constantFrom('dataextension', 'hidden', 'asset'), xmlText),
    fc.oneof(fc.constantFrom('1', '2', '3'), xmlText),
  )
  .map(
    ([id, name, contentType, parent]) =>
      `<Objects ${XSI} xsi:type="DataFolder"><ID>${id}</ID><Name>${name}</Name><CustomerKey>${name}</CustomerKey><ContentType>${contentType}</ContentType><Description>${parent}</Description><ParentFolder><ID>${parent}</ID></ParentFolder><AllowChildren>true</AllowChildren></Objects>`,
  );

const saveOptions = fc.constantFrom(
  '',
  '<Options><SaveOptions><SaveOption><PropertyName>*</PropertyName><SaveAction>UpdateAdd</SaveAction></SaveOption></SaveOptions></Options>',
  `<Options>${'<SaveOptions/>'.repeat(3)}</Options>`,
);

const write = fc
  .tuple(
    fc.constantFrom('Create', 'Update', 'Delete'),
    saveOptions,
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: rowObject },
        { weight: 1, arbitrary: definitionObject },
        { weight: 1, arbitrary: folderObject },
      ),
      {
        minLength: 0,
        maxLength: 3,
      },
    ),
  )
  .map(([op, options, objects]) => ({
    action: op,
    body: `<${op}Request xmlns="${NS}">${options}${objects.join('')}</${op}Request>`,
  }));

/** A filter part's type and content; the caller names the element (Filter, LeftOperand, RightOperand). */
const filterPart: fc.Arbitrary<{ type: string; content: string }> = fc.letrec<{
  part: { type: string; content: string };
}>((tie) => ({
  part: fc.oneof(
    { depthSize: 'small' },
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(
            ...COLUMNS,
            'CustomerKey',
            'Name',
            'ContentType',
            'ID',
            'ParentFolder.ID',
            'Joined',
          ),
          xmlText,
        ),
        fc.oneof(
          fc.constantFrom(
            'equals',
            'notEquals',
            'greaterThan',
            'lessThan',
            'greaterThanOrEqual',
            'lessThanOrEqual',
            'isNull',
            'isNotNull',
            'IN',
            'between',
            'like',
            'beginsWith',
          ),
          xmlText,
        ),
        fc.array(
          fc.oneof(xmlText, fc.constantFrom('2026-01-01T00:00:00', '2026-02-30', '3', '-1.5', '%a%', '\\%')),
          { minLength: 0, maxLength: 3 },
        ),
        fc.constantFrom('Value', 'DateValue'),
      )
      .map(([p, op, values, tag]) => ({
        type: 'SimpleFilterPart',
        content: `<Property>${p}</Property><SimpleOperator>${op}</SimpleOperator>${values
          .map((v) => `<${tag}>${v}</${tag}>`)
          .join('')}`,
      })),
    fc
      .tuple(
        tie('part'),
        fc.constantFrom('AND', 'OR', 'XOR'),
        tie('part'),
        fc.array(tie('part'), { maxLength: 2 }),
      )
      .map(([l, op, r, more]) => ({
        type: 'ComplexFilterPart',
        content:
          `<LeftOperand xsi:type="${l.type}">${l.content}</LeftOperand>` +
          `<LogicalOperator>${op}</LogicalOperator><RightOperand xsi:type="${r.type}">${r.content}</RightOperand>` +
          (more.length > 0
            ? `<AdditionalOperands>${more.map((m) => `<Operand xsi:type="${m.type}">${m.content}</Operand>`).join('')}</AdditionalOperands>`
            : ''),
      })),
  ),
})).part;
const filter = filterPart.map(({ type, content }) => `<Filter ${XSI} xsi:type="${type}">${content}</Filter>`);

const retrieve = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(
        'DataExtensionObject[Contacts]',
        'DataExtension',
        'DataExtensionObject[]',
        'Subscriber',
        'DataFolder',
        'DataExtensionField',
        'DataExtensionTemplate',
        'BusinessUnit',
        'Account',
      ),
      xmlText.map((k) => `DataExtensionObject[${k}]`),
      xmlText,
    ),
    fc.array(
      fc.oneof(
        fc.constantFrom(...COLUMNS, 'Name', 'CustomerKey', 'ID', 'ContentType', 'ParentFolder.ID'),
        xmlText,
      ),
      { maxLength: 4 },
    ),
    fc.oneof(fc.constant(''), filter),
    fc.constantFrom(
      '',
      '<QueryAllAccounts>true</QueryAllAccounts>',
      '<QueryAllAccounts>x</QueryAllAccounts>',
    ),
    fc.oneof(
      { weight: 6, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: xmlText.map((id) => `<ContinueRequest>${id}</ContinueRequest>`) },
    ),
  )
  .map(([type, props, f, all, cont]) => ({
    action: 'Retrieve',
    body: `<RetrieveRequestMsg xmlns="${NS}"><RetrieveRequest>${cont}<ObjectType>${type}</ObjectType>${props
      .map((p) => `<Properties>${p}</Properties>`)
      .join('')}${f}${all}</RetrieveRequest></RetrieveRequestMsg>`,
  }));

const describeRequest = fc
  .array(
    fc.oneof(
      fc.constantFrom('DataFolder', 'DataExtension', 'DataExtensionObject[Contacts]', 'BusinessUnit', 'Nope'),
      xmlText,
    ),
    { maxLength: 3 },
  )
  .map((types) => ({
    action: 'Describe',
    body: `<DefinitionRequestMsg xmlns="${NS}"><DescribeRequests>${types
      .map((t) => `<ObjectDefinitionRequest><ObjectType>${t}</ObjectType></ObjectDefinitionRequest>`)
      .join('')}</DescribeRequests></DefinitionRequestMsg>`,
  }));

const envelope = (token: string, body: string, header = true) =>
  `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ${XSI}>` +
  (header
    ? `<soap:Header><fueloauth xmlns="http://exacttarget.com">${token}</fueloauth></soap:Header>`
    : '') +
  `<soap:Body>${body}</soap:Body></soap:Envelope>`;

/** A byte-level mutation of a valid envelope: a cut, a dropped or a doubled stretch. */
const mutate = (xml: string, at: number, length: number, how: number) => {
  const i = at % (xml.length + 1);
  if (how === 0) return xml.slice(0, i);
  if (how === 1) return xml.slice(0, i) + xml.slice(i + length);
  return xml.slice(0, i) + xml.slice(i, i + length).repeat(2) + xml.slice(i);
};

describe.each(BACKENDS)(
  'SOAP Service.asmx under random envelopes (no internal fault) on $name',
  (backend) => {
    let s: TestServer;
    let token: string;
    beforeAll(async () => {
      s = await startTestServer({ ...backend.serverOptions(), settings: { restRateLimitPerMinute: '0' } });
      token = await tokenFor(s);
      await createContactsDe(s, s.eid);
    });
    afterAll(async () => {
      await s?.close();
      await backend.cleanup();
    });

    it(
      '10 000 seeded envelopes (Retrieve of every object, Describe, Create/Update/Delete of rows, definitions and folders, every filter operator, mutated values, garbage, any content type): a response or a fault of the caller, never soap:Server',
      async () => {
        const request: fc.Arbitrary<Sent> = fc
          .tuple(
            fc.oneof(
              { weight: 3, arbitrary: retrieve },
              { weight: 3, arbitrary: write },
              { weight: 1, arbitrary: describeRequest },
            ),
            fc.oneof(
              { weight: 10, arbitrary: fc.constant('token') },
              { weight: 1, arbitrary: fc.constantFrom('none', 'garbage', 'header-less') },
            ),
            fc.oneof(
              { weight: 12, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.nat({ max: 2 })) },
            ),
            fc.oneof(
              { weight: 12, arbitrary: fc.constant('text/xml; charset=utf-8') },
              { weight: 1, arbitrary: fc.constantFrom('application/soap+xml', 'application/xml') },
              // Any content type, JSON included: the route reads XML only, anything else is soap:Client.
              { weight: 1, arbitrary: fuzzContentType },
            ),
            fc.oneof(
              { weight: 20, arbitrary: fc.constant(false) },
              { weight: 1, arbitrary: fc.constant(true) },
            ),
            fc.uint8Array({ maxLength: 64 }),
          )
          .map(([op, how, mutation, contentType, garbage, bytes]) => {
            const xml = envelope(
              how === 'garbage' ? 'not-a-token' : how === 'none' ? '' : token,
              op.body,
              how !== 'header-less',
            );
            const body = garbage ? Buffer.from(bytes) : mutation ? mutate(xml, ...mutation) : xml;
            return {
              method: 'POST',
              url: `/${s.subdomain}/soap/Service.asmx`,
              headers: { 'content-type': contentType, soapaction: op.action },
              body,
            };
          });

        const seen = new Set<string>();
        await fc.assert(
          fc.asyncProperty(request, async (sent) => {
            const res = await inject(s.server.app, sent);
            const context = `${typeof sent.body === 'string' ? sent.body : sent.body?.toString('hex')}\n→ ${res.status} ${res.text.slice(0, 600)}`;
            // A SOAP 1.1 fault travels with HTTP 500 (§6.2): allowed, but only the caller's fault.
            if (res.status === 500) {
              expect(res.text, context).toMatch(/<soap:Fault><faultcode[^>]*>[^<]+<\/faultcode>/);
              expect(res.text, context).not.toContain('>soap:Server</faultcode>');
              seen.add('client-fault');
            } else expectSafeAnswer(sent, res, [s.clientSecret, s.adminKey]);
            expect(res.text, context).not.toMatch(/\bat .+\.(ts|js):\d+/);
            expect(res.text.includes(s.clientSecret), context).toBe(false);
            expect(res.text, context).toContain('<soap:Envelope');
            if (res.status === 200) {
              expect(res.text, context).toMatch(
                /<(RetrieveResponseMsg|CreateResponse|UpdateResponse|DeleteResponse|DefinitionResponseMsg)\b/,
              );
              seen.add('response');
            }
          }),
          fuzzParameters(),
        );
        expect([...seen].sort()).toEqual(['client-fault', 'response']);
      },
      FUZZ_TIMEOUT_MS,
    );
  },
);
