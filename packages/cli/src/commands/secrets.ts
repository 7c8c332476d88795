import type { ClientSecret } from '@packgate/client/admin';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import { registerSecretsExpiring } from './secrets-expiring.js';
import { registerSecretsScan } from './secrets-scan.js';
import type { RegisterVerb } from './verb.js';

const showSecret = (s: ClientSecret) =>
  formatRecord([
    ['secret id', s.secretId],
    ...(s.clientSecret ? [['client secret', `${s.clientSecret}  (shown once: store it now)`] as const] : []),
    ['state', s.state],
    ...(s.description ? [['description', s.description] as const] : []),
    ['usable at', s.usableAt],
    ['expires at', s.expiresAt],
    ...(s.graceEndsAt ? [['grace ends at', s.graceEndsAt] as const] : []),
    ...(s.revokedAt ? [['revoked at', s.revokedAt] as const] : []),
  ]);

/** `packgate secrets list|stage|activate|revoke|expiring|scan` */
export const registerSecrets: RegisterVerb = (program, cli) => {
  const group = program
    .command('secrets')
    .description('client secret rotation, and scanning files for leaked secrets');
  const target = async (opts: AdminFlags, packageId: unknown) => {
    const admin = adminClientFor(cli.ctx, opts);
    return { admin, where: { sub: await admin.tenant(), id: String(packageId) } };
  };

  const list = adminOptions(
    group
      .command('list')
      .description("list an integration's secrets (never their values)")
      .argument('<package-id>'),
  );
  cli.action<AdminFlags>(list, async (opts, args) => {
    const { admin, where } = await target(opts, args[0]);
    printResult(cli.ctx, opts.json, await admin.request('listSecrets', where), (b) =>
      formatTable(
        [
          { header: 'secret id', cell: (s: ClientSecret) => s.secretId },
          { header: 'state', cell: (s) => s.state },
          { header: 'description', cell: (s) => s.description ?? '' },
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
      .description(
        'generate a staged secret (prints it once); it works, and can be activated, after the rotation interval (5 minutes); both secrets work until activation',
      )
      .argument('<package-id>')
      .option('--description <text>', 'what the secret is for (shown in lists)')
      .option('--force', 'skip the once-per-interval limit and the wait (audited)'),
  );
  cli.action<AdminFlags & { description?: string; force?: boolean }>(stage, async (opts, args) => {
    const { admin, where } = await target(opts, args[0]);
    const body = {
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(opts.force ? { force: true } : {}),
    };
    printResult(cli.ctx, opts.json, await admin.request('generateSecret', { ...where, body }), showSecret);
    return 0;
  });

  const activate = adminOptions(
    group
      .command('activate')
      .description(
        'activate a staged secret; the previous active secret stops working at once, or after --grace',
      )
      .argument('<package-id>')
      .argument('<secret-id>')
      .option(
        '--grace <duration>',
        'the previous secret keeps working this long, every use logged (e.g. 1h, 2d; at most 7d)',
      )
      .option('--force', 'skip the once-per-interval limit and the wait (audited)'),
  );
  cli.action<AdminFlags & { grace?: string; force?: boolean }>(activate, async (opts, args) => {
    const { admin, where } = await target(opts, args[0]);
    const request = {
      ...(opts.grace !== undefined ? { grace: opts.grace } : {}),
      ...(opts.force ? { force: true } : {}),
    };
    const body = await admin.request('activateSecret', {
      ...where,
      secretId: String(args[1]),
      body: request,
    });
    printResult(cli.ctx, opts.json, body, showSecret);
    return 0;
  });

  const revoke = adminOptions(
    group
      .command('revoke')
      .description(
        'revoke a leaked secret: refused at once on every instance, with every access token it issued',
      )
      .argument('<package-id>')
      .argument('<secret-id>'),
  );
  cli.action<AdminFlags>(revoke, async (opts, args) => {
    const { admin, where } = await target(opts, args[0]);
    const body = await admin.request('revokeSecret', { ...where, secretId: String(args[1]) });
    printResult(
      cli.ctx,
      opts.json,
      body,
      (b) => `${showSecret(b.secret)}tokens revoked: ${b.tokensRevoked}\n`,
    );
    return 0;
  });

  registerSecretsExpiring(group, cli);

  registerSecretsScan(group, cli);
};
