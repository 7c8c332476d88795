import { describe, expect, it } from 'vitest';
import { InvalidRequest } from '../../errors/oauth-errors.js';
import { readClientCredentials } from './read-client-credentials.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('client authentication methods (RFC 6749 §2.3)', () => {
  it('reads body credentials', () => {
    expect(readClientCredentials({ client_id: 'a', client_secret: 'b' }, undefined)).toEqual({
      clientId: 'a',
      clientSecret: 'b',
      method: 'client_secret_post',
    });
  });
  it('reads HTTP Basic with form-encoded values', () => {
    expect(readClientCredentials({}, basic('a%3Ab', 's+c'))).toEqual({
      clientId: 'a:b',
      clientSecret: 's c',
      method: 'client_secret_basic',
    });
  });
  it('client_id alone is a public client (method none)', () => {
    expect(readClientCredentials({ client_id: 'a' }, undefined)?.method).toBe('none');
  });
  it('no credentials → undefined', () => {
    expect(readClientCredentials({}, undefined)).toBeUndefined();
    expect(readClientCredentials({}, 'Bearer abc')).toBeUndefined();
  });
  it('refuses two methods, mismatched ids, assertions and malformed Basic', () => {
    expect(() => readClientCredentials({ client_secret: 'b' }, basic('a', 'b'))).toThrow(InvalidRequest);
    expect(() => readClientCredentials({ client_id: 'x' }, basic('a', 'b'))).toThrow(/does not match/);
    expect(() => readClientCredentials({ client_assertion: 'x' }, undefined)).toThrow(/client_assertion/);
    expect(() => readClientCredentials({}, 'Basic bm9jb2xvbg==')).toThrow(/Malformed/); // "nocolon"
    expect(() => readClientCredentials({}, `Basic ${Buffer.from('a:%zz').toString('base64')}`)).toThrow(
      /Malformed/,
    );
    expect(() => readClientCredentials({ client_secret: 'b' }, undefined)).toThrow(/client_id/);
  });
});
