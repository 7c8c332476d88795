import type { Kysely, Selectable } from 'kysely';
import type { AuthorizationCodesTable, Database, TokenFamiliesTable } from '../schema.js';
import type {
  AuthorizationCode,
  LoginSession,
  RefreshTokenRecord,
  RefreshTokenRotation,
  RefreshTokenState,
  TokenFamily,
} from '../user-records.js';

const splitScopes = (s: string): string[] => (s === '' ? [] : s.split(' '));

const toFamily = (r: Selectable<TokenFamiliesTable>): TokenFamily => ({
  id: r.id,
  tenantId: r.tenant_id,
  clientId: r.client_id,
  userId: Number(r.user_id),
  sessionHash: r.session_hash,
  scopes: splitScopes(r.scopes),
  offline: r.offline === 1,
  createdAt: Number(r.created_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

const toCode = (r: Selectable<AuthorizationCodesTable>): AuthorizationCode => ({
  codeHash: r.code_hash,
  familyId: r.family_id,
  tenantId: r.tenant_id,
  clientId: r.client_id,
  userId: Number(r.user_id),
  mid: Number(r.mid),
  redirectUri: r.redirect_uri,
  scopes: splitScopes(r.scopes),
  codeChallenge: r.code_challenge,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  usedAt: r.used_at === null ? null : Number(r.used_at),
});

/**
 * Login sessions, authorization codes, refresh-token families, refresh tokens and the access
 * tokens issued per family. Every secret value arrives here already hashed (SHA-256 hex).
 * Single use is enforced by conditional UPDATEs: the row count says who won a race.
 */
export function userTokensRepository(db: Kysely<Database>) {
  return {
    async insertSession(s: LoginSession): Promise<void> {
      await db
        .insertInto('login_sessions')
        .values({
          id_hash: s.idHash,
          tenant_id: s.tenantId,
          user_id: s.userId,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
          ended_at: s.endedAt,
        })
        .execute();
    },
    /** A live session (not ended, not expired) of this tenant. */
    async findLiveSession(tenantId: string, idHash: string, now: number): Promise<LoginSession | undefined> {
      const r = await db
        .selectFrom('login_sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('tenant_id', '=', tenantId)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return (
        r && {
          idHash: r.id_hash,
          tenantId: r.tenant_id,
          userId: Number(r.user_id),
          createdAt: Number(r.created_at),
          expiresAt: Number(r.expires_at),
          endedAt: null,
        }
      );
    },
    async endSession(idHash: string, now: number): Promise<void> {
      await db
        .updateTable('login_sessions')
        .set({ ended_at: now })
        .where('id_hash', '=', idHash)
        .where('ended_at', 'is', null)
        .execute();
    },
    async endUserSessions(userId: number, now: number): Promise<void> {
      await db
        .updateTable('login_sessions')
        .set({ ended_at: now })
        .where('user_id', '=', userId)
        .where('ended_at', 'is', null)
        .execute();
    },

    async insertFamily(f: TokenFamily): Promise<void> {
      await db
        .insertInto('token_families')
        .values({
          id: f.id,
          tenant_id: f.tenantId,
          client_id: f.clientId,
          user_id: f.userId,
          session_hash: f.sessionHash,
          scopes: f.scopes.join(' '),
          offline: f.offline ? 1 : 0,
          created_at: f.createdAt,
          revoked_at: f.revokedAt,
        })
        .execute();
    },
    async findFamily(id: string): Promise<TokenFamily | undefined> {
      const r = await db.selectFrom('token_families').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toFamily(r);
    },
    /**
     * True when the family is live. Also takes the row lock (PostgreSQL) until the transaction
     * ends, so a concurrent revocation waits and then sees every access token this one records.
     */
    async lockLiveFamily(id: string): Promise<boolean> {
      const res = await db
        .updateTable('token_families')
        .set({ revoked_at: null })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    /** Ids of live families matching the filter (a user, optionally one client or one session). */
    async listLiveFamilyIds(filter: {
      userId?: number;
      clientId?: string;
      sessionHash?: string;
      onlineOnly?: boolean;
    }): Promise<string[]> {
      let q = db.selectFrom('token_families').select('id').where('revoked_at', 'is', null);
      if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
      if (filter.clientId !== undefined) q = q.where('client_id', '=', filter.clientId);
      if (filter.sessionHash !== undefined) q = q.where('session_hash', '=', filter.sessionHash);
      if (filter.onlineOnly) q = q.where('offline', '=', 0);
      return (await q.execute()).map((r) => r.id);
    },
    /**
     * Marks the families revoked, kills their live refresh tokens and returns the access
     * tokens issued from them (still unexpired at `now`) for the revocation list. A family
     * already revoked is skipped: the transaction that revoked it listed its access tokens, and
     * none can have been issued since (issuing needs the live family, see `lockLiveFamily`).
     */
    async revokeFamilies(
      familyIds: readonly string[],
      now: number,
    ): Promise<Array<{ jti: string; expiresAt: number }>> {
      if (familyIds.length === 0) return [];
      const revoked = await db
        .updateTable('token_families')
        .set({ revoked_at: now })
        .where('id', 'in', familyIds)
        .where('revoked_at', 'is', null)
        .returning('id')
        .execute();
      const ids = revoked.map((r) => r.id);
      if (ids.length === 0) return [];
      await db
        .updateTable('refresh_tokens')
        .set({ state: 'revoked' })
        .where('family_id', 'in', ids)
        .where('state', '=', 'active')
        .execute();
      const rows = await db
        .selectFrom('family_access_tokens')
        .select(['jti', 'expires_at'])
        .where('family_id', 'in', ids)
        .where('expires_at', '>', now)
        .execute();
      return rows.map((r) => ({ jti: r.jti, expiresAt: Number(r.expires_at) }));
    },

    async insertCode(c: AuthorizationCode): Promise<void> {
      await db
        .insertInto('authorization_codes')
        .values({
          code_hash: c.codeHash,
          family_id: c.familyId,
          tenant_id: c.tenantId,
          client_id: c.clientId,
          user_id: c.userId,
          mid: c.mid,
          redirect_uri: c.redirectUri,
          scopes: c.scopes.join(' '),
          code_challenge: c.codeChallenge,
          created_at: c.createdAt,
          expires_at: c.expiresAt,
          used_at: c.usedAt,
        })
        .execute();
    },
    async findCode(codeHash: string): Promise<AuthorizationCode | undefined> {
      const r = await db
        .selectFrom('authorization_codes')
        .selectAll()
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      return r && toCode(r);
    },
    /** Marks the code used; false when another request used it first. */
    async consumeCode(codeHash: string, now: number): Promise<boolean> {
      const res = await db
        .updateTable('authorization_codes')
        .set({ used_at: now })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async insertRefreshToken(t: Omit<RefreshTokenRecord, 'rotatedAt' | 'rotatedByRequest'>): Promise<void> {
      await db
        .insertInto('refresh_tokens')
        .values({
          token_hash: t.tokenHash,
          family_id: t.familyId,
          mid: t.mid,
          state: t.state,
          created_at: t.createdAt,
          expires_at: t.expiresAt,
        })
        .execute();
    },
    async findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
      const r = await db
        .selectFrom('refresh_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return (
        r && {
          tokenHash: r.token_hash,
          familyId: r.family_id,
          mid: Number(r.mid),
          state: r.state as RefreshTokenState,
          createdAt: Number(r.created_at),
          expiresAt: Number(r.expires_at),
          rotatedAt: r.rotated_at === null ? null : Number(r.rotated_at),
          rotatedByRequest: r.rotated_by_request,
        }
      );
    },
    /**
     * active → rotated, recording when and by which request; false when the token was not
     * active any more (another request rotated it first, or it was revoked). On PostgreSQL the
     * UPDATE waits for a concurrent rotation of the same row to commit, so a `false` means the
     * winner's tokens are already stored and a revocation of the family will include them.
     */
    async rotateRefreshToken(tokenHash: string, rotation: RefreshTokenRotation): Promise<boolean> {
      const res = await db
        .updateTable('refresh_tokens')
        .set({
          state: 'rotated',
          rotated_at: rotation.rotatedAt,
          rotated_by_request: rotation.requestHash,
        })
        .where('token_hash', '=', tokenHash)
        .where('state', '=', 'active')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async recordAccessToken(familyId: string, jti: string, expiresAt: number): Promise<void> {
      await db
        .insertInto('family_access_tokens')
        .values({ jti, family_id: familyId, expires_at: expiresAt })
        .execute();
    },

    /**
     * Deletes what can no longer be used: refresh tokens and access-token records past their
     * expiry, sessions that expired or ended, codes `codeRetentionMs` after their expiry (a
     * replay until then still revokes what the code issued) and, last, families left with
     * nothing in them. Idempotent; every instance may run it.
     */
    async purgeExpired(now: number, codeRetentionMs: number): Promise<void> {
      await db
        .deleteFrom('authorization_codes')
        .where('expires_at', '<=', now - codeRetentionMs)
        .execute();
      await db.deleteFrom('refresh_tokens').where('expires_at', '<=', now).execute();
      await db.deleteFrom('family_access_tokens').where('expires_at', '<=', now).execute();
      await db
        .deleteFrom('login_sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('ended_at', 'is not', null)]))
        .execute();
      await db
        .deleteFrom('token_families')
        .where('created_at', '<=', now - codeRetentionMs)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('refresh_tokens')
                .select('refresh_tokens.family_id')
                .whereRef('refresh_tokens.family_id', '=', 'token_families.id'),
            ),
          ),
        )
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('family_access_tokens')
                .select('family_access_tokens.family_id')
                .whereRef('family_access_tokens.family_id', '=', 'token_families.id'),
            ),
          ),
        )
        // Last: the other two are indexed by family and leave few candidates for this one.
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('authorization_codes')
                .select('authorization_codes.family_id')
                .whereRef('authorization_codes.family_id', '=', 'token_families.id'),
            ),
          ),
        )
        .execute();
    },
  };
}

export type UserTokensRepository = ReturnType<typeof userTokensRepository>;
