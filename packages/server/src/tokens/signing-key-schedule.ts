/** What the schedule needs of a key (a SigningKeyRecord or a loaded key). */
export interface ScheduledKey {
  readonly kid: string;
  readonly generation: number;
  readonly createdAt: number;
  readonly activatesAt: number;
}

export type SigningKeyStatus = 'next' | 'signing' | 'retiring' | 'retired';

export interface KeyTimeline<K extends ScheduledKey> {
  readonly key: K;
  readonly status: SigningKeyStatus;
  /** When it stopped (or will stop) signing: the next generation's `activatesAt`. */
  readonly supersededAt: number | undefined;
  /** When it leaves the JWKS: `supersededAt` + one token lifetime + one propagation period. */
  readonly unpublishAt: number | undefined;
}

export interface KeySchedule<K extends ScheduledKey> {
  /** The key new tokens are signed with now. */
  readonly signing: K;
  /** Every key in the JWKS now: the signing key, a next key and keys whose tokens may still be live. */
  readonly published: readonly K[];
  /** A published key that does not sign yet. */
  readonly next: K | undefined;
  /** Keys out of the JWKS for good (their private halves may be erased). */
  readonly retired: readonly K[];
  readonly timeline: readonly KeyTimeline<K>[];
  /** The earliest moment this schedule changes (a key starts signing or leaves the JWKS). */
  readonly validUntil: number;
}

export interface ScheduleRules {
  /** Longest lifetime of a token signed by a key (access tokens), ms. */
  readonly tokenLifetimeMs: number;
  /** PACKGATE_PROPAGATION_SECONDS in ms: instances' views of the keys may lag this much. */
  readonly propagationMs: number;
}

/**
 * Which key signs and which are published at `now` (docs/decisions/0010). Keys are ordered by
 * generation; the newest one whose `activatesAt` has passed signs. A newer key is published
 * before it signs; an older key keeps verifying until every token it signed has expired
 * (plus one propagation period for instances that switched late), then leaves the JWKS.
 * Pure: every instance computes the same answer from the same rows and time.
 */
export function keyScheduleAt<K extends ScheduledKey>(
  keys: readonly K[],
  now: number,
  rules: ScheduleRules,
): KeySchedule<K> {
  const ordered = [...keys].sort((a, b) => a.generation - b.generation);
  const first = ordered[0];
  if (!first) throw new Error('no signing key');
  let signingIndex = 0;
  ordered.forEach((k, i) => {
    if (k.activatesAt <= now) signingIndex = i;
  });
  let validUntil = Number.POSITIVE_INFINITY;
  const timeline = ordered.map((key, i): KeyTimeline<K> => {
    const successor = ordered[i + 1];
    const supersededAt = successor?.activatesAt;
    const unpublishAt =
      supersededAt === undefined ? undefined : supersededAt + rules.tokenLifetimeMs + rules.propagationMs;
    let status: SigningKeyStatus;
    if (i > signingIndex) {
      status = 'next';
      validUntil = Math.min(validUntil, key.activatesAt);
    } else if (i === signingIndex) status = 'signing';
    else if (unpublishAt !== undefined && unpublishAt > now) {
      status = 'retiring';
      validUntil = Math.min(validUntil, unpublishAt);
    } else status = 'retired';
    return { key, status, supersededAt, unpublishAt };
  });
  const signing = ordered[signingIndex] ?? first;
  return {
    signing,
    published: timeline.filter((t) => t.status !== 'retired').map((t) => t.key),
    next: timeline.find((t) => t.status === 'next')?.key,
    retired: timeline.filter((t) => t.status === 'retired').map((t) => t.key),
    timeline,
    validUntil,
  };
}

/**
 * True when a new key should be created now: the signing key has signed for one rotation
 * period less the propagation period (so that its successor, published for one propagation
 * period first, takes over on time), and no successor exists yet. `rotationMs` 0 = never.
 */
export function isRotationDue<K extends ScheduledKey>(
  schedule: KeySchedule<K>,
  now: number,
  rotationMs: number,
  propagationMs: number,
): boolean {
  if (rotationMs <= 0 || schedule.next !== undefined) return false;
  return now >= schedule.signing.activatesAt + rotationMs - propagationMs;
}
