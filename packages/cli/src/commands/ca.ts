import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

interface CaFlags {
  dataDir?: string;
  json?: boolean;
}

/** `{dataDir}/tls/ca.pem` as the server writes it (server tls/ensure-tls-material.ts). */
function readCa(ctx: CliContext, flags: CaFlags): { path: string; pem: string; fingerprint256: string } {
  const dataDir = resolve(ctx.cwd, flags.dataDir ?? ctx.env.dataDir ?? './.packgate');
  const path = join(dataDir, 'tls', 'ca.pem');
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(
      'ERR_NO_CA',
      `no local CA at ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      {
        hint: 'start `packgate serve` with PACKGATE_BASE_DOMAIN (host mode) once: it creates the CA; or pass --data-dir',
      },
    );
  }
  let fingerprint256: string;
  try {
    fingerprint256 = new X509Certificate(pem).fingerprint256;
  } catch {
    throw new CliError('ERR_NO_CA', `${path} holds no readable certificate`, {
      hint: 'delete {dataDir}/tls/ and start `packgate serve` in host mode again to create a new CA',
    });
  }
  return { path, pem, fingerprint256 };
}

/** `packgate ca path|export`: the local CA of host mode, for NODE_EXTRA_CA_CERTS or a trust store. */
export const registerCa: RegisterVerb = (program, cli) => {
  const group = program
    .command('ca')
    .description("host mode's local certificate authority (in {dataDir}/tls/)");
  const dataDirOption = '--data-dir <path>';
  const dataDirHelp = "the server's data directory (env PACKGATE_DATA_DIR; default ./.packgate)";

  cli.action<CaFlags>(
    group
      .command('path')
      .description('print the path of the CA certificate (for NODE_EXTRA_CA_CERTS)')
      .option(dataDirOption, dataDirHelp),
    async (opts) => {
      const ca = readCa(cli.ctx, opts);
      printResult(
        cli.ctx,
        opts.json,
        { path: ca.path, fingerprint256: ca.fingerprint256 },
        (v) => `${v.path}\n`,
      );
      return 0;
    },
  );

  cli.action<CaFlags>(
    group.command('export').description('print the CA certificate (PEM)').option(dataDirOption, dataDirHelp),
    async (opts) => {
      const ca = readCa(cli.ctx, opts);
      printResult(cli.ctx, opts.json, ca, (v) => v.pem);
      return 0;
    },
  );
};
