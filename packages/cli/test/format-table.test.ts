import { describe, expect, it } from 'vitest';
import { formatRecord, formatTable } from '../src/output/format-table.js';

describe('human output', () => {
  it('aligns table columns under upper-cased headers', () => {
    const rows = [
      { id: 1, name: 'Top', tags: ['a', 'b'] },
      { id: 22, name: 'A longer name', tags: [] },
    ];
    const text = formatTable(
      [
        { header: 'id', cell: (r: (typeof rows)[number]) => r.id },
        { header: 'name', cell: (r) => r.name },
        { header: 'tags', cell: (r) => r.tags },
      ],
      rows,
    );
    expect(text).toBe(
      ['ID  NAME           TAGS', '1   Top            a,b', '22  A longer name  -', ''].join('\n'),
    );
  });

  it('says (none) for an empty list and aligns records', () => {
    expect(formatTable([{ header: 'x', cell: () => 1 }], [])).toBe('(none)\n');
    expect(
      formatRecord([
        ['mid', 1],
        ['parent mid', null],
      ]),
    ).toBe('mid:        1\nparent mid: -\n');
  });
});
