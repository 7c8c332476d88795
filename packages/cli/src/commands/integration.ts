import type { AdminRequestBody, Integration } from '@packgate/client/admin';
import { type AdminFlags, adminClientFor, adminOptions, type CliAdminClient } from '../admin/admin-client.js';
import { parseList } from '../admin/parse-list.js';
import { showIntegration } from '../admin/show-integration.js';
import { UsageError } from '../cli-error.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

const TYPES = ['server-to-server', 'web-app', 'public-app'] as const;
type IntegrationType = AdminRequestBody<'createIntegration'>['integrationType'];
const isIntegrationType = (value: string): value is IntegrationType =>
  (TYPES as readonly string[]).includes(value);

/** `packgate integration create|get|set-scopes|set-redirect-uris` */
export const registerIntegration: RegisterVerb = (program, cli) => {
  const group = program.command('integration').description("a package's API Integration component");
  /** Calls `op` for the package's integration and prints the integration it answers. */
  const show = async (
    opts: AdminFlags,
    packageId: unknown,
    op: (admin: CliAdminClient, where: { sub: string; id: string }) => Promise<Integration>,
  ) => {
    const admin = adminClientFor(cli.ctx, opts);
    const integration = await op(admin, { sub: await admin.tenant(), id: String(packageId) });
    printResult(cli.ctx, opts.json, integration, showIntegration);
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
      const integrationType = opts.type;
      if (!isIntegrationType(integrationType)) {
        throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got "${opts.type}"`);
      }
      const body = {
        integrationType,
        scopes: parseList(opts.scopes),
        ...(opts.redirectUris === undefined ? {} : { redirectUris: parseList(opts.redirectUris) }),
      };
      return show(opts, args[0], (admin, where) => admin.request('createIntegration', { ...where, body }));
    },
  );

  const get = adminOptions(
    group.command('get').description('show the API Integration (never its secret)').argument('<package-id>'),
  );
  cli.action<AdminFlags>(get, async (opts, args) =>
    show(opts, args[0], (admin, where) => admin.request('getIntegration', where)),
  );

  const setScopes = adminOptions(
    group
      .command('set-scopes')
      .description('replace the scopes of the integration')
      .argument('<package-id>')
      .argument('<scopes...>', 'scope ids (space- or comma-separated)'),
  );
  cli.action<AdminFlags>(setScopes, async (opts, args) =>
    show(opts, args[0], (admin, where) =>
      admin.request('updateIntegration', { ...where, body: { scopes: parseList(args[1] as string[]) } }),
    ),
  );

  const setUris = adminOptions(
    group
      .command('set-redirect-uris')
      .description('replace the redirect URIs (web and public apps: 1–10, exact match)')
      .argument('<package-id>')
      .argument('<uris...>', 'redirect URIs'),
  );
  cli.action<AdminFlags>(setUris, async (opts, args) =>
    show(opts, args[0], (admin, where) =>
      admin.request('updateIntegration', {
        ...where,
        body: { redirectUris: parseList(args[1] as string[]) },
      }),
    ),
  );
};
