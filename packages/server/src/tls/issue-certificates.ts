import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** PEM text of a certificate and of its PKCS #8 private key. */
export interface CertificateAndKey {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
/** The CA outlives many leaves; the trust an operator installed once keeps working. */
export const CA_LIFETIME_DAYS = 3650;
/** Under the 398 days browsers accept for a leaf (CA/Browser Forum baseline). */
export const LEAF_LIFETIME_DAYS = 397;

type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
type KeyPair = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
const crypto = webcrypto as unknown as X509Crypto;

function toPem(label: string, der: ArrayBuffer): string {
  return x509.PemConverter.encode(der, label);
}

/** Serial numbers: 16 random bytes, top bit clear (RFC 5280 §4.1.2.2: positive, ≤ 20 octets). */
function serialNumber(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] as number) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

/** A new self-signed CA (ECDSA P-256), valid from `nowMs` for {@link CA_LIFETIME_DAYS}. */
export async function createCertificateAuthority(nowMs: number): Promise<CertificateAndKey> {
  const keys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as KeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: `CN=Packgate local CA ${new Date(nowMs).toISOString().slice(0, 10)}, O=Packgate`,
      notBefore: new Date(nowMs - 60_000),
      notAfter: new Date(nowMs + CA_LIFETIME_DAYS * DAY_MS),
      keys,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certificatePem: cert.toString('pem'), privateKeyPem: toPem('PRIVATE KEY', pkcs8) };
}

/**
 * A server certificate for `hostNames` and `ipAddresses`, signed by `ca`, valid from `nowMs` for
 * {@link LEAF_LIFETIME_DAYS} (never past the CA's own end).
 */
export async function issueLeafCertificate(
  ca: CertificateAndKey,
  hostNames: readonly string[],
  ipAddresses: readonly string[],
  nowMs: number,
): Promise<CertificateAndKey> {
  const caCert = new x509.X509Certificate(ca.certificatePem);
  const caKey = await crypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(ca.privateKeyPem),
    ECDSA_P256,
    false,
    ['sign'],
  );
  const keys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as KeyPair;
  const notAfter = Math.min(nowMs + LEAF_LIFETIME_DAYS * DAY_MS, caCert.notAfter.getTime());
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: `CN=${hostNames[0] ?? 'localhost'}`,
      issuer: caCert.subject,
      notBefore: new Date(nowMs - 60_000),
      notAfter: new Date(notAfter),
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(
          [
            ...hostNames.map((value) => ({ type: 'dns' as const, value })),
            ...ipAddresses.map((value) => ({ type: 'ip' as const, value })),
          ],
          false,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(caCert, false, crypto),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certificatePem: cert.toString('pem'), privateKeyPem: toPem('PRIVATE KEY', pkcs8) };
}
