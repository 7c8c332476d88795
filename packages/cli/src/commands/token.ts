import type { TokenFlags } from '../tokens/read-token-options.js';
import type { RegisterVerb } from './verb.js';

/** `packgate token`: a client-credentials token from any auth base URI (Packgate or Marketing Cloud). */
export const registerToken: RegisterVerb = (program, cli) => {
  const cmd = program
    .command('token')
    .description(
      'request a client-credentials access token from an auth base URI (Packgate or Marketing Cloud)',
    )
    .option('--auth-base-uri <uri>', 'Authentication Base URI (env PACKGATE_AUTH_BASE_URI)')
    .option('--client-id <id>', 'client id of the API Integration (env PACKGATE_CLIENT_ID)')
    .option(
      '--client-secret <secret>',
      'client secret (prefer env PACKGATE_CLIENT_SECRET: keeps it out of history)',
    )
    .option('--account-id <mid>', "MID of the business unit the token is for (default: the package's BU)")
    .option('--scope <scopes>', 'space-separated scopes (default: all of the integration\'s; "" for none)')
    .option('--form', 'send application/x-www-form-urlencoded instead of JSON')
    .option('--timeout-ms <ms>', 'give up after this many milliseconds (default 5000)')
    .option('--json', 'print the whole token response as JSON (default: the access token only)')
    .addHelpText(
      'after',
      '\nExample:\n  PACKGATE_CLIENT_SECRET=… packgate token --auth-base-uri https://mc….auth.marketingcloudapis.com/ --client-id abc…',
    );

  cli.action<TokenFlags & { scope?: string; form?: boolean; json?: boolean }>(cmd, async (opts) => {
    // Loaded here, not at the top: `packgate token --help` starts without the SDK (which
    // read-token-options also imports, through normalize-auth-base-uri).
    const { readTokenOptions } = await import('../tokens/read-token-options.js');
    const req = { ...readTokenOptions(opts, cli.ctx.env), scope: opts.scope, form: Boolean(opts.form) };
    const { requestToken } = await import('../tokens/request-token.js');
    const { cliErrorFromClientError } = await import('../tokens/cli-error-from-client-error.js');
    const outcome = await requestToken(cli.ctx.fetch, req);
    if (outcome.kind === 'failure') throw cliErrorFromClientError(outcome.error);
    const body = outcome.response;
    if (opts.json) cli.ctx.stdout(`${JSON.stringify(body, null, 2)}\n`);
    else {
      cli.ctx.stdout(`${String(body.access_token)}\n`);
      const scope = typeof body.scope === 'string' && body.scope ? body.scope : '(none)';
      cli.ctx.stderr(
        `expires in ${String(body.expires_in)} s · scope: ${scope} · rest: ${String(body.rest_instance_url)}\n`,
      );
    }
    return 0;
  });
};
