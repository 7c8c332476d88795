import { describe, expect, it } from 'vitest';
import { narrowGrantedScopes } from './narrow-granted-scopes.js';

describe('scope on refresh and code exchange may only narrow', () => {
  const granted = ['email_read', 'data_extensions_read', 'offline'];

  it('keeps the original grant when omitted and narrows to a subset', () => {
    expect(narrowGrantedScopes(undefined, granted)).toEqual(granted);
    expect(narrowGrantedScopes('offline  email_read', granted)).toEqual(['email_read', 'offline']);
    expect(narrowGrantedScopes('', granted)).toEqual([]);
  });

  it('refuses a wider scope with invalid_scope naming it', () => {
    expect(() => narrowGrantedScopes('email_read email_send', granted)).toThrow(
      expect.objectContaining({
        error: 'invalid_scope',
        message:
          'The requested scope exceeds the scope originally granted: email_send. Run the authorization again to ask for more.',
      }),
    );
  });
});
