import type { SecretFinding } from './secret-stream-scanner.js';

export const SARIF_RULE_ID = 'packgate/sfmc-client-secret';

export interface FileFinding extends SecretFinding {
  /** Path relative to the scan's working directory, `/`-separated (or absolute when outside it). */
  readonly path: string;
}

/** Relative paths become URIs against %SRCROOT%; absolute ones file:// URIs. */
function artifactLocation(path: string) {
  if (path.startsWith('/')) return { uri: new URL(`file://${path}`).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** SARIF 2.1.0 log with one result per leaked (checksum-valid) secret. */
export function toSarif(findings: readonly FileFinding[], toolVersion: string, srcRoot: string) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'packgate',
            version: toolVersion,
            rules: [
              {
                id: SARIF_RULE_ID,
                name: 'MarketingCloudClientSecret',
                shortDescription: { text: 'Marketing Cloud / Packgate client secret' },
                fullDescription: {
                  text: 'An SFMC_ client secret whose CRC-32 checksum is valid: a real credential, not a look-alike.',
                },
                help: {
                  text: 'Rotate the secret (stage a new one, activate it), then remove it from the file and its history.',
                },
                defaultConfiguration: { level: 'error' },
              },
            ],
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: new URL(`file://${srcRoot.replace(/\/?$/, '/')}`).href } },
        results: findings.map((f) => ({
          ruleId: SARIF_RULE_ID,
          ruleIndex: 0,
          level: 'error',
          message: { text: `Marketing Cloud client secret (fingerprint ${f.fingerprint}): rotate it.` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(f.path),
                region: { startLine: f.line, startColumn: f.column, endColumn: f.column + f.length },
              },
            },
          ],
          partialFingerprints: { 'secretSha256/v1': f.fingerprint },
        })),
      },
    ],
  };
}
