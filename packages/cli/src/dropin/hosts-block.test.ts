import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BEGIN_MARKER,
  END_MARKER,
  hasDropinBlock,
  hostsLines,
  withDropinBlock,
  withoutDropinBlock,
} from './hosts-block.js';

const HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n';
const LINES = hostsLines('127.0.0.1', 'marketingcloudapis.com', ['mc563885gzs27c5t9-63k636ttgm']);

describe('hosts-file block of `packgate dropin` (issue 10 part 2)', () => {
  it('one line per tenant with its three host names', () => {
    expect(LINES).toEqual([
      '127.0.0.1 mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com mc563885gzs27c5t9-63k636ttgm.rest.marketingcloudapis.com mc563885gzs27c5t9-63k636ttgm.soap.marketingcloudapis.com',
    ]);
  });

  it('the block sits between the markers at the end; removing it restores the file byte for byte', () => {
    const applied = withDropinBlock(HOSTS, LINES);
    expect(applied.startsWith(HOSTS)).toBe(true);
    expect(applied).toContain(`\n${BEGIN_MARKER}`);
    expect(applied.endsWith(`${LINES[0]}\n${END_MARKER}\n`)).toBe(true);
    expect(hasDropinBlock(applied)).toBe(true);
    expect(withoutDropinBlock(applied)).toBe(HOSTS);
    // A last line without a newline stays a line of its own, and comes back as it was.
    const noNewline = '127.0.0.1 localhost';
    expect(withDropinBlock(noNewline, LINES).split('\n')[0]).toBe(noNewline);
    expect(withoutDropinBlock(withDropinBlock(noNewline, LINES))).toBe(noNewline);
  });

  it('applying again replaces the block (never two); text without a block is left alone', () => {
    const once = withDropinBlock(HOSTS, LINES);
    const other = hostsLines('10.0.0.5', 'example.test', ['mca', 'mcb']);
    const twice = withDropinBlock(once, other);
    expect(twice.split(BEGIN_MARKER).length).toBe(2);
    expect(twice).toContain('10.0.0.5 mcb.auth.example.test');
    expect(twice).not.toContain(LINES[0]);
    expect(withoutDropinBlock(twice)).toBe(HOSTS);
    expect(withoutDropinBlock(HOSTS)).toBe(HOSTS);
  });

  it('lines the user added after the block survive its removal', () => {
    const applied = `${withDropinBlock(HOSTS, LINES)}10.1.1.1 mine\n`;
    expect(withoutDropinBlock(applied)).toBe(`${HOSTS}10.1.1.1 mine\n`);
  });

  it('a begin marker without its end marker is refused, not guessed at', () => {
    const broken = `${HOSTS}\n${BEGIN_MARKER}\n127.0.0.1 x.auth.example.test\n`;
    expect(() => withoutDropinBlock(broken)).toThrow(`"${BEGIN_MARKER}" without "${END_MARKER}"`);
  });

  it('property: for any hosts text without markers, remove(apply(text)) === text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\n', '\r', '#', '1', '.', 'é') }),
        fc.array(fc.stringMatching(/^[a-z0-9]{1,10}$/), { maxLength: 4 }),
        (text, subs) => {
          const lines = hostsLines('127.0.0.1', 'example.test', subs);
          const applied = withDropinBlock(text, lines);
          expect(withoutDropinBlock(applied)).toBe(text);
          expect(withoutDropinBlock(withDropinBlock(applied, lines))).toBe(text);
        },
      ),
    );
  });
});
