import { describe, expect, it } from 'vitest';
import { likePatternToRegExp, matchSoapFilter, type TypedValue } from './match-soap-filter.js';
import { child, parseSoapXml } from './parse-soap-xml.js';
import { FilterFault, isSoapFilter, parseDateValue, parseSoapFilter, RetrieveError } from './soap-filter.js';

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const parse = (xml: string) =>
  parseSoapFilter(child(parseSoapXml(`<R ${XSI}>${xml.replace('<Filter', '<Filter')}</R>`).R, 'Filter'));
const simple = (property: string, operator: string, values: string[] = [], tag = 'Value') =>
  `<Filter xsi:type="SimpleFilterPart"><Property>${property}</Property><SimpleOperator>${operator}</SimpleOperator>${values
    .map((v) => `<${tag}>${v}</${tag}>`)
    .join('')}</Filter>`;
const part = (xml: string, as: string) =>
  xml.replace(/^<Filter/, `<${as}`).replace(/<\/Filter>$/, `</${as}>`);

describe('parseSoapFilter', () => {
  it('reads every documented operator', () => {
    expect(parse(simple('Name', 'equals', ['a']))).toEqual({
      kind: 'simple',
      property: 'Name',
      operator: 'equals',
      values: ['a'],
      isDate: false,
    });
    expect(parse(simple('ContentType', 'IN', ['dataextension', 'shared_data', 'hidden']))).toMatchObject({
      operator: 'IN',
      values: ['dataextension', 'shared_data', 'hidden'],
    });
    expect(parse(simple('ID', 'between', ['1', '9']))).toMatchObject({
      operator: 'between',
      values: ['1', '9'],
    });
    // isNull and isNotNull ignore any value, as Marketing Cloud documents.
    expect(parse(simple('Description', 'isNull', ['x']))).toMatchObject({ operator: 'isNull', values: [] });
    for (const op of [
      'notEquals',
      'greaterThan',
      'lessThan',
      'greaterThanOrEqual',
      'lessThanOrEqual',
      'like',
    ]) {
      expect(parse(simple('Name', op, ['a']))).toMatchObject({ operator: op });
    }
    expect(parse(simple('ModifiedDate', 'greaterThan', ['2026-01-01T00:00:00Z'], 'DateValue'))).toMatchObject(
      {
        isDate: true,
        values: ['2026-01-01T00:00:00Z'],
      },
    );
  });

  it('reads ComplexFilterPart, nested, with AdditionalOperands', () => {
    const xml =
      `<Filter xsi:type="ComplexFilterPart">${part(simple('A', 'equals', ['1']), 'LeftOperand')}<LogicalOperator>OR</LogicalOperator>` +
      `<RightOperand xsi:type="ComplexFilterPart">${part(simple('B', 'equals', ['2']), 'LeftOperand')}<LogicalOperator>AND</LogicalOperator>${part(simple('C', 'isNull'), 'RightOperand')}</RightOperand>` +
      `<AdditionalOperands>${part(simple('D', 'like', ['x%']), 'Operand')}</AdditionalOperands></Filter>`;
    const filter = parse(xml);
    expect(filter).toMatchObject({
      kind: 'complex',
      operator: 'OR',
      operands: [
        { property: 'A' },
        { kind: 'complex', operator: 'AND' },
        { property: 'D', operator: 'like' },
      ],
    });
    expect(isSoapFilter(filter)).toBe(true);
  });

  it('refuses what Marketing Cloud refuses, with its words', () => {
    expect(() => parse(simple('Name', 'equal', ['a']))).toThrow(
      new FilterFault("Instance validation error: 'equal' is not a valid value for SimpleOperators."),
    );
    expect(() => parse(simple('Name', 'beginsWith', ['a']))).toThrow(RetrieveError);
    expect(() => parse(simple('Name', 'between', ['a']))).toThrow(
      'The between operator on Name requires two Values; got 1.',
    );
    expect(() => parse(simple('Name', 'IN'))).toThrow('The IN operator on Name requires at least one Value.');
    expect(() => parse(simple('Name', 'equals'))).toThrow('A SimpleFilterPart needs Property and Value.');
    expect(() => parse(simple('Name', 'equals', ['a', 'b']))).toThrow('takes one Value; got 2');
    expect(() => parse(simple('', 'equals', ['a']))).toThrow('A SimpleFilterPart needs a Property.');
    expect(() => parse(simple('D', 'equals', ['yesterday'], 'DateValue'))).toThrow('is not an xsd:dateTime');
    expect(() =>
      parse(
        `<Filter xsi:type="ComplexFilterPart">${part(simple('A', 'equals', ['1']), 'LeftOperand')}<LogicalOperator>XOR</LogicalOperator>${part(simple('A', 'equals', ['1']), 'RightOperand')}</Filter>`,
      ),
    ).toThrow(FilterFault);
  });

  it('checks a tree coming back from a caller node by node', () => {
    expect(isSoapFilter({ kind: 'simple', property: 'A', operator: 'drop', values: [], isDate: false })).toBe(
      false,
    );
    expect(isSoapFilter({ kind: 'complex', operator: 'AND', operands: [{}] })).toBe(false);
    expect(isSoapFilter({ kind: 'simple', property: 'A', operator: 'IN', values: [1], isDate: false })).toBe(
      false,
    );
  });

  it('reads xsd:dateTime with and without offset (none: Central Standard Time)', () => {
    expect(parseDateValue('2017-06-01T01:00:00.000-05:00')).toBe(Date.parse('2017-06-01T06:00:00Z'));
    expect(parseDateValue('2017-06-01T01:00:00')).toBe(Date.parse('2017-06-01T07:00:00Z'));
    expect(parseDateValue('2017-02-30')).toBeUndefined();
  });
});

