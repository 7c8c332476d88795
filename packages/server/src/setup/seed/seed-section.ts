import type { Static, TSchema } from 'typebox';
import type { AppContext } from '../../app-context.js';
import type { Tenant } from '../../storage/records.js';
import type { Actor } from '../audit.js';

/** What applying a seed did: changed paths, and secrets generated because the file fixed none. */
export interface SeedReport {
  /** One line per change, e.g. `tenants[0].packages[1]: created`. Empty when nothing changed. */
  readonly changes: string[];
  /** Generated on this apply only (shown once, like the admin API's create answer). */
  readonly generatedSecrets: Array<{ path: string; clientId: string; clientSecret: string }>;
}

export interface SeedApply {
  readonly ctx: AppContext;
  readonly who: Actor;
  readonly now: number;
  readonly report: SeedReport;
}

/** Claims of unique keys across the whole file (client ids, MIDs, …): the second claim is an error. */
export interface SeedClaims {
  claim(kind: string, key: string | number, path: string): void;
}

/**
 * One section of a tenant in the seed file (`businessUnits`, `users`, …): its schema, pure
 * checks, how it is applied through the setup services, and how it is exported. Sections are
 * applied in the order of `sections/index.ts`.
 */
export interface TenantSection<S extends TSchema = TSchema> {
  readonly key: string;
  readonly schema: S;
  /** Pure checks the schema cannot express; throw SeedError. */
  check?(value: Static<S>, path: string, claims: SeedClaims): void;
  apply(seed: SeedApply, tenant: Tenant, value: Static<S>, path: string): Promise<void>;
  /** The section as it is now; undefined leaves it out of the export. */
  export(ctx: AppContext, tenant: Tenant, options: ExportOptions): Promise<Static<S> | undefined>;
}

export interface ExportOptions {
  /** `hashes`: client secrets as SHA-256, passwords as their scrypt hash; `omit`: neither. */
  readonly secrets: 'hashes' | 'omit';
}

/** Erases a section's own type so sections of different shapes share one list. */
export function defineTenantSection<S extends TSchema>(section: TenantSection<S>): TenantSection {
  return section as unknown as TenantSection;
}
