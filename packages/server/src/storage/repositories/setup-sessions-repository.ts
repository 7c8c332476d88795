import type { Kysely } from 'kysely';
import { StoreError } from '../../errors/config-error.js';
import type { Database } from '../schema.js';

/** Tables of migration 007 (the Setup UI); kept here so the shared schema file stays untouched. */
type SetupTables = {
  setup_links: { token_hash: string; created_at: number; expires_at: number; used_at: number | null };
  setup_sessions: {
    id_hash: string;
    tenant_id: string | null;
    user_id: number | null;
    created_at: number;
    last_seen_at: number;
    expires_at: number;
    ended_at: number | null;
  };
};

export interface SetupSession {
  readonly idHash: string;
  /** The tenant the session looks at (an operator may switch; a user's is fixed). */
  readonly tenantId: string | null;
  /** null: the operator (signed in with a one-time link). */
  readonly userId: number | null;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
}

const toSession = (r: SetupTables['setup_sessions']): SetupSession => ({
  idHash: r.id_hash,
  tenantId: r.tenant_id,
  userId: r.user_id === null ? null : Number(r.user_id),
  createdAt: Number(r.created_at),
  lastSeenAt: Number(r.last_seen_at),
  expiresAt: Number(r.expires_at),
});

/** One-time sign-in links and Setup sessions (stored as SHA-256 hex only). */
export function setupSessionsRepository(database: Kysely<Database>) {
  const db = database.withTables<SetupTables>();
  const repo = {
    async insertLink(link: { tokenHash: string; createdAt: number; expiresAt: number }): Promise<void> {
      await db
        .insertInto('setup_links')
        .values({
          token_hash: link.tokenHash,
          created_at: link.createdAt,
          expires_at: link.expiresAt,
          used_at: null,
        })
        .execute();
    },
    /** Marks a live, unused link used; true only for the one call that did (single use under races). */
    async consumeLink(tokenHash: string, now: number): Promise<boolean> {
      const result = await db
        .updateTable('setup_links')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async isLinkLive(tokenHash: string, now: number): Promise<boolean> {
      const r = await db
        .selectFrom('setup_links')
        .select('token_hash')
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return r !== undefined;
    },
    async insertSession(s: SetupSession): Promise<void> {
      await db
        .insertInto('setup_sessions')
        .values({
          id_hash: s.idHash,
          tenant_id: s.tenantId,
          user_id: s.userId,
          created_at: s.createdAt,
          last_seen_at: s.lastSeenAt,
          expires_at: s.expiresAt,
          ended_at: null,
        })
        .execute();
    },
    /** A session that was not ended, is within its lifetime and was seen after `idleSince`. */
    async findLiveSession(idHash: string, now: number, idleSince: number): Promise<SetupSession | undefined> {
      const r = await db
        .selectFrom('setup_sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', idleSince)
        .executeTakeFirst();
      return r && toSession(r);
    },
    async touchSession(idHash: string, now: number): Promise<void> {
      await db
        .updateTable('setup_sessions')
        .set({ last_seen_at: now })
        .where('id_hash', '=', idHash)
        .execute();
    },
    async setSessionTenant(idHash: string, tenantId: string): Promise<void> {
      await db
        .updateTable('setup_sessions')
        .set({ tenant_id: tenantId })
        .where('id_hash', '=', idHash)
        .execute();
    },
    async endSession(idHash: string, now: number): Promise<void> {
      await db.updateTable('setup_sessions').set({ ended_at: now }).where('id_hash', '=', idHash).execute();
    },
    /** Drops links and sessions that can no longer be used. */
    async purgeExpired(now: number): Promise<void> {
      await db.deleteFrom('setup_links').where('expires_at', '<=', now).execute();
      await db.deleteFrom('setup_sessions').where('expires_at', '<=', now).execute();
    },
  };
  // Like the store's own repositories: driver errors never leak, they become StoreErrors.
  for (const [name, fn] of Object.entries(repo)) {
    (repo as Record<string, unknown>)[name] = (...args: unknown[]) =>
      (fn as (...a: unknown[]) => Promise<unknown>)(...args).catch((err: unknown) => {
        throw err instanceof StoreError
          ? err
          : new StoreError(`store call setupSessions.${name} failed`, { cause: err });
      });
  }
  return repo;
}

export type SetupSessionsRepository = ReturnType<typeof setupSessionsRepository>;
