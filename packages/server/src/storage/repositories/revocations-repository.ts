import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface RevokedToken {
  readonly jti: string;
  readonly expiresAt: number;
  readonly revokedAt: number;
}

/** The deny list of access tokens revoked before their expiry. */
export function revocationsRepository(db: Kysely<Database>) {
  return {
    async insertRevocations(entries: readonly RevokedToken[]): Promise<void> {
      if (entries.length === 0) return;
      await db
        .insertInto('revoked_tokens')
        .values(entries.map((e) => ({ jti: e.jti, expires_at: e.expiresAt, revoked_at: e.revokedAt })))
        .onConflict((oc) => oc.column('jti').doNothing())
        .execute();
    },
    /** Revocations still relevant at `now`, revoked at or after `since`. */
    async listRevocations(since: number, now: number): Promise<RevokedToken[]> {
      const rows = await db
        .selectFrom('revoked_tokens')
        .selectAll()
        .where('revoked_at', '>=', since)
        .where('expires_at', '>', now)
        .execute();
      return rows.map((r) => ({
        jti: r.jti,
        expiresAt: Number(r.expires_at),
        revokedAt: Number(r.revoked_at),
      }));
    },
    async deleteExpiredRevocations(now: number): Promise<void> {
      await db.deleteFrom('revoked_tokens').where('expires_at', '<=', now).execute();
    },
  };
}

export type RevocationsRepository = ReturnType<typeof revocationsRepository>;

/**
 * A revoked secret (issue 14): every access token of `clientId` whose `jti` starts with `tag`
 * and whose `iat` (epoch ms) lies in [issuedFrom, issuedUntil] is revoked, until `expiresAt`.
 */
export interface RevokedSecret {
  readonly secretId: string;
  readonly clientId: string;
  readonly tag: string;
  readonly issuedFrom: number;
  readonly issuedUntil: number;
  readonly expiresAt: number;
  readonly revokedAt: number;
}

export function revokedSecretsRepository(db: Kysely<Database>) {
  return {
    async insertRevokedSecret(e: RevokedSecret): Promise<void> {
      await db
        .insertInto('revoked_secrets')
        .values({
          secret_id: e.secretId,
          client_id: e.clientId,
          tag: e.tag,
          issued_from: e.issuedFrom,
          issued_until: e.issuedUntil,
          expires_at: e.expiresAt,
          revoked_at: e.revokedAt,
        })
        .onConflict((oc) => oc.column('secret_id').doNothing())
        .execute();
    },
    async listRevokedSecrets(since: number, now: number): Promise<RevokedSecret[]> {
      const rows = await db
        .selectFrom('revoked_secrets')
        .selectAll()
        .where('revoked_at', '>=', since)
        .where('expires_at', '>', now)
        .execute();
      return rows.map((r) => ({
        secretId: r.secret_id,
        clientId: r.client_id,
        tag: r.tag,
        issuedFrom: Number(r.issued_from),
        issuedUntil: Number(r.issued_until),
        expiresAt: Number(r.expires_at),
        revokedAt: Number(r.revoked_at),
      }));
    },
  };
}
