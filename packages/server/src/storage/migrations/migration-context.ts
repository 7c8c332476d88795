export type StoreDialect = 'sqlite' | 'postgres';

/** What a migration may know about where it runs (column types differ slightly by dialect). */
export interface MigrationContext {
  readonly dialect: StoreDialect;
}
