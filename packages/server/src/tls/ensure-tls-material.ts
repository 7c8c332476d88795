import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leafReplacementReason } from './check-leaf.js';
import {
  type CertificateAndKey,
  createCertificateAuthority,
  issueLeafCertificate,
} from './issue-certificates.js';
import { LEAF_IP_ADDRESSES, leafHostNames } from './leaf-host-names.js';

/** Where the TLS files live: `{dataDir}/tls/`. */
export function tlsPaths(dataDir: string) {
  const dir = join(dataDir, 'tls');
  return {
    dir,
    caCertificate: join(dir, 'ca.pem'),
    caPrivateKey: join(dir, 'ca-key.pem'),
    leafCertificate: join(dir, 'server.pem'),
    leafPrivateKey: join(dir, 'server-key.pem'),
  };
}

/** What the HTTPS server needs, and what happened on this start (for the banner and logs). */
export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
  readonly caCertificatePem: string;
  readonly caCertificatePath: string;
  /** SHA-256 fingerprint of the CA certificate, `AB:CD:…`. */
  readonly caFingerprint256: string;
  readonly createdCa: boolean;
  /** Why a new leaf was issued on this start; undefined when the stored one was kept. */
  readonly leafIssuedBecause: string | undefined;
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a key behind. */
function writeAtomically(path: string, text: string, mode: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

/**
 * The local CA and the leaf certificate for `baseDomain`, from `{dataDir}/tls/`: the CA is
 * created on the first start and kept (private key mode 0600); the leaf is issued again when
 * the base domain changed, the CA changed or it nears its end (check-leaf.ts).
 */
export async function ensureTlsMaterial(
  dataDir: string,
  baseDomain: string,
  nowMs: number,
): Promise<TlsMaterial> {
  const paths = tlsPaths(dataDir);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  let createdCa = false;
  const storedCaCert = readOptional(paths.caCertificate);
  const storedCaKey = readOptional(paths.caPrivateKey);
  let ca: CertificateAndKey;
  if (storedCaCert && storedCaKey) {
    ca = { certificatePem: storedCaCert, privateKeyPem: storedCaKey };
  } else {
    ca = await createCertificateAuthority(nowMs);
    writeAtomically(paths.caPrivateKey, ca.privateKeyPem, 0o600);
    writeAtomically(paths.caCertificate, ca.certificatePem, 0o644);
    createdCa = true;
  }
  const hostNames = leafHostNames(baseDomain);
  const storedLeaf = readOptional(paths.leafCertificate);
  const storedLeafKey = readOptional(paths.leafPrivateKey);
  let leafIssuedBecause: string | undefined;
  if (!storedLeaf || !storedLeafKey) leafIssuedBecause = 'there was none';
  else
    leafIssuedBecause = leafReplacementReason(
      storedLeaf,
      ca.certificatePem,
      hostNames,
      LEAF_IP_ADDRESSES,
      nowMs,
    );
  let leaf: CertificateAndKey;
  if (leafIssuedBecause === undefined) {
    leaf = { certificatePem: storedLeaf as string, privateKeyPem: storedLeafKey as string };
  } else {
    leaf = await issueLeafCertificate(ca, hostNames, LEAF_IP_ADDRESSES, nowMs);
    writeAtomically(paths.leafPrivateKey, leaf.privateKeyPem, 0o600);
    writeAtomically(paths.leafCertificate, leaf.certificatePem, 0o644);
  }
  return {
    key: leaf.privateKeyPem,
    // The chain a client needs: the leaf, then the CA that signed it.
    cert: `${leaf.certificatePem.trim()}\n${ca.certificatePem.trim()}\n`,
    caCertificatePem: ca.certificatePem,
    caCertificatePath: paths.caCertificate,
    caFingerprint256: new X509Certificate(ca.certificatePem).fingerprint256,
    createdCa,
    leafIssuedBecause,
  };
}
