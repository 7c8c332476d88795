import { describe, expect, it } from 'vitest';
import { readRequestId } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('readRequestId', () => {
  it("keeps a caller's bounded id", () => {
    expect(readRequestId('abc-123')).toBe('abc-123');
    expect(readRequestId('3f1c9a4e-0d7b-4b8e-9f1a-2c3d4e5f6a7b')).toBe(
      '3f1c9a4e-0d7b-4b8e-9f1a-2c3d4e5f6a7b',
    );
    expect(readRequestId('Root=1-5759e988-bd862e3fe1be46a994272793')).toBe(
      'Root=1-5759e988-bd862e3fe1be46a994272793',
    );
    expect(readRequestId('x'.repeat(128))).toBe('x'.repeat(128));
  });

  it('replaces a missing, repeated, over-long or odd id with a new UUID', () => {
    for (const header of [
      undefined,
      '',
      ['a', 'b'],
      'x'.repeat(129),
      'two words',
      'line\nbreak',
      '<script>',
      '"quoted"',
      'ünïcode',
    ]) {
      expect(readRequestId(header)).toMatch(UUID);
    }
    expect(readRequestId(undefined)).not.toBe(readRequestId(undefined));
  });
});
