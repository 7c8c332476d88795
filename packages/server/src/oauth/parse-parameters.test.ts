import { describe, expect, it } from 'vitest';
import { InvalidRequest } from '../errors/oauth-errors.js';
import { parseFormParameters, parseJsonBody, toOAuthParameters } from './parse-parameters.js';

function refusal(fn: () => unknown): InvalidRequest {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidRequest) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('request parameters are never repeated (RFC 6749 §3.1)', () => {
  it('a repeated form parameter is refused, naming it', () => {
    const err = refusal(() => parseFormParameters('client_id=a&grant_type=x&client_id=b'));
    expect(err.description).toBe('The parameter "client_id" is included more than once.');
  });

  it.each([
    '{"client_id":"a","client_id":"b"}',
    '{"client_id" : "a", "grant_type":"x", "client_id" : "a"}',
    '{"scope":"say \\":\\" twice","client_id":"a","client_\\u0069d":"b"}',
    '{"nested":{"x":1},"client_id":"a","client_id":"a"}',
  ])('a repeated JSON member is refused, naming it: %s', (body) => {
    expect(refusal(() => parseJsonBody(body)).description).toBe(
      'The parameter "client_id" is included more than once.',
    );
  });

  it.each([
    ['{"grant_type":"client_credentials","client_id":"a","client_secret":"b"}', 3],
    ['{ "scope" : "a \\":\\" b", "client_id":"a" }', 2],
    ['{"a":{"client_id":"x"},"client_id":"y"}', 2],
    ['{"a":["\\"client_id\\":", "client_id"],"client_id":"y"}', 2],
  ])('members that only look repeated are accepted: %s', (body, members) => {
    expect(Object.keys(parseJsonBody(body) as object)).toHaveLength(members);
  });

  it('malformed JSON and wrong types stay invalid_request', () => {
    expect(refusal(() => parseJsonBody('{"a":')).description).toBe('The request body is not valid JSON.');
    expect(refusal(() => toOAuthParameters({ scope: ['x'] })).description).toBe(
      'The parameter "scope" must be a string.',
    );
  });
});