describe('matchSoapFilter', () => {
  const folder: Record<string, TypedValue> = {
    name: { type: 'Text', value: 'Data Extensions' },
    id: { type: 'Number', value: 12 },
    iseditable: { type: 'Boolean', value: false },
    description: { type: 'Text', value: '' },
    createddate: { type: 'Date', value: Date.parse('2026-03-01T10:00:00Z') },
  };
  const of = (name: string) => folder[name.toLowerCase()];
  const m = (xml: string) => matchSoapFilter(parse(xml), of, 'DataFolder');

  it('evaluates each operator with SQL meaning', () => {
    expect(m(simple('Name', 'equals', ['data extensions']))).toBe(true);
    expect(m(simple('Name', 'notEquals', ['x']))).toBe(true);
    expect(m(simple('Description', 'notEquals', ['x']))).toBe(false);
    expect(m(simple('ID', 'IN', ['3', '12']))).toBe(true);
    expect(m(simple('ID', 'greaterThan', ['11']))).toBe(true);
    expect(m(simple('ID', 'lessThan', ['12']))).toBe(false);
    expect(m(simple('ID', 'greaterThanOrEqual', ['12']))).toBe(true);
    expect(m(simple('ID', 'lessThanOrEqual', ['11']))).toBe(false);
    expect(m(simple('ID', 'between', ['10', '12']))).toBe(true);
    expect(m(simple('Description', 'isNull'))).toBe(true);
    expect(m(simple('Name', 'isNotNull'))).toBe(true);
    expect(m(simple('Name', 'like', ['data%']))).toBe(true);
    expect(m(simple('Name', 'like', ['_ata ext%S']))).toBe(true);
    expect(m(simple('Name', 'like', ['data']))).toBe(false);
    expect(m(simple('IsEditable', 'equals', ['false']))).toBe(true);
    expect(m(simple('CreatedDate', 'greaterThan', ['2026-03-01T03:59:00'], 'DateValue'))).toBe(true);
    expect(m(simple('CreatedDate', 'lessThan', ['2026-03-01T10:00:00Z'], 'DateValue'))).toBe(false);
  });

  it('names an unknown property and a value of the wrong type', () => {
    expect(() => m(simple('Nope', 'equals', ['a']))).toThrow(
      'The Filter Property Nope does not match with the fields of DataFolder retrieve.',
    );
    expect(() => m(simple('ID', 'equals', ['twelve']))).toThrow('The value "twelve" for ID is not a number.');
  });

  it('LIKE escapes regular-expression characters and honours a backslash escape', () => {
    expect(likePatternToRegExp('a.c%').test('abc')).toBe(false);
    expect(likePatternToRegExp('100\\%').test('100%')).toBe(true);
    expect(likePatternToRegExp('100\\%').test('1000')).toBe(false);
  });
});
