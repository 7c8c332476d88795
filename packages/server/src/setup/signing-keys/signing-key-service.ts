import type { SigningKeyRecord } from '../../storage/records.js';
import type { Store } from '../../storage/store.js';
import { generateSigningKey } from '../../tokens/signing-keys.js';
import { type Actor, recordAudit } from '../audit.js';

/** Who rotates on schedule (the audit trail tells scheduled rotations from the operator's). */
export const SIGNING_KEY_SCHEDULER: Actor = { actor: 'system:key-rotation', sourceIp: 'local' };

export interface NextSigningKey {
  readonly record: SigningKeyRecord;
  /** False when a next key already existed (made earlier or, at the same moment, by another instance). */
  readonly created: boolean;
}

/**
 * Creates the next signing key, published now and signing from `now + propagationMs`, unless a
 * key that does not sign yet exists (then that one is the answer). The insert is conditional on
 * the key's generation (unique), so of several instances rotating at once exactly one creates
 * the key; the others return it. The first key of an empty store signs at once.
 */
export async function createNextSigningKey(
  store: Store,
  who: Actor,
  options: { now: number; propagationMs: number; reason: 'first' | 'scheduled' | 'operator' },
): Promise<NextSigningKey> {
  const { now } = options;
  return store.transaction(async (repos) => {
    const existing = (await repos.keys.listKeys()).filter((k) => k.state === 'active');
    const pending = existing.find((k) => k.activatesAt > now);
    if (pending) return { record: pending, created: false };
    const all = await repos.keys.listKeys();
    const generation = Math.max(0, ...all.map((k) => k.generation)) + 1;
    const activatesAt = existing.length === 0 ? now : now + options.propagationMs;
    const record = await generateSigningKey(generation, now, activatesAt);
    if (!(await repos.keys.insertKey(record))) {
      const winner = (await repos.keys.listKeys()).find((k) => k.generation === generation);
      if (!winner) throw new Error(`signing key generation ${generation} vanished`);
      return { record: winner, created: false };
    }
    await recordAudit(repos, who, {
      tenantId: null,
      action: 'signing_key.created',
      target: record.kid,
      details: { generation, activatesAt, reason: options.reason },
      at: now,
    });
    return { record, created: true };
  });
}

/** Erases the private halves of keys that left the JWKS for good (no token of theirs is live). */
export async function retireSigningKeys(store: Store, kids: readonly string[], now: number): Promise<void> {
  if (kids.length === 0) return;
  await store.transaction(async (repos) => {
    for (const kid of kids) {
      if (!(await repos.keys.retireKey(kid))) continue; // another instance did
      await recordAudit(repos, SIGNING_KEY_SCHEDULER, {
        tenantId: null,
        action: 'signing_key.retired',
        target: kid,
        at: now,
      });
    }
  });
}
