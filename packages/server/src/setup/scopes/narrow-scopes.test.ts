import { describe, expect, it } from 'vitest';
import { InvalidScope } from '../../errors/oauth-errors.js';
import {
  describeUnknownScopes,
  intersectScopes,
  narrowScopes,
  parseScopeParameter,
} from './narrow-scopes.js';
import { SCOPE_CATALOGUE, sortScopes } from './scope-catalogue.js';

const allowed = sortScopes(['data_extensions_write', 'email_read', 'data_extensions_read']);

describe('scope narrowing (PRODUCT.md §4)', () => {
  it('omitted → every integration scope in catalogue order', () => {
    expect(narrowScopes(undefined, allowed)).toEqual([
      'email_read',
      'data_extensions_read',
      'data_extensions_write',
    ]);
  });
  it('"" → no scopes', () => {
    expect(narrowScopes('', allowed)).toEqual([]);
  });
  it('a subset → that subset, catalogue order, duplicates and extra spaces ignored', () => {
    expect(narrowScopes('data_extensions_read  email_read email_read', allowed)).toEqual([
      'email_read',
      'data_extensions_read',
    ]);
  });
  it('a scope not on the integration → invalid_scope naming it', () => {
    expect(() => narrowScopes('email_send', allowed)).toThrow(InvalidScope);
    expect(() => narrowScopes('email_send', allowed)).toThrow(/email_send.*Add them/);
  });
  it('an unknown scope → invalid_scope saying so', () => {
    expect(() => narrowScopes('admin', allowed)).toThrow(/Unknown scope: admin/);
  });
  it('an unknown value that is not shaped like a scope id (a pasted secret, a blob) is not echoed', () => {
    const secret = `SFMC_${'A'.repeat(51)}0badc0de`;
    expect(() => narrowScopes(secret, allowed)).toThrow(
      'Unknown scope: 1 value that is not shown. Scopes are the ids listed in Installed Packages.',
    );
    expect(() => narrowScopes(`emial_read ${'x'.repeat(5000)} a.b`, allowed)).toThrow(
      'Unknown scope: emial_read and 2 values that are not shown. Scopes are the ids listed in Installed Packages.',
    );
    expect(describeUnknownScopes(['a1', 'a2', 'a3', 'a4', 'a5', 'a6'])).toBe(
      'a1 a2 a3 a4 a5 and 1 value that is not shown',
    );
  });
  it('intersection keeps catalogue order', () => {
    expect(intersectScopes(['sms_read', 'email_read', 'offline'], ['offline', 'email_read'])).toEqual([
      'email_read',
      'offline',
    ]);
  });
  it('parses a scope parameter by single spaces', () => {
    expect(parseScopeParameter(' a  b ')).toEqual(['a', 'b']);
  });
});

describe('scope catalogue (sfmc-auth.md §7.1)', () => {
  it('has unique ids, every documented group, and offline last', () => {
    const ids = SCOPE_CATALOGUE.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)).toBe('offline');
    expect(ids.indexOf('email_read')).toBe(0);
    for (const id of [
      'data_extensions_read',
      'journeys_aspr',
      'webhooks_write',
      'contact_bu_mapping_delete',
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(SCOPE_CATALOGUE.map((s) => s.group))).toEqual(
      new Set([
        'Channels',
        'Assets',
        'Automation',
        'Contacts',
        'Data',
        'Hub',
        'Provisioning',
        'Webhooks',
        'Event Notifications',
        'Other',
        'Offline access',
      ]),
    );
  });
});
