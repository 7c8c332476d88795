import { describe, expect, it } from 'vitest';
import type { User } from '../../storage/user-records.js';
import { checkUserHoldsRequestedScope, grantUserScopes, resolveUserBusinessUnit } from './user-access.js';

const user = (units: Array<[number, string[]]>): User => ({
  id: 12345678,
  tenantId: 't',
  username: 'ada',
  email: null,
  administerPackages: false,
  businessUnits: units.map(([mid, permissions]) => ({ mid, permissions })),
  createdAt: 0,
  updatedAt: 0,
});

describe('user token scopes = requested ∩ integration ∩ user permissions', () => {
  it('intersects in catalogue order and keeps offline from the app', () => {
    const granted = grantUserScopes(['offline', 'email_read', 'data_extensions_read', 'email_send'], {
      mid: 1,
      permissions: ['data_extensions_read', 'email_read', 'journeys_read'],
    });
    expect(granted).toEqual(['email_read', 'data_extensions_read', 'offline']);
  });

  it('refuses a request for permissions the user holds none of', () => {
    expect(() => checkUserHoldsRequestedScope(['email_read', 'offline'], ['offline'])).toThrow(
      /none of the requested permissions/,
    );
    expect(() => checkUserHoldsRequestedScope(['email_read'], ['email_read'])).not.toThrow();
    // scope="" asks for nothing: an empty token is what was requested
    expect(() => checkUserHoldsRequestedScope([], [])).not.toThrow();
    expect(() => checkUserHoldsRequestedScope(['offline'], ['offline'])).not.toThrow();
  });
});

describe('business unit of a user token', () => {
  it('needs no choice for a user in one BU', () => {
    expect(resolveUserBusinessUnit(user([[7, []]]), undefined)).toEqual({
      kind: 'chosen',
      membership: { mid: 7, permissions: [] },
    });
  });

  it('asks a user in several BUs to choose, unless account_id picks one', () => {
    const u = user([
      [7, []],
      [8, ['email_read']],
    ]);
    expect(resolveUserBusinessUnit(u, undefined).kind).toBe('choose');
    expect(resolveUserBusinessUnit(u, 8)).toEqual({
      kind: 'chosen',
      membership: { mid: 8, permissions: ['email_read'] },
    });
  });

  it('refuses a BU the user is not a member of, and a user without BUs', () => {
    expect(() => resolveUserBusinessUnit(user([[7, []]]), 9)).toThrow(
      expect.objectContaining({
        error: 'access_denied',
        message: 'The user is not a member of business unit 9.',
      }),
    );
    expect(() => resolveUserBusinessUnit(user([]), undefined)).toThrow(/not a member of any/);
  });
});
