/**
 * Provision Packgate from your tests: a throw-away tenant with a Server-to-Server integration,
 * through the typed admin client (`@packgate/client/admin`), then a token for it, then cleanup.
 *
 * Run it from the repository root against a running `packgate serve` (`npm run build` compiles the
 * examples to packages/client/dist/examples/; the key is in {dataDir}/admin-key):
 *
 *   PACKGATE_URL=http://127.0.0.1:8787 PACKGATE_ADMIN_KEY=… node packages/client/dist/examples/provision-from-tests.js
 */
import process, { argv, env } from 'node:process';
import { pathToFileURL } from 'node:url';
import { createRestClient, createTokenProvider } from '@packgate/client';
import { AdminApiError, createAdminClient } from '@packgate/client/admin';

/** Where the Packgate server is and its operator key. */
export interface ProvisionSettings {
  baseUrl: string;
  adminKey: string;
}

/** A tenant of its own per test run, so runs never see each other's packages. */
export async function provisionTenant(settings: ProvisionSettings, scopes: string[]) {
  const admin = createAdminClient({ baseUrl: settings.baseUrl, adminKey: settings.adminKey });
  const tenant = await admin.createTenant({ body: { name: `test run ${Date.now()}` } });
  const sub = tenant.subdomain;
  const pkg = await admin.createPackage({ sub, body: { name: 'Integration under test' } });
  const integration = await admin.createIntegration({
    sub,
    id: pkg.id,
    body: { integrationType: 'server-to-server', scopes },
  });
  return {
    authBaseUri: tenant.authBaseUri,
    clientId: integration.clientId,
    clientSecret: integration.clientSecret ?? '', // shown once, in this answer only
    accountId: tenant.eid,
    /** Every package of the tenant, page after page (cursor paging as an async iterator). */
    async packageNames() {
      const names: string[] = [];
      for await (const p of admin.paginate('listPackages', { sub })) names.push(p.name);
      return names;
    },
    cleanup: () => admin.deleteTenant({ sub }),
  };
}

/** Provisions, reads the token context with the new credentials, and deletes the tenant again. */
export async function provisionAndCheck(settings: ProvisionSettings) {
  const run = await provisionTenant(settings, ['email_read']);
  try {
    const { authBaseUri, clientId, clientSecret, accountId } = run;
    const provider = createTokenProvider({ authBaseUri, clientId, clientSecret, accountId });
    const rest = createRestClient({ tokenSource: provider });
    const context = await rest.request<{ organization: { id: number } }>('platform/v1/tokenContext');
    return { mid: context.organization.id, packages: await run.packageNames() };
  } finally {
    await run.cleanup();
  }
}

if (argv[1] !== undefined && import.meta.url === pathToFileURL(argv[1]).href) {
  try {
    const result = await provisionAndCheck({
      baseUrl: env.PACKGATE_URL ?? 'http://127.0.0.1:8787',
      adminKey: env.PACKGATE_ADMIN_KEY ?? '',
    });
    console.log(JSON.stringify(result));
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    // 400/401/404/409 have their own classes; `field` names what the server rejected. Never the key.
    console.error(`${error.code} (HTTP ${error.status}, field ${error.field ?? '-'}): ${error.message}`);
    console.error(`hint: ${error.hint}`);
    process.exitCode = 1;
  }
}
