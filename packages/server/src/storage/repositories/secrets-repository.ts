import type { Kysely, Selectable } from 'kysely';
import type { ClientSecretRecord, NewClientSecret, SecretOrigin, SecretState } from '../records.js';
import type { ClientSecretsTable, Database } from '../schema.js';

const nullableNumber = (v: number | string | null) => (v === null ? null : Number(v));

const toSecret = (r: Selectable<ClientSecretsTable>): ClientSecretRecord => ({
  id: r.id,
  clientId: r.client_id,
  secretHash: r.secret_hash,
  state: r.state as SecretState,
  createdAt: Number(r.created_at),
  usableAt: Number(r.usable_at),
  expiresAt: Number(r.expires_at),
  ordinal: Number(r.ordinal),
  description: r.description,
  origin: r.origin as SecretOrigin,
  activatedAt: nullableNumber(r.activated_at),
  graceEndsAt: nullableNumber(r.grace_ends_at),
  revokedAt: nullableNumber(r.revoked_at),
});

/** A current secret with the package and tenant it belongs to (expiry reports). */
export interface OwnedSecret {
  readonly tenant: string;
  readonly tenantId: string;
  readonly packageId: string;
  readonly packageName: string;
  readonly clientId: string;
  readonly secretId: string;
  readonly state: SecretState;
  readonly expiresAt: number;
}

/** Client secrets, stored as SHA-256 only. */
export function secretsRepository(db: Kysely<Database>) {
  return {
    /** Inserts the secret with the client's next ordinal; returns the stored record. */
    async insertSecret(s: NewClientSecret): Promise<ClientSecretRecord> {
      const last = await db
        .selectFrom('client_secrets')
        .select((eb) => eb.fn.max('ordinal').as('ordinal'))
        .where('client_id', '=', s.clientId)
        .executeTakeFirst();
      const ordinal = last?.ordinal === null || last?.ordinal === undefined ? 0 : Number(last.ordinal) + 1;
      const record: ClientSecretRecord = {
        ...s,
        ordinal,
        description: s.description ?? '',
        origin: s.origin ?? 'integration',
        activatedAt: s.activatedAt ?? (s.state === 'active' ? s.createdAt : null),
        graceEndsAt: null,
        revokedAt: null,
      };
      await db
        .insertInto('client_secrets')
        .values({
          id: record.id,
          client_id: record.clientId,
          secret_hash: record.secretHash,
          state: record.state,
          created_at: record.createdAt,
          usable_at: record.usableAt,
          expires_at: record.expiresAt,
          ordinal: record.ordinal,
          description: record.description,
          origin: record.origin,
          activated_at: record.activatedAt,
        })
        .execute();
      return record;
    },
    /** Serializes rotations of one client (a row lock on PostgreSQL; SQLite writes one at a time). */
    async lockClient(clientId: string): Promise<void> {
      await db
        .updateTable('integrations')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('client_id', '=', clientId)
        .execute();
    },
    /** Oldest first (in the order they were generated). */
    async listSecrets(clientId: string): Promise<ClientSecretRecord[]> {
      const rows = await db
        .selectFrom('client_secrets')
        .selectAll()
        .where('client_id', '=', clientId)
        .orderBy('ordinal')
        .execute();
      return rows.map(toSecret);
    },
    /**
     * Active and staged secrets expiring before `before`, with their package and tenant (one
     * query, soonest first); `tenantId` narrows to one tenant.
     */
    async listSecretsExpiringBefore(before: number, tenantId?: string): Promise<OwnedSecret[]> {
      let q = db
        .selectFrom('client_secrets as s')
        .innerJoin('integrations as i', 'i.client_id', 's.client_id')
        .innerJoin('packages as p', 'p.id', 'i.package_id')
        .innerJoin('tenants as t', 't.id', 'i.tenant_id')
        .select([
          't.subdomain as tenant',
          't.id as tenantId',
          'p.id as packageId',
          'p.name as packageName',
          's.client_id as clientId',
          's.id as secretId',
          's.state as state',
          's.expires_at as expiresAt',
        ])
        .where('s.state', 'in', ['active', 'staged'])
        .where('s.expires_at', '<', before);
      if (tenantId !== undefined) q = q.where('i.tenant_id', '=', tenantId);
      const rows = await q.orderBy('s.expires_at').orderBy('s.id').execute();
      return rows.map((r) => ({ ...r, state: r.state as SecretState, expiresAt: Number(r.expiresAt) }));
    },
    async setSecretState(clientId: string, id: string, state: SecretState): Promise<void> {
      await db
        .updateTable('client_secrets')
        .set({ state })
        .where('client_id', '=', clientId)
        .where('id', '=', id)
        .execute();
    },
    /**
     * Moves one secret from `from` to `to` only if it is still in `from` (a conditional UPDATE:
     * of two concurrent activations exactly one sees true). `changes` are set with the state.
     */
    async transitionSecret(
      clientId: string,
      id: string,
      from: SecretState,
      to: SecretState,
      changes: {
        activatedAt?: number;
        usableAt?: number;
        revokedAt?: number;
        graceEndsAt?: number | null;
      } = {},
    ): Promise<boolean> {
      const result = await db
        .updateTable('client_secrets')
        .set({
          state: to,
          ...(changes.activatedAt !== undefined ? { activated_at: changes.activatedAt } : {}),
          ...(changes.usableAt !== undefined ? { usable_at: changes.usableAt } : {}),
          ...(changes.revokedAt !== undefined ? { revoked_at: changes.revokedAt } : {}),
          ...(changes.graceEndsAt !== undefined ? { grace_ends_at: changes.graceEndsAt } : {}),
        })
        .where('client_id', '=', clientId)
        .where('id', '=', id)
        .where('state', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /**
     * Retires every secret of the client in `from` state (e.g. the active one on activation),
     * except `exceptId`; with `graceEndsAt` they keep authenticating until then.
     */
    async retireSecrets(
      clientId: string,
      from: SecretState,
      options: { exceptId?: string; graceEndsAt?: number | null } = {},
    ): Promise<void> {
      let q = db
        .updateTable('client_secrets')
        .set({ state: 'retired', grace_ends_at: options.graceEndsAt ?? null })
        .where('client_id', '=', clientId)
        .where('state', '=', from);
      if (options.exceptId !== undefined) q = q.where('id', '!=', options.exceptId);
      await q.execute();
    },
    /** Per tenant subdomain, the earliest expiry of a secret not retired (for `/metrics`). */
    async earliestExpiryPerTenant(): Promise<Array<{ tenant: string; expiresAt: number }>> {
      const rows = await db
        .selectFrom('client_secrets')
        .innerJoin('integrations', 'integrations.client_id', 'client_secrets.client_id')
        .innerJoin('tenants', 'tenants.id', 'integrations.tenant_id')
        .where('client_secrets.state', '!=', 'retired')
        .groupBy('tenants.subdomain')
        .select(['tenants.subdomain as tenant', db.fn.min('client_secrets.expires_at').as('expiresAt')])
        .execute();
      return rows.map((r) => ({ tenant: r.tenant, expiresAt: Number(r.expiresAt) }));
    },
  };
}

export type SecretsRepository = ReturnType<typeof secretsRepository>;
