import type { BootstrapReport } from './bootstrap.js';
import type { PackgateConfig } from './config/config.js';
import { redactUrl } from './config/redact-url.js';
import type { AdminKeySource } from './create-context.js';
import type { AppliedSeed } from './setup/seed/apply-seed.js';
import type { TlsMaterial } from './tls/ensure-tls-material.js';

/** The start-up message. Secrets appear only on the start that created them. */
export function formatBanner(
  config: PackgateConfig,
  report: BootstrapReport,
  keySource: AdminKeySource,
  listeningUrl: string,
  seed?: AppliedSeed,
  tls?: TlsMaterial & { readonly tlsUrl: string },
  setupLinkUrl?: string,
): string {
  const lines = [
    `Packgate listening on ${listeningUrl}`,
    // Unindented, so that scripts and people find it: the operator's way into the Setup UI.
    ...(setupLinkUrl
      ? [
          `Setup UI: ${setupLinkUrl}  (one-time operator sign-in, valid 10 minutes; \`packgate setup-link\` prints a new one)`,
        ]
      : []),
    `  store:          ${config.databaseUrl ? redactUrl(config.databaseUrl) : `SQLite in ${config.dataDir}`}`,
    `  tenant:         ${report.tenant.name} (subdomain ${report.tenant.subdomain}, EID ${report.tenant.eid})`,
    `  Auth base URI:  ${report.baseUris.authBaseUri}`,
    `  REST base URI:  ${report.baseUris.restBaseUri}`,
    `  SOAP base URI:  ${report.baseUris.soapBaseUri}`,
    `  Admin API:      ${config.publicUrl}/admin/v1/  (OpenAPI: ${config.publicUrl}/openapi.json)`,
  ];
  if (tls) {
    lines.push(
      `  HTTPS:          ${tls.tlsUrl} (host mode; certificate from the local CA)`,
      `  local CA:       ${tls.caCertificatePath}${tls.createdCa ? ' (created now)' : ''}`,
      `                  SHA-256 ${tls.caFingerprint256}`,
      '  drop-in:        `packgate dropin` prints the hosts lines, NODE_EXTRA_CA_CERTS and a Node preload',
    );
  }
  if (keySource.file) {
    lines.push(
      keySource.created
        ? `  operator key:   created in ${keySource.file} (mode 0600): send it as "Authorization: Bearer <key>"`
        : `  operator key:   in ${keySource.file}`,
    );
  } else lines.push('  operator key:   from PACKGATE_ADMIN_KEY');
  if (config.seedFile && seed) {
    lines.push(
      `  seed file:      ${config.seedFile} (${seed.tenants.length} tenant(s); ${seed.changes.length === 0 ? 'nothing to change' : `${seed.changes.length} change(s)`})`,
    );
    if (seed.generatedSecrets.length > 0) {
      lines.push('', 'Secrets generated for integrations the seed file gives none (shown only now):');
      for (const s of seed.generatedSecrets)
        lines.push(`  ${s.path}: client id ${s.clientId}, client secret ${s.clientSecret}`);
    }
  }
  const demo = report.demo;
  if (demo) {
    const body = JSON.stringify({
      grant_type: 'client_credentials',
      client_id: demo.clientId,
      client_secret: demo.clientSecret,
    });
    lines.push(
      '',
      'Demo Server-to-Server package created (Data Extensions read/write). The secret is shown only now:',
      `  client id:      ${demo.clientId}`,
      `  client secret:  ${demo.clientSecret}`,
      `  account id:     ${demo.accountId}`,
      '',
      'Get a token:',
      `  curl -s -X POST '${report.baseUris.authBaseUri}v2/token' -H 'Content-Type: application/json' -d '${body}'`,
    );
    if (config.baseDomain) {
      // The virtual host picks the tenant: this works before any TLS front end or hosts entry exists.
      const authHost = new URL(report.baseUris.authBaseUri).host.replace(/:\d+$/, '');
      lines.push(
        'or, straight to this process:',
        `  curl -s -X POST '${listeningUrl}/v2/token' -H 'Host: ${authHost}' -H 'Content-Type: application/json' -d '${body}'`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
