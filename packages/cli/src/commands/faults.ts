import type { AdminRequestBody, FaultRule } from '@packgate/client/admin';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { UsageError } from '../cli-error.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

interface AddFlags extends AdminFlags {
  path?: string;
  method?: string;
  action?: string;
  clientId?: string;
  nth?: string;
  next?: string;
  probability?: string;
  seed?: string;
}

/** A number as typed; anything else goes to the server as text, which names the field. */
function numberOrText(value: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

/** `latency 2000`, `status 503`, `drop`, `token_expired`, `revoke_scope data_extensions_read`. */
function effectOf(type: string, value: string | undefined): Record<string, unknown> {
  const field =
    type === 'latency' ? 'ms' : type === 'status' ? 'status' : type === 'revoke_scope' ? 'scope' : undefined;
  if (field === undefined) {
    if (value !== undefined && (type === 'drop' || type === 'token_expired'))
      throw new UsageError(`the effect ${type} takes no value, got "${value.slice(0, 50)}"`);
    return { type };
  }
  if (value === undefined) {
    throw new UsageError(
      `the effect ${type} needs a value`,
      type === 'revoke_scope'
        ? 'e.g. revoke_scope data_extensions_read'
        : `e.g. ${type} ${type === 'latency' ? 2000 : 503}`,
    );
  }
  return { type, [field]: field === 'scope' ? value : numberOrText(value) };
}

function triggerOf(opts: AddFlags): Record<string, unknown> | undefined {
  const given = (['nth', 'next', 'probability'] as const).filter((k) => opts[k] !== undefined);
  if (given.length > 1)
    throw new UsageError(
      `use one of --nth, --next, --probability, got ${given.map((g) => `--${g}`).join(' and ')}`,
    );
  if (opts.seed !== undefined && opts.probability === undefined)
    throw new UsageError('--seed goes with --probability');
  if (opts.nth !== undefined) return { type: 'nth', n: numberOrText(opts.nth) };
  if (opts.next !== undefined) return { type: 'next', count: numberOrText(opts.next) };
  if (opts.probability !== undefined) {
    return {
      type: 'probability',
      p: numberOrText(opts.probability),
      ...(opts.seed === undefined ? {} : { seed: numberOrText(opts.seed) }),
    };
  }
  return undefined;
}

function describeMatch(r: FaultRule): string {
  const parts = [r.method, r.path, r.action, r.clientId ? `client ${r.clientId}` : undefined];
  return parts.filter((p) => p !== undefined).join(' ') || '*';
}

function describeEffect(e: FaultRule['effect']): string {
  return [e.type, e.ms !== undefined ? `${e.ms} ms` : undefined, e.status, e.scope]
    .filter((p) => p !== undefined)
    .join(' ');
}

function describeTrigger(t: FaultRule['trigger']): string {
  if (t.type === 'nth') return `request #${t.n}`;
  if (t.type === 'next') return `next ${t.count}`;
  if (t.type === 'probability') return `p=${t.p} seed=${t.seed}`;
  return t.type;
}

/** `packgate faults add|list|clear`: fault rules of a tenant (issue 10 part 6). */
export const registerFaults: RegisterVerb = (program, cli) => {
  const group = program
    .command('faults')
    .description(
      "a tenant's fault rules: latency, errors, dropped connections, expired tokens, revoked scopes",
    );

  const add = adminOptions(
    group
      .command('add')
      .description('add a fault rule (after the existing ones; the first fired rule that answers wins)')
      .argument('<route>', 'token, authorize, rest or soap')
      .argument('<effect>', 'latency, status, drop, token_expired (rest, soap) or revoke_scope (rest, soap)')
      .argument('[value]', 'latency: milliseconds; status: the HTTP status; revoke_scope: the scope')
      .option(
        '--path <glob>',
        'rest: path below the REST base URI (* one segment, ** any depth), e.g. /data/**',
      )
      .option('--method <method>', 'rest: GET, POST, PUT, PATCH or DELETE')
      .option('--action <action>', 'soap: Retrieve, Create, Update or Delete')
      .option('--client-id <id>', 'only requests of this client')
      .option('--nth <n>', 'fire on the nth matching request only')
      .option('--next <n>', 'fire on the next n matching requests')
      .option('--probability <p>', 'fire with probability p (0 < p ≤ 1), reproducibly')
      .option('--seed <seed>', 'with --probability: the generator seed (default: chosen and shown)'),
  );
  cli.action<AddFlags>(add, async (opts, args) => {
    const [route, type, value] = args as [string, string, string | undefined];
    const trigger = triggerOf(opts);
    const rule = {
      route,
      ...(opts.path === undefined ? {} : { path: opts.path }),
      ...(opts.method === undefined ? {} : { method: opts.method.toUpperCase() }),
      ...(opts.action === undefined ? {} : { action: opts.action }),
      ...(opts.clientId === undefined ? {} : { clientId: opts.clientId }),
      effect: effectOf(type, value),
      ...(trigger === undefined ? {} : { trigger }),
    };
    const admin = adminClientFor(cli.ctx, opts);
    // Values go as typed (route, effect, numbers or text): the server validates them and names the field.
    const body = await admin.request('createFaultRule', {
      sub: await admin.tenant(),
      body: rule as AdminRequestBody<'createFaultRule'>,
    });
    printResult(cli.ctx, opts.json, body, (r) =>
      formatRecord([
        ['id', r.id],
        ['route', r.route],
        ['match', describeMatch(r)],
        ['effect', describeEffect(r.effect)],
        ['fires', describeTrigger(r.trigger)],
      ]),
    );
    return 0;
  });

  cli.action<AdminFlags>(
    adminOptions(
      group.command('list').description('list fault rules in evaluation order, with how often each fired'),
    ),
    async (opts) => {
      const admin = adminClientFor(cli.ctx, opts);
      const body = await admin.request('listFaultRules', { sub: await admin.tenant() });
      printResult(cli.ctx, opts.json, body, (b) =>
        formatTable(
          [
            { header: 'id', cell: (r: FaultRule) => r.id },
            { header: 'route', cell: (r) => r.route },
            { header: 'match', cell: (r) => describeMatch(r) },
            { header: 'effect', cell: (r) => describeEffect(r.effect) },
            { header: 'fires', cell: (r) => describeTrigger(r.trigger) },
            { header: 'matched', cell: (r) => r.matched },
            { header: 'fired', cell: (r) => r.fired },
          ],
          b.items,
        ),
      );
      return 0;
    },
  );

  cli.action<AdminFlags>(
    adminOptions(group.command('clear').description('remove every fault rule of the tenant')),
    async (opts) => {
      const admin = adminClientFor(cli.ctx, opts);
      const body = await admin.request('clearFaultRules', { sub: await admin.tenant() });
      printResult(
        cli.ctx,
        opts.json,
        body,
        (b) => `removed ${b.removed} fault rule${b.removed === 1 ? '' : 's'}\n`,
      );
      return 0;
    },
  );
};
