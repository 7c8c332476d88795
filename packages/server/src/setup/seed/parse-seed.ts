import { TENANT_SECTIONS } from './sections/index.js';
import { childPath, SeedError } from './seed-error.js';
import { SeedDocument, type SeedDocumentValue, seedValidator } from './seed-schema.js';
import type { SeedClaims } from './seed-section.js';

interface SchemaError {
  readonly keyword: string;
  readonly schemaPath: string;
  readonly instancePath: string;
  readonly params: Record<string, unknown>;
  readonly message: string;
}

/** `/tenants/0/packages/1/integration` → `tenants[0].packages[1].integration`. */
export function seedPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, part) => childPath(path, /^\d+$/.test(part) ? Number(part) : part), '');
}

/** The schema node a schemaPath (`#/properties/tenants/items`) points at. */
function schemaAt(schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = SeedDocument;
  for (const raw of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[part];
  }
  return node as Record<string, unknown> | undefined;
}

const list = (values: readonly unknown[]) =>
  values.length > 12
    ? `${values
        .slice(0, 12)
        .map((v) => JSON.stringify(v))
        .join(', ')}, … (${values.length} values)`
    : values.map((v) => JSON.stringify(v)).join(', ');

/** One line for the first problem the schema found (errors at one place are read together). */
export function describeSchemaErrors(errors: readonly SchemaError[]): SeedError {
  const useful = errors.filter((e) => e.keyword !== 'boolean');
  const first = useful[0];
  if (!first) return new SeedError('', 'the file does not match the seed schema.');
  const here = useful.filter((e) => e.instancePath === first.instancePath);
  const path = seedPath(first.instancePath);
  const more = new Set(useful.map((e) => e.instancePath)).size - 1;
  const tail = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '';
  const required = here.find((e) => e.keyword === 'required');
  if (required) {
    const names = (required.params.requiredProperties as string[] | undefined) ?? [];
    return new SeedError(childPath(path, names[0] ?? '?'), `required${tail}`);
  }
  const extra = here.find((e) => e.keyword === 'additionalProperties');
  if (extra) {
    const names = (extra.params.additionalProperties as string[] | undefined) ?? [];
    const allowed = Object.keys((schemaAt(extra.schemaPath)?.properties as object | undefined) ?? {});
    return new SeedError(
      childPath(path, names[0] ?? '?'),
      `unknown property (allowed: ${allowed.join(', ')})${tail}`,
    );
  }
  const consts = here.filter((e) => e.keyword === 'const').map((e) => e.params.allowedValue);
  if (consts.length > 1) return new SeedError(path, `must be one of ${list(consts)}${tail}`);
  const types = here.filter((e) => e.keyword === 'type').map((e) => String(e.params.type));
  if (types.length > 1) return new SeedError(path, `must be ${types.join(' or ')}${tail}`);
  const schema = schemaAt(first.schemaPath);
  const description = typeof schema?.description === 'string' ? ` — ${schema.description}` : '';
  switch (first.keyword) {
    case 'enum':
      return new SeedError(
        path,
        `must be one of ${list((first.params.allowedValues as unknown[]) ?? [])}${tail}`,
      );
    case 'const':
      return new SeedError(path, `must be ${JSON.stringify(first.params.allowedValue)}${tail}`);
    case 'pattern':
      return new SeedError(path, `must match ${String(first.params.pattern)}${description}${tail}`);
    default:
      return new SeedError(path, `${first.message}${description}${tail}`);
  }
}

/** Pure checks across the file: a client id, MID, username… claimed twice is an error. */
function checkClaims(doc: SeedDocumentValue): void {
  const seen = new Map<string, string>();
  const claims: SeedClaims = {
    claim(kind, key, path) {
      const id = `${kind}\u0000${key}`;
      const earlier = seen.get(id);
      if (earlier !== undefined)
        throw new SeedError(path, `${kind} ${JSON.stringify(key)} is already used at ${earlier}.`);
      seen.set(id, path);
    },
  };
  doc.tenants.forEach((tenant, i) => {
    const at = childPath('tenants', i);
    claims.claim('subdomain', tenant.subdomain, childPath(at, 'subdomain'));
    if (tenant.eid !== undefined)
      claims.claim('account number (EID or MID)', tenant.eid, childPath(at, 'eid'));
    for (const section of TENANT_SECTIONS) {
      const value = tenant[section.key];
      if (value !== undefined) section.check?.(value as never, childPath(at, section.key), claims);
    }
  });
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * Parses a seed file's text: JSON, the schema, then the checks the schema cannot express.
 * Throws {@link SeedError} naming the place in the file.
 */
export function parseSeed(text: string): SeedDocumentValue {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the text around the mistake, which may hold a secret: only the place.
    const position = /at position (\d+)/.exec((err as Error).message)?.[1];
    const where = position === undefined ? '' : ` at ${lineAndColumn(text, Number(position))}`;
    throw new SeedError('', `not valid JSON${where}; seed files are JSON (YAML is not supported).`);
  }
  if (!seedValidator.Check(value))
    throw describeSchemaErrors([...seedValidator.Errors(value)] as SchemaError[]);
  const doc = value as SeedDocumentValue;
  checkClaims(doc);
  return doc;
}
