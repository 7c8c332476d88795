import { type AdminFlags, adminOptions, createAdminClient, seg } from '../admin/admin-client.js';
import type { Items, SecretBody } from '../admin/admin-types.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import { registerSecretsScan } from './secrets-scan.js';
import type { RegisterVerb } from './verb.js';

const showSecret = (s: SecretBody) =>
  formatRecord([
    ['secret id', s.secretId],
    ...(s.clientSecret ? [['client secret', `${s.clientSecret}  (shown once: store it now)`] as const] : []),
    ['state', s.state],
    ['usable at', s.usableAt],
    ['expires at', s.expiresAt],
  ]);

/** `packgate secrets list|stage|activate|scan` */
export const registerSecrets: RegisterVerb = (program, cli) => {
  const group = program
    .command('secrets')
    .description('client secret rotation, and scanning files for leaked secrets');
  const url = async (opts: AdminFlags, packageId: unknown) => {
    const admin = createAdminClient(cli.ctx, opts);
    return {
      admin,
      base: `/tenants/${seg(await admin.tenant())}/packages/${seg(String(packageId))}/integration/secrets`,
    };
  };

  const list = adminOptions(
    group
      .command('list')
      .description("list an integration's secrets (never their values)")
      .argument('<package-id>'),
  );
  cli.action<AdminFlags>(list, async (opts, args) => {
    const { admin, base } = await url(opts, args[0]);
    printResult(cli.ctx, opts.json, await admin.request<Items<SecretBody>>('GET', base), (b) =>
      formatTable(
        [
          { header: 'secret id', cell: (s: SecretBody) => s.secretId },
          { header: 'state', cell: (s) => s.state },
          { header: 'created', cell: (s) => s.createdAt },
          { header: 'usable at', cell: (s) => s.usableAt },
          { header: 'expires at', cell: (s) => s.expiresAt },
        ],
        b.items,
      ),
    );
    return 0;
  });

  const stage = adminOptions(
    group
      .command('stage')
      .description('generate a staged secret (prints it once); both secrets work until activation')
      .argument('<package-id>'),
  );
  cli.action<AdminFlags>(stage, async (opts, args) => {
    const { admin, base } = await url(opts, args[0]);
    printResult(cli.ctx, opts.json, await admin.request<SecretBody>('POST', base), showSecret);
    return 0;
  });

  const activate = adminOptions(
    group
      .command('activate')
      .description('activate a staged secret; the previous active secret stops working at once')
      .argument('<package-id>')
      .argument('<secret-id>'),
  );
  cli.action<AdminFlags>(activate, async (opts, args) => {
    const { admin, base } = await url(opts, args[0]);
    const body = await admin.request<SecretBody>('POST', `${base}/${seg(String(args[1]))}/activate`);
    printResult(cli.ctx, opts.json, body, showSecret);
    return 0;
  });

  registerSecretsScan(group, cli);
};
