/**
 * A seed file that cannot be applied: one line naming the place in the file
 * (`tenants[0].packages[1].integration.clientId: …`). Stops the boot (ERR_SEED_INVALID).
 */
export class SeedError extends Error {
  readonly code = 'ERR_SEED_INVALID';
  /** Where in the file, e.g. `tenants[0].users[2].password`; empty for the whole document. */
  readonly path: string;
  readonly problem: string;

  constructor(path: string, problem: string, options?: ErrorOptions) {
    super(path ? `${path}: ${problem}` : problem, options);
    this.name = 'SeedError';
    this.path = path;
    this.problem = problem;
  }
}

/** A {@link SeedError} in a named file: `seed file ./ci.seed.json: tenants[0].name: required`. */
export class SeedFileError extends Error {
  readonly code = 'ERR_SEED_INVALID';
  readonly file: string;
  readonly path: string;

  constructor(file: string, err: SeedError) {
    super(`seed file ${file}: ${err.message}`, { cause: err });
    this.name = 'SeedFileError';
    this.file = file;
    this.path = err.path;
  }
}

/** `tenants` + 0 → `tenants[0]`; `tenants[0]` + `name` → `tenants[0].name`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** A setup-service error (admin shape, Data Extension definition) re-thrown at a place in the file. */
export function seedErrorAt(path: string, err: unknown): unknown {
  if (err instanceof SeedError || !(err instanceof Error)) return err;
  const field = (err as { field?: unknown }).field;
  const known =
    err.name === 'InvalidDefinition' || err.name === 'DuplicateDataExtension' || 'statusCode' in err;
  if (!known || ('statusCode' in err && Number((err as { statusCode: unknown }).statusCode) >= 500))
    return err;
  const message = err.message;
  if (typeof field !== 'string') return new SeedError(path, message, { cause: err });
  const fieldPath = field
    .split('.')
    .reduce<string>((p, part) => childPath(p, /^\d+$/.test(part) ? Number(part) : part), path);
  const problem = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  return new SeedError(fieldPath, problem, { cause: err });
}

/** Runs one step of applying the file; a service's refusal becomes a SeedError at `path`. */
export async function atPath<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw seedErrorAt(path, err);
  }
}
