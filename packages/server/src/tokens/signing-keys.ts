import { createPrivateKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SigningKeyRecord } from '../storage/records.js';
import type { Store } from '../storage/store.js';

/** The algorithm every Packgate token is signed with. */
export const SIGNING_ALG = 'EdDSA';

export interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  /** node:crypto key: signing stays synchronous on the token endpoint's hot path. */
  readonly privateKey: KeyObject;
  readonly publicJwk: JWK;
}

export interface KeyRing {
  /** The key new tokens are signed with. */
  readonly active: SigningKey;
  /** Every key whose tokens may still be in flight, for the JWKS and verification. */
  readonly all: readonly SigningKey[];
}

/**
 * Loads the persisted signing keys, creating the first one on an empty store. Concurrent first
 * starts (several instances on one PostgreSQL) converge on the oldest active key.
 */
export async function loadKeyRing(store: Store, now: number): Promise<KeyRing> {
  let records = await store.keys.listKeys();
  if (!records.some((r) => r.state === 'active')) {
    await store.keys.insertKey(await generateSigningKey(now));
    records = await store.keys.listKeys();
  }
  const all = records.map(toSigningKey);
  const active = all[records.findIndex((r) => r.state === 'active')];
  if (!active) throw new Error('no active signing key');
  return { active, all };
}

async function generateSigningKey(now: number): Promise<SigningKeyRecord> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = await exportJWK(publicKey);
  // A short kid keeps tokens within 512 characters; 6 thumbprint characters (36 bits) tell
  // the few keys of one deployment apart.
  const kid = (await calculateJwkThumbprint(publicJwk)).slice(0, 6);
  return {
    kid,
    alg: SIGNING_ALG,
    privateJwk: JSON.stringify({ ...privateJwk, kid, alg: SIGNING_ALG }),
    publicJwk: JSON.stringify({ ...publicJwk, kid, alg: SIGNING_ALG, use: 'sig' }),
    state: 'active',
    createdAt: now,
  };
}

function toSigningKey(r: SigningKeyRecord): SigningKey {
  const privateKey = createPrivateKey({
    key: JSON.parse(r.privateJwk) as import('node:crypto').JsonWebKey,
    format: 'jwk',
  });
  return { kid: r.kid, alg: r.alg, privateKey, publicJwk: JSON.parse(r.publicJwk) as JWK };
}

/** The public JWKS document (`{auth}.well-known/jwks.json`). */
export function jwksOf(ring: KeyRing): { keys: JWK[] } {
  return { keys: ring.all.map((k) => k.publicJwk) };
}
