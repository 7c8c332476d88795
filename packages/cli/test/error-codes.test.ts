import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorHints } from '@packgate/client';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('CLI error codes (STYLE.md: stable codes, catalogued)', () => {
  it('every code the CLI can print is listed in its README, and the README lists no other', () => {
    const inCode = new Set<string>();
    for (const file of sources(join(root, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/'(ERR_[A-Z_]+)'/g))
        inCode.add(match[1] as string);
    }
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Error codes'), readme.indexOf('## Code layout'));
    const inReadme = new Set([...table.matchAll(/`(ERR_[A-Z_]+)`/g)].map((m) => m[1] as string));
    // `token` and `doctor` print the SDK's own codes (one truth): the table may name any of them
    const fromSdk = (code: string) => code in errorHints;
    expect([...inCode].filter((c) => !inReadme.has(c)).sort()).toEqual([]);
    expect([...inReadme].filter((c) => !fromSdk(c) && !inCode.has(c)).sort()).toEqual([]);
    expect(inCode.size).toBeGreaterThan(20);
  });
});
