import { parseList } from '../admin/parse-list.js';
import { UsageError } from '../cli-error.js';
import type { CheckResult } from '../doctor/check-result.js';
import type { DoctorReport } from '../doctor/run-doctor.js';
import type { TokenFlags } from '../tokens/read-token-options.js';
import { parseTimeoutMs } from '../tokens/timeout-option.js';
import type { RegisterVerb } from './verb.js';

const MARK: Record<CheckResult['status'], string> = {
  pass: 'ok  ',
  warn: 'WARN',
  fail: 'FAIL',
  skip: 'skip',
};

function render(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.title.length));
  const lines = [`packgate doctor: ${report.authBaseUri}`];
  for (const c of report.checks) {
    lines.push(`  ${MARK[c.status]}  ${c.title.padEnd(width)}  ${c.detail}`);
    if (c.fix && (c.status === 'fail' || c.status === 'warn')) lines.push(`        fix: ${c.fix}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  lines.push(failed === 0 ? 'All checks passed.' : `${failed} check${failed === 1 ? '' : 's'} failed.`);
  return `${lines.join('\n')}\n`;
}

/** `packgate doctor`: the setup checklist against an auth base URI and client credentials. */
export const registerDoctor: RegisterVerb = (program, cli) => {
  const cmd = program
    .command('doctor')
    .description(
      'walk the setup checklist (URL, DNS, TCP, credentials, BU access, scopes, token, REST) and name each fix',
    )
    .option('--auth-base-uri <uri>', 'Authentication Base URI (env PACKGATE_AUTH_BASE_URI)')
    .option('--client-id <id>', 'client id (env PACKGATE_CLIENT_ID)')
    .option('--client-secret <secret>', 'client secret (prefer env PACKGATE_CLIENT_SECRET)')
    .option('--account-id <mid>', 'also check access to this business unit (MID)')
    .option('--expect-scopes <scopes>', 'scopes the integration must grant (space- or comma-separated)')
    .option('--form', 'send the token request form-encoded instead of JSON')
    .option('--timeout-ms <ms>', 'per-step timeout (default 5000)');

  cli.action<TokenFlags & { expectScopes?: string; form?: boolean; json?: boolean }>(cmd, async (opts) => {
    const { env } = cli.ctx;
    const rawAuthBaseUri = opts.authBaseUri ?? env.authBaseUri;
    const clientId = opts.clientId ?? env.clientId;
    const clientSecret = opts.clientSecret ?? env.clientSecret;
    if (!rawAuthBaseUri)
      throw new UsageError('no auth base URI', 'pass --auth-base-uri or set PACKGATE_AUTH_BASE_URI');
    if (!clientId || !clientSecret) {
      throw new UsageError(
        'no client credentials',
        'pass --client-id and set PACKGATE_CLIENT_SECRET (or --client-secret)',
      );
    }
    const accountId = opts.accountId?.trim();
    if (accountId !== undefined && !/^[1-9]\d{0,14}$/.test(accountId)) {
      throw new UsageError(`--account-id must be the numeric MID of a business unit, got "${accountId}"`);
    }
    // Loaded here, not at the top: `packgate doctor --help` starts without the SDK.
    const { runDoctor } = await import('../doctor/run-doctor.js');
    const report = await runDoctor(cli.ctx.fetch, {
      rawAuthBaseUri,
      clientId: clientId.trim(),
      clientSecret: clientSecret.trim(),
      accountId,
      expectedScopes: parseList(opts.expectScopes),
      timeoutMs: parseTimeoutMs(opts.timeoutMs),
      form: Boolean(opts.form),
    });
    cli.ctx.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
    return report.ok ? 0 : 1;
  });
};
