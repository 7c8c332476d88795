import { child, children, textOf } from './parse-soap-xml.js';

/** A Retrieve the caller got wrong: reported as `OverallStatus` "Error: …", not as a fault. */
export class RetrieveError extends Error {}

/**
 * A SOAP `Filter` as Packgate's `$filter` text (`Col eq 'v' and …`), so REST and SOAP share one
 * filter implementation: `SimpleFilterPart` with `equals`, and `ComplexFilterPart` with `AND`.
 */
export function filterToText(filter: unknown): string {
  if (filter === undefined) return '';
  const left = child(filter, 'LeftOperand');
  if (left !== undefined) {
    const operator = textOf(child(filter, 'LogicalOperator'))?.toUpperCase();
    if (operator !== 'AND') throw new RetrieveError('Only the AND logical operator is supported in filters.');
    const right = child(filter, 'RightOperand');
    if (right === undefined)
      throw new RetrieveError('A ComplexFilterPart needs LeftOperand and RightOperand.');
    return `${filterToText(left)} and ${filterToText(right)}`;
  }
  // `Property` is a repeating element elsewhere (DataExtensionObject), so it parses as a list.
  const property = textOf(children(filter, 'Property')[0]);
  const operator = textOf(child(filter, 'SimpleOperator'));
  const value = textOf(child(filter, 'Value'));
  if (!property || value === undefined)
    throw new RetrieveError('A SimpleFilterPart needs Property and Value.');
  if (operator !== 'equals') throw new RetrieveError('Only the equals operator is supported in filters.');
  if (!/^[A-Za-z_][A-Za-z0-9_ -]{0,127}$/.test(property))
    throw new RetrieveError(`Invalid property name "${property}".`);
  return `[${property}] eq '${value.replace(/'/g, "''")}'`;
}
