import type { SigningKey } from '@packgate/client/admin';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

/** `packgate signing-keys list|rotate`: the server's token-signing keys (docs/reference/signing-keys.md). */
export const registerSigningKeys: RegisterVerb = (program, cli) => {
  const group = program
    .command('signing-keys')
    .description('token-signing keys: list them, or rotate to a new one');

  cli.action<AdminFlags>(
    adminOptions(group.command('list').description('list signing keys and their place in the rotation'), {
      tenant: false,
    }),
    async (opts) => {
      const body = await adminClientFor(cli.ctx, opts).request('listSigningKeys');
      printResult(cli.ctx, opts.json, body, (b) =>
        formatTable(
          [
            { header: 'kid', cell: (k: SigningKey) => k.kid },
            { header: 'generation', cell: (k) => k.generation },
            { header: 'status', cell: (k) => k.status },
            { header: 'published', cell: (k) => k.createdAt },
            { header: 'signs from', cell: (k) => k.activatesAt },
            { header: 'leaves JWKS', cell: (k) => k.unpublishAt ?? '' },
          ],
          b.items,
        ),
      );
      return 0;
    },
  );

  cli.action<AdminFlags>(
    adminOptions(
      group
        .command('rotate')
        .description(
          'publish the next signing key now; it signs after PACKGATE_PROPAGATION_SECONDS (a key already waiting is shown instead)',
        ),
      { tenant: false },
    ),
    async (opts) => {
      const body = await adminClientFor(cli.ctx, opts).request('rotateSigningKey');
      printResult(cli.ctx, opts.json, body, (b) =>
        formatRecord([
          ['kid', b.key.kid],
          ['generation', b.key.generation],
          ['status', b.key.status],
          ['published', b.key.createdAt],
          ['signs from', b.key.activatesAt],
          ['created', b.created ? 'yes' : 'no (it was already waiting)'],
        ]),
      );
      return 0;
    },
  );
};
