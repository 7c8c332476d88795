import type { RefreshTokenRecord } from '../storage/user-records.js';
import { opaqueTokenHash } from './opaque-token.js';

/**
 * What makes two refresh requests with one token "the identical request" (the client and the
 * token are the same by construction): the requested `scope` (as a set) and `account_id` as
 * sent. Stored as SHA-256 hex with the rotated token; nothing of the request is kept in clear.
 */
export function rotationRequestHash(params: {
  readonly scope?: string;
  readonly account_id?: string;
}): string {
  const scopes = [...new Set((params.scope ?? '').split(' ').filter((s) => s !== ''))].sort();
  return opaqueTokenHash(JSON.stringify([scopes, params.account_id ?? null]));
}

/**
 * RFC 9700 §4.14.2 and PRODUCT.md §4: any second presentation of a refresh token is reuse and
 * revokes its family — sequential or concurrent, whoever wins the race. The one exception is
 * opt-in (`graceSeconds` > 0): the identical request, within `graceSeconds` of the rotation,
 * is taken for the client retrying and refused without revocation. A thief who copies the
 * request exactly is not detected within that window; hence the default 0.
 */
export function isRetryWithinGrace(
  record: Pick<RefreshTokenRecord, 'rotatedAt' | 'rotatedByRequest'>,
  requestHash: string,
  now: number,
  graceSeconds: number,
): boolean {
  if (graceSeconds <= 0 || record.rotatedAt === null || record.rotatedByRequest === null) return false;
  return record.rotatedByRequest === requestHash && now - record.rotatedAt < graceSeconds * 1000;
}
