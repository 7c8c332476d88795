import { type AdminFlags, adminOptions, createAdminClient, seg } from '../admin/admin-client.js';
import type { IntegrationBody } from '../admin/admin-types.js';
import { parseList } from '../admin/parse-list.js';
import { showIntegration } from '../admin/show-integration.js';
import { UsageError } from '../cli-error.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

const TYPES = ['server-to-server', 'web-app', 'public-app'];

/** `packgate integration create|get|set-scopes|set-redirect-uris` */
export const registerIntegration: RegisterVerb = (program, cli) => {
  const group = program.command('integration').description("a package's API Integration component");
  const target = async (opts: AdminFlags, packageId: unknown) => {
    const admin = createAdminClient(cli.ctx, opts);
    return {
      admin,
      url: `/tenants/${seg(await admin.tenant())}/packages/${seg(String(packageId))}/integration`,
    };
  };
  const show = async (opts: AdminFlags, method: string, packageId: unknown, body?: unknown) => {
    const { admin, url } = await target(opts, packageId);
    printResult(cli.ctx, opts.json, await admin.request<IntegrationBody>(method, url, body), showIntegration);
    return 0;
  };

  const create = adminOptions(
    group
      .command('create')
      .description('add an API Integration to a package (prints the client secret once)')
      .argument('<package-id>')
      .requiredOption('--type <type>', `integration type: ${TYPES.join(', ')}`)
      .option('--scopes <scopes>', 'space- or comma-separated scope ids', '')
      .option('--redirect-uris <uris>', 'space- or comma-separated redirect URIs (web and public apps)'),
  );
  cli.action<AdminFlags & { type: string; scopes: string; redirectUris?: string }>(
    create,
    async (opts, args) => {
      if (!TYPES.includes(opts.type)) {
        throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got "${opts.type}"`);
      }
      return show(opts, 'POST', args[0], {
        integrationType: opts.type,
        scopes: parseList(opts.scopes),
        ...(opts.redirectUris === undefined ? {} : { redirectUris: parseList(opts.redirectUris) }),
      });
    },
  );

  const get = adminOptions(
    group.command('get').description('show the API Integration (never its secret)').argument('<package-id>'),
  );
  cli.action<AdminFlags>(get, async (opts, args) => show(opts, 'GET', args[0]));

  const setScopes = adminOptions(
    group
      .command('set-scopes')
      .description('replace the scopes of the integration')
      .argument('<package-id>')
      .argument('<scopes...>', 'scope ids (space- or comma-separated)'),
  );
  cli.action<AdminFlags>(setScopes, async (opts, args) =>
    show(opts, 'PATCH', args[0], { scopes: parseList(args[1] as string[]) }),
  );

  const setUris = adminOptions(
    group
      .command('set-redirect-uris')
      .description('replace the redirect URIs (web and public apps: 1–10, exact match)')
      .argument('<package-id>')
      .argument('<uris...>', 'redirect URIs'),
  );
  cli.action<AdminFlags>(setUris, async (opts, args) =>
    show(opts, 'PATCH', args[0], { redirectUris: parseList(args[1] as string[]) }),
  );
};
