import { InvalidTssdError } from '../errors/configuration-errors.js';

const TSSD = /^[a-z0-9-]{28}$/;

/**
 * Whether a value is a valid Marketing Cloud tenant subdomain (`tssd`): exactly 28 characters of
 * `[a-z0-9-]` (compared case-insensitively).
 *
 * @example
 * ```ts
 * isTssd('mc563885gzs27c5t9-63k636ttgm'); // true
 * isTssd('evil.com/'); // false
 * ```
 */
export function isTssd(value: unknown): value is string {
  return typeof value === 'string' && TSSD.test(value.toLowerCase());
}

/**
 * Throws {@link InvalidTssdError} unless the value is a valid tenant subdomain; returns it lower-cased.
 * Call it before building any host from a `tssd` received in a callback or from user input.
 *
 * @example
 * ```ts
 * const tssd = checkTssd(callback.tssd);
 * ```
 */
export function checkTssd(value: unknown): string {
  if (!isTssd(value)) {
    throw new InvalidTssdError(
      'tssd must be exactly 28 characters of [a-z0-9-]; refusing to build a host from it',
    );
  }
  return value.toLowerCase();
}

/** The three Marketing Cloud base URIs of one tenant. */
export interface MarketingCloudBaseUris {
  /** `https://{tssd}.auth.marketingcloudapis.com/` */
  authBaseUri: string;
  /** `https://{tssd}.rest.marketingcloudapis.com/` */
  restBaseUri: string;
  /** `https://{tssd}.soap.marketingcloudapis.com/` */
  soapBaseUri: string;
}

/**
 * Builds a tenant's Marketing Cloud base URIs from a validated subdomain.
 *
 * @example
 * ```ts
 * marketingCloudBaseUris('mc563885gzs27c5t9-63k636ttgm').authBaseUri;
 * // 'https://mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com/'
 * ```
 */
export function marketingCloudBaseUris(tssd: string): MarketingCloudBaseUris {
  const sub = checkTssd(tssd);
  return {
    authBaseUri: `https://${sub}.auth.marketingcloudapis.com/`,
    restBaseUri: `https://${sub}.rest.marketingcloudapis.com/`,
    soapBaseUri: `https://${sub}.soap.marketingcloudapis.com/`,
  };
}
