import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { HostMode } from '@packgate/client/admin';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { CliError, UsageError } from '../cli-error.js';
import { BEGIN_MARKER, END_MARKER, hostsLines } from '../dropin/hosts-block.js';
import { applyHostsLines, backupPath, removeHostsLines } from '../dropin/hosts-file.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

interface DropinFlags extends AdminFlags {
  apply?: boolean;
  remove?: boolean;
  hostsFile?: string;
  address?: string;
}

const DEFAULT_HOSTS_FILE = '/etc/hosts';

/** The address clients should use: the listening IP, unless Packgate listens on every interface. */
function clientAddress(listenHost: string): string {
  if (isIP(listenHost) === 0 || listenHost === '0.0.0.0' || listenHost === '::') return '127.0.0.1';
  return listenHost;
}

const shellQuote = (value: string) =>
  /^[\w./:=@+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * `packgate dropin`: what a machine needs so that unmodified Marketing Cloud SDKs reach this
 * Packgate (decision 0005): hosts-file lines (`--apply` writes them, `--remove` takes them out),
 * NODE_EXTRA_CA_CERTS, and the Node preload for suites that cannot touch the hosts file.
 */
export const registerDropin: RegisterVerb = (program, cli) => {
  const cmd = adminOptions(
    program
      .command('dropin')
      .description(
        'print (or --apply to the hosts file) what makes unmodified Marketing Cloud SDKs talk to this Packgate: hosts lines, NODE_EXTRA_CA_CERTS, a Node preload',
      )
      .option(
        '--apply',
        'write the hosts lines into the hosts file, between marker comments (keeps a backup)',
      )
      .option('--remove', 'take the marked hosts lines out again (needs no server)')
      .option('--hosts-file <path>', `hosts file for --apply/--remove (default ${DEFAULT_HOSTS_FILE})`)
      .option(
        '--address <ip>',
        "Packgate's address as clients reach it (default: the address it listens on)",
      ),
    { tenant: false },
  );
  cli.action<DropinFlags>(cmd, async (opts) => {
    const { ctx } = cli;
    if (opts.apply && opts.remove) throw new UsageError('--apply and --remove exclude each other');
    if (opts.hostsFile && !opts.apply && !opts.remove) {
      throw new UsageError('--hosts-file needs --apply or --remove');
    }
    if (opts.address !== undefined && isIP(opts.address) === 0) {
      throw new UsageError(`--address: expected an IP address, got "${opts.address.slice(0, 100)}"`);
    }
    const hostsFile = resolve(ctx.cwd, opts.hostsFile ?? DEFAULT_HOSTS_FILE);
    if (opts.remove) {
      const removed = removeHostsLines(hostsFile);
      printResult(
        ctx,
        opts.json,
        { hostsFile, removed, backup: removed ? backupPath(hostsFile) : null },
        (r) =>
          r.removed
            ? `removed the Packgate lines from ${r.hostsFile} (the file before: ${r.backup})\n`
            : `${r.hostsFile} has no Packgate lines; nothing changed\n`,
      );
      return 0;
    }

    const admin = adminClientFor(ctx, opts);
    let hostMode: HostMode;
    try {
      hostMode = await admin.request('getHostMode');
    } catch (err) {
      if (err instanceof CliError && err.code === 'ERR_NOT_FOUND') {
        throw new CliError('ERR_HOST_MODE_OFF', 'this Packgate is not in host mode', {
          hint: 'start it with PACKGATE_BASE_DOMAIN=marketingcloudapis.com (and PACKGATE_TLS_PORT / PACKGATE_TLS_PUBLIC_PORT)',
        });
      }
      throw err;
    }
    const tenants = await admin.request('listTenants');
    const address = opts.address ?? clientAddress(hostMode.listenHost);
    const lines = hostsLines(
      address,
      hostMode.baseDomain,
      tenants.items.map((t) => t.subdomain),
    );
    const environment = {
      NODE_EXTRA_CA_CERTS: hostMode.caCertificatePath,
      PACKGATE_DROPIN_DOMAIN: hostMode.baseDomain,
      PACKGATE_DROPIN_ADDRESS: address,
      PACKGATE_DROPIN_TLS_PORT: String(hostMode.tlsPort),
      PACKGATE_DROPIN_CA: hostMode.caCertificatePath,
      NODE_OPTIONS: '--import packgate/dropin',
    };
    // Hosts lines name hosts, not ports: they suffice only where HTTPS listens on the URIs' port.
    const hostsSuffice = hostMode.tlsPort === hostMode.tlsPublicPort;
    const applied = opts.apply ? applyHostsLines(hostsFile, lines) : undefined;
    const result = {
      baseDomain: hostMode.baseDomain,
      address,
      tlsPort: hostMode.tlsPort,
      tlsPublicPort: hostMode.tlsPublicPort,
      caCertificatePath: hostMode.caCertificatePath,
      caFingerprint256: hostMode.caFingerprint256,
      hostsLines: lines,
      hostsLinesSuffice: hostsSuffice,
      environment,
      ...(opts.apply ? { hostsFile, applied, backup: applied ? backupPath(hostsFile) : null } : {}),
    };
    printResult(ctx, opts.json, result, (r) => {
      const out: string[] = [];
      if (opts.apply) {
        out.push(
          r.applied
            ? `wrote ${lines.length} tenant line(s) into ${hostsFile} (the file before: ${backupPath(hostsFile)})`
            : `${hostsFile} already has these lines; nothing changed`,
          '',
        );
      }
      out.push(
        `# 1. Hosts file lines (\`packgate dropin --apply\` writes them into ${DEFAULT_HOSTS_FILE}; --remove takes them out):`,
        BEGIN_MARKER,
        ...lines,
        END_MARKER,
      );
      if (!hostsSuffice) {
        out.push(
          `#    HTTPS listens on ${r.tlsPort} but the base URIs say ${r.tlsPublicPort}: hosts lines alone do not reach it; use 3.`,
        );
      }
      out.push(
        '',
        '# 2. Trust the local CA in Node processes:',
        `export NODE_EXTRA_CA_CERTS=${shellQuote(r.caCertificatePath)}`,
        '',
        '# 3. Or, without touching the hosts file, inside Node processes only (the preload sends *.{domain} to Packgate):',
        `export PACKGATE_DROPIN_DOMAIN=${shellQuote(r.baseDomain)} PACKGATE_DROPIN_ADDRESS=${shellQuote(address)} PACKGATE_DROPIN_TLS_PORT=${r.tlsPort} PACKGATE_DROPIN_CA=${shellQuote(r.caCertificatePath)}`,
        `export NODE_OPTIONS="--import packgate/dropin"`,
        '',
        `# CA SHA-256 ${r.caFingerprint256}`,
      );
      return `${out.join('\n')}\n`;
    });
    return 0;
  });
};
