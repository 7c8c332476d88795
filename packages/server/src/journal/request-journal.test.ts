import { describe, expect, it } from 'vitest';
import { decodeClaims, RequestJournal, redactQuery } from './request-journal.js';

describe('request journal: what is kept', () => {
  it('redacts the values of secret-looking query parameters, keeps the rest', () => {
    expect(redactQuery('/mc/auth/v2/authorize?client_id=abc&code=xyz&state=s&scope=email_read')).toBe(
      '/mc/auth/v2/authorize?client_id=abc&code=***&state=***&scope=email_read',
    );
    expect(redactQuery('/x?access_token=t&client_secret=s&password=p&refresh_token=r&code_verifier=v')).toBe(
      '/x?access_token=***&client_secret=***&password=***&refresh_token=***&code_verifier=***',
    );
    expect(redactQuery('/x?client%5Fsecret=s&%E0=bad&flag')).toBe('/x?client%5Fsecret=***&%E0=***&flag');
    expect(redactQuery('/no/query')).toBe('/no/query');
    expect(redactQuery(`/${'a'.repeat(3000)}`)).toHaveLength(2001);
  });

  it('decodes a JWT payload segment; anything else has no claims', () => {
    const segment = Buffer.from(JSON.stringify({ client_id: 'c', mid: 1 })).toString('base64url');
    expect(decodeClaims(segment)).toEqual({ client_id: 'c', mid: 1 });
    expect(decodeClaims('not-json')).toBeUndefined();
    expect(decodeClaims(Buffer.from('[1]').toString('base64url'))).toBeUndefined();
  });

  it('keeps the newest entries per tenant, numbered, and clears one tenant', () => {
    let now = 1000;
    const journal = new RequestJournal(2, { now: () => now });
    const entry = (path: string) => ({ method: 'GET', host: 'h', path, status: 200, latencyMs: 1 });
    journal.record('t1', entry('/a'));
    now = 2000;
    journal.record('t1', entry('/b'));
    journal.record('t1', entry('/c'));
    journal.record('t2', entry('/z'));
    expect(journal.list('t1', { limit: 10 }).map((e) => [e.seq, e.path, e.at])).toEqual([
      [2, '/b', 2000],
      [3, '/c', 2000],
    ]);
    expect(journal.clear('t1')).toBe(2);
    expect(journal.list('t1', { limit: 10 })).toEqual([]);
    expect(journal.list('t2', { limit: 10 })).toHaveLength(1);
    expect(new RequestJournal(0, { now: () => 0 }).enabled).toBe(false);
  });
});
