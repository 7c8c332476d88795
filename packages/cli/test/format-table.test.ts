import { describe, expect, it } from 'vitest';
import { displayWidth } from '../src/output/display-width.js';
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

  it('aligns by display width: CJK and emoji take two columns, combining marks none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('注文同期')).toBe(8);
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('👩‍💻')).toBe(2); // one ZWJ sequence, one glyph
    expect(displayWidth('Café')).toBe(4);
    expect(displayWidth('Cafe\u0301')).toBe(4); // e + combining acute
    expect(displayWidth('한국어')).toBe(6);
    expect(displayWidth('©')).toBe(1);
    const rows = [
      { name: '注文同期', id: 1 },
      { name: 'Orders 🚀', id: 2 },
      { name: 'Plain', id: 3 },
    ];
    const text = formatTable(
      [
        { header: 'name', cell: (r: (typeof rows)[number]) => r.name },
        { header: 'id', cell: (r) => r.id },
      ],
      rows,
    );
    const lines = text.trimEnd().split('\n');
    // The id column starts at the same terminal column on every line.
    const idColumn = (line: string) => displayWidth(line.slice(0, line.search(/\S+$/)));
    expect(new Set(lines.map(idColumn)).size).toBe(1);
    expect(lines[1]).toBe('注文同期   1');
    expect(lines[2]).toBe('Orders 🚀  2');
  });
});
