import type { Kysely } from 'kysely';

/**
 * User context (issue 3): users with BU memberships and licences to web/public packages,
 * login sessions, authorization codes, refresh-token families, refresh tokens and the access
 * tokens issued from each family (so a code replay, a refresh-token reuse or a logout can
 * revoke them). Codes, refresh tokens and session ids are stored only as SHA-256 hex.
 */
export function usersMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', 'bigint', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('username', 'text', (c) => c.notNull())
        // Lower-cased username: unique per tenant, so "Ada" and "ada" cannot both exist.
        .addColumn('username_key', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('administer_packages', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('users_tenant_username', ['tenant_id', 'username_key'])
        .execute();
      await db.schema
        .createTable('user_memberships')
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('mid', 'bigint', (c) => c.notNull().references('business_units.mid').onDelete('cascade'))
        .addColumn('permissions', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_memberships_pk', ['user_id', 'mid'])
        .execute();
      await db.schema
        .createTable('package_licenses')
        .addColumn('client_id', 'text', (c) =>
          c.notNull().references('integrations.client_id').onDelete('cascade'),
        )
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('package_licenses_pk', ['client_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('login_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema.createIndex('login_sessions_user').on('login_sessions').column('user_id').execute();
      await db.schema
        .createTable('token_families')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('client_id', 'text', (c) =>
          c.notNull().references('integrations.client_id').onDelete('cascade'),
        )
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('session_hash', 'text')
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('offline', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('token_families_user')
        .on('token_families')
        .columns(['user_id', 'client_id'])
        .execute();
      await db.schema
        .createIndex('token_families_session')
        .on('token_families')
        .column('session_hash')
        .execute();
      await db.schema
        .createTable('authorization_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('family_id', 'text', (c) =>
          c.notNull().references('token_families.id').onDelete('cascade'),
        )
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'bigint', (c) => c.notNull())
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('code_challenge', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema
        .createTable('refresh_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('family_id', 'text', (c) =>
          c.notNull().references('token_families.id').onDelete('cascade'),
        )
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
      await db.schema
        .createTable('family_access_tokens')
        .addColumn('jti', 'text', (c) => c.primaryKey())
        .addColumn('family_id', 'text', (c) =>
          c.notNull().references('token_families.id').onDelete('cascade'),
        )
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('family_access_tokens_family')
        .on('family_access_tokens')
        .column('family_id')
        .execute();
    },
  };
}
