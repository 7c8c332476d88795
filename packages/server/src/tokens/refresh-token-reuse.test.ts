import { describe, expect, it } from 'vitest';
import { isRetryWithinGrace, rotationRequestHash } from './refresh-token-reuse.js';

describe('refresh-token reuse: the identical request', () => {
  it('is the same scope set and account_id, whatever the order or spacing of scopes', () => {
    const base = rotationRequestHash({ scope: 'email_read offline', account_id: '7' });
    expect(rotationRequestHash({ scope: ' offline  email_read offline', account_id: '7' })).toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(rotationRequestHash({})).toBe(rotationRequestHash({ scope: '' }));
  });
  it('differs for another scope, another account_id or none', () => {
    const base = rotationRequestHash({ scope: 'email_read', account_id: '7' });
    expect(rotationRequestHash({ scope: 'email_read offline', account_id: '7' })).not.toBe(base);
    expect(rotationRequestHash({ scope: 'email_read', account_id: '8' })).not.toBe(base);
    expect(rotationRequestHash({ scope: 'email_read' })).not.toBe(base);
  });
});

describe('refresh-token reuse grace (default 0: every reuse revokes)', () => {
  const request = rotationRequestHash({ scope: 'email_read' });
  const rotated = { rotatedAt: 1_000_000, rotatedByRequest: request };

  it('never applies with 0 seconds, even for the identical request at the same instant', () => {
    expect(isRetryWithinGrace(rotated, request, 1_000_000, 0)).toBe(false);
  });
  it('applies to the identical request strictly within the window', () => {
    expect(isRetryWithinGrace(rotated, request, 1_000_000, 5)).toBe(true);
    expect(isRetryWithinGrace(rotated, request, 1_004_999, 5)).toBe(true);
    expect(isRetryWithinGrace(rotated, request, 1_005_000, 5)).toBe(false);
  });
  it('never applies to another request or to a token without a recorded rotation', () => {
    expect(isRetryWithinGrace(rotated, rotationRequestHash({ scope: 'offline' }), 1_000_001, 5)).toBe(false);
    expect(isRetryWithinGrace({ rotatedAt: null, rotatedByRequest: null }, request, 1_000_001, 5)).toBe(
      false,
    );
  });
});
