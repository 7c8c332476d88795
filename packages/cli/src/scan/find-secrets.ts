import { fingerprint, hasValidSecretChecksum } from '@packgate/server';

/** A secret-shaped string in a file. The value itself is never kept, only its fingerprint. */
export interface SecretFinding {
  /** 1-based line and column (UTF-16 code units, as SARIF counts by default). */
  readonly line: number;
  readonly column: number;
  readonly length: number;
  /** First 8 hex of the SHA-256: matches the fingerprint Packgate logs. */
  readonly fingerprint: string;
  /** Checksum valid: a real client secret. Invalid: a look-alike (example, placeholder, typo). */
  readonly valid: boolean;
}

// `SFMC_` + 51 alphanumerics + 8 lowercase hex, not glued to a longer alphanumeric run.
const CANDIDATE = /(?<![A-Za-z0-9])SFMC_[A-Za-z0-9]{51}[0-9a-f]{8}(?![A-Za-z0-9])/g;

export function findSecrets(text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (!line.includes('SFMC_')) continue;
    for (const match of line.matchAll(CANDIDATE)) {
      const value = match[0];
      findings.push({
        line: index + 1,
        column: match.index + 1,
        length: value.length,
        fingerprint: fingerprint(value),
        valid: hasValidSecretChecksum(value),
      });
    }
  }
  return findings;
}
