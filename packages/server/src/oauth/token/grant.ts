import type { CachedSecret, ClientEntry, TenantEntry } from '../../setup/directory/client-directory.js';
import type { ClientAuthMethod } from '../client-auth/read-client-credentials.js';
import type { OAuthParameters } from '../parse-parameters.js';
import type { TokenResponse } from './token-response.js';

/** What every grant receives: the parsed request and the authenticated client. */
export interface GrantRequest {
  readonly params: OAuthParameters;
  readonly client: ClientEntry;
  readonly authMethod: ClientAuthMethod;
  /** The secret that authenticated the client (none for public apps). */
  readonly secret?: CachedSecret | undefined;
  readonly tenant: TenantEntry;
  /** Epoch milliseconds from the app's clock. */
  readonly now: number;
}

/** One grant type (RFC 6749 §4): turns an authenticated request into a token response. */
export type GrantHandler = (request: GrantRequest) => TokenResponse | Promise<TokenResponse>;
