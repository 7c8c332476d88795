import { createPrivateKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SigningKeyRecord } from '../storage/records.js';

/** The algorithm every Packgate token is signed with. */
export const SIGNING_ALG = 'EdDSA';

export interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly generation: number;
  readonly createdAt: number;
  /** Epoch ms from which it signs (see signing-key-schedule.ts). */
  readonly activatesAt: number;
  /** node:crypto key: signing stays synchronous on the token endpoint's hot path. */
  readonly privateKey: KeyObject;
  readonly publicJwk: JWK;
}

/** A new Ed25519 key of `generation`, published from `now`, signing from `activatesAt`. */
export async function generateSigningKey(
  generation: number,
  now: number,
  activatesAt: number,
): Promise<SigningKeyRecord> {
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
    generation,
    activatesAt,
  };
}

export function toSigningKey(r: SigningKeyRecord): SigningKey {
  const privateKey = createPrivateKey({
    key: JSON.parse(r.privateJwk) as import('node:crypto').JsonWebKey,
    format: 'jwk',
  });
  return {
    kid: r.kid,
    alg: r.alg,
    generation: r.generation,
    createdAt: r.createdAt,
    activatesAt: r.activatesAt,
    privateKey,
    publicJwk: JSON.parse(r.publicJwk) as JWK,
  };
}
