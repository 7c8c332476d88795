import type { Kysely, Selectable } from 'kysely';
import type { ClientSecretRecord, SecretState } from '../records.js';
import type { ClientSecretsTable, Database } from '../schema.js';

const toSecret = (r: Selectable<ClientSecretsTable>): ClientSecretRecord => ({
  id: r.id,
  clientId: r.client_id,
  secretHash: r.secret_hash,
  state: r.state as SecretState,
  createdAt: Number(r.created_at),
  usableAt: Number(r.usable_at),
  expiresAt: Number(r.expires_at),
});

/** Client secrets, stored as SHA-256 only. */
export function secretsRepository(db: Kysely<Database>) {
  return {
    async insertSecret(s: ClientSecretRecord): Promise<void> {
      await db
        .insertInto('client_secrets')
        .values({
          id: s.id,
          client_id: s.clientId,
          secret_hash: s.secretHash,
          state: s.state,
          created_at: s.createdAt,
          usable_at: s.usableAt,
          expires_at: s.expiresAt,
        })
        .execute();
    },
    async listSecrets(clientId: string): Promise<ClientSecretRecord[]> {
      const rows = await db
        .selectFrom('client_secrets')
        .selectAll()
        .where('client_id', '=', clientId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toSecret);
    },
    async setSecretState(clientId: string, id: string, state: SecretState): Promise<void> {
      await db
        .updateTable('client_secrets')
        .set({ state })
        .where('client_id', '=', clientId)
        .where('id', '=', id)
        .execute();
    },
    /** Retires every secret of the client in `from` state (e.g. the active one on activation). */
    async retireSecrets(clientId: string, from: SecretState): Promise<void> {
      await db
        .updateTable('client_secrets')
        .set({ state: 'retired' })
        .where('client_id', '=', clientId)
        .where('state', '=', from)
        .execute();
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
