import type { Clock } from '../setup/directory/clock.js';

/**
 * The request journal (issue 10 part 7): what each tenant received, for tests that assert on
 * their integration's traffic ("one token request, not fifty"). A bounded ring per tenant, in
 * this instance's memory: recording is an array write, and nothing is kept that is a secret —
 * no body, no header value, no token (only its claims), query values of secret-looking names
 * replaced by `***` (see {@link redactQuery}).
 */
export interface JournalRecord {
  readonly method: string;
  readonly host: string | undefined;
  /** Path and query as received, secret query values redacted. */
  readonly path: string;
  /** HTTP status; 0 when a fault rule dropped the connection. */
  readonly status: number;
  readonly latencyMs: number;
  readonly clientId?: string | undefined;
  /** Token requests: the grant_type asked for. */
  readonly grant?: string | undefined;
  /** The claims of the access token presented (REST, SOAP) or issued (token endpoint). */
  readonly claims?: Readonly<Record<string, unknown>> | undefined;
  /** A JWT's payload segment, decoded only when the journal is read (keeps recording cheap). */
  readonly claimsSegment?: string | undefined;
  /** Ids of the fault rules that fired on the request. */
  readonly faults?: readonly string[] | undefined;
}

export interface JournalEntry extends Omit<JournalRecord, 'claimsSegment'> {
  /** Increasing per tenant: `after` in the API resumes from here (`journal tail --follow`). */
  readonly seq: number;
  /** Epoch milliseconds. */
  readonly at: number;
}

export interface JournalFilter {
  /** Only entries at or after this time (epoch ms). */
  readonly since?: number;
  /** Only entries with a higher `seq`. */
  readonly after?: number;
  /** Only entries whose path (without query) matches. */
  readonly path?: RegExp;
  readonly status?: number;
  readonly clientId?: string;
  /** The newest `limit` of the matching entries (oldest first). */
  readonly limit: number;
}

/** Query parameters whose values are never kept (codes, secrets, tokens, state, verifiers). */
const SECRET_NAME =
  /secret|password|passwd|token|code|assertion|verifier|key|signature|session|csrf|state|auth/i;
const MAX_PATH_CHARS = 2000;

/** `…?code=abc&state=x&scope=y` → `…?code=***&state=***&scope=y` (bounded in length). */
const bounded = (s: string) => (s.length > MAX_PATH_CHARS ? `${s.slice(0, MAX_PATH_CHARS)}…` : s);

export function redactQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return bounded(url);
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        return `${pair.slice(0, eq)}=***`;
      }
      return SECRET_NAME.test(name) ? `${pair.slice(0, eq)}=***` : pair;
    })
    .join('&');
  return bounded(`${url.slice(0, q)}?${query}`);
}

/** The claims of a JWT payload segment; undefined for anything else (opaque tokens). */
export function decodeClaims(segment: string): Record<string, unknown> | undefined {
  try {
    const claims = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return claims && typeof claims === 'object' && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

interface Stored extends JournalRecord {
  readonly seq: number;
  readonly at: number;
}

/**
 * Records are kept as given (no copy: recording allocates nothing but the caller's object);
 * their number and time sit in typed arrays beside them.
 */
class Ring {
  readonly #slots: (JournalRecord | undefined)[];
  readonly #seqs: Float64Array;
  readonly #ats: Float64Array;
  #next = 0;
  #seq = 0;

  constructor(size: number) {
    this.#slots = new Array<JournalRecord | undefined>(size).fill(undefined);
    this.#seqs = new Float64Array(size);
    this.#ats = new Float64Array(size);
  }

  push(record: JournalRecord, at: number): void {
    const i = this.#next;
    this.#slots[i] = record;
    this.#seqs[i] = ++this.#seq;
    this.#ats[i] = at;
    this.#next = i + 1 === this.#slots.length ? 0 : i + 1;
  }

  /** Oldest first. */
  *entries(): Generator<Stored> {
    const n = this.#slots.length;
    for (let k = 0; k < n; k++) {
      const i = (this.#next + k) % n;
      const record = this.#slots[i];
      if (record !== undefined) yield { ...record, seq: this.#seqs[i] as number, at: this.#ats[i] as number };
    }
  }

  clear(): number {
    const count = this.#slots.filter((r) => r !== undefined).length;
    this.#slots.fill(undefined);
    return count;
  }
}

export class RequestJournal {
  readonly #size: number;
  readonly #clock: Clock;
  readonly #rings = new Map<string, Ring>();

  constructor(size: number, clock: Clock) {
    this.#size = size;
    this.#clock = clock;
  }

  get enabled(): boolean {
    return this.#size > 0;
  }

  record(tenantId: string, record: JournalRecord): void {
    if (this.#size === 0) return;
    let ring = this.#rings.get(tenantId);
    if (ring === undefined) {
      ring = new Ring(this.#size);
      this.#rings.set(tenantId, ring);
    }
    ring.push(record, this.#clock.now());
  }

  list(tenantId: string, filter: JournalFilter): JournalEntry[] {
    const ring = this.#rings.get(tenantId);
    if (ring === undefined) return [];
    const matching: Stored[] = [];
    for (const e of ring.entries()) {
      if (filter.since !== undefined && e.at < filter.since) continue;
      if (filter.after !== undefined && e.seq <= filter.after) continue;
      if (filter.status !== undefined && e.status !== filter.status) continue;
      if (filter.clientId !== undefined && e.clientId !== filter.clientId) continue;
      if (filter.path !== undefined && !filter.path.test(e.path.split('?')[0] ?? '')) continue;
      matching.push(e);
    }
    return matching.slice(Math.max(0, matching.length - filter.limit)).map(present);
  }

  /** Forgets what the tenant received; returns how many entries there were. */
  clear(tenantId: string): number {
    return this.#rings.get(tenantId)?.clear() ?? 0;
  }

  /** A deleted tenant's ring goes with it. */
  forget(tenantId: string): void {
    this.#rings.delete(tenantId);
  }
}

function present(e: Stored): JournalEntry {
  const { claimsSegment, ...rest } = e;
  const claims = rest.claims ?? (claimsSegment === undefined ? undefined : decodeClaims(claimsSegment));
  const entry: Record<string, unknown> = { seq: e.seq, at: e.at };
  for (const [k, v] of Object.entries({ ...rest, claims })) if (v !== undefined) entry[k] = v;
  return entry as unknown as JournalEntry;
}
