import type { BaseUris } from '../../setup/tenants/base-uris.js';

/** The success body of `v2/token`, in Marketing Cloud's field order (sfmc-auth.md §2.3). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  soap_instance_url: string;
  rest_instance_url: string;
  refresh_token?: string;
}

export function buildTokenResponse(input: {
  accessToken: string;
  expiresInSeconds: number;
  scopes: readonly string[];
  baseUris: BaseUris;
  refreshToken?: string;
}): TokenResponse {
  return {
    access_token: input.accessToken,
    token_type: 'Bearer',
    expires_in: input.expiresInSeconds,
    scope: input.scopes.join(' '),
    soap_instance_url: input.baseUris.soapBaseUri,
    rest_instance_url: input.baseUris.restBaseUri,
    ...(input.refreshToken === undefined ? {} : { refresh_token: input.refreshToken }),
  };
}
