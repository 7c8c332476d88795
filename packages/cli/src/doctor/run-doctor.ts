import { isTenantShapedAuthBaseUri, type PackgateClientError } from '@packgate/client';
import { normalizeAuthBaseUri } from '../tokens/normalize-auth-base-uri.js';
import { requestToken, type TokenOutcome, type TokenRequest } from '../tokens/request-token.js';
import { checkDns, checkTcp } from './check-reachability.js';
import { type CheckResult, check } from './check-result.js';
import { checkTokenContext } from './check-token-context.js';
import { checkScopes, checkTokenFields } from './check-token-fields.js';
import { checkUrlShape } from './check-url-shape.js';

export interface DoctorInput {
  readonly rawAuthBaseUri: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accountId: string | undefined;
  readonly expectedScopes: readonly string[];
  readonly timeoutMs: number;
  readonly form: boolean;
}

export interface DoctorReport {
  readonly authBaseUri: string;
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
}

const skipped = (id: string, title: string, why: string) => check(id, title, 'skip', why);

/** The SDK's error as a failed check: its message without the request preamble, its hint as the fix. */
function failedToken(id: string, title: string, error: PackgateClientError): CheckResult {
  return check(
    id,
    title,
    'fail',
    error.message.replace(/^token request \([a-z_]+\) failed: /, ''),
    error.hint,
  );
}

const failureOf = (outcome: TokenOutcome) => (outcome.kind === 'failure' ? outcome.error : undefined);

/** Walks the setup checklist in order; a failed step skips the steps that depend on it. */
export async function runDoctor(fetchFn: typeof fetch, input: DoctorInput): Promise<DoctorReport> {
  const checks: CheckResult[] = [];
  const finish = (authBaseUri: string): DoctorReport => ({
    authBaseUri,
    ok: !checks.some((c) => c.status === 'fail'),
    checks,
  });
  const shape = checkUrlShape(input.rawAuthBaseUri);
  checks.push(shape.result);
  if (!shape.usable) return finish(input.rawAuthBaseUri);
  const authBaseUri = normalizeAuthBaseUri(input.rawAuthBaseUri);
  const url = new URL(authBaseUri);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));

  const dns = await checkDns(url.hostname);
  checks.push(dns);
  const tcp =
    dns.status === 'fail'
      ? skipped('tcp', 'TCP connect', 'no address')
      : await checkTcp(url.hostname, port, input.timeoutMs);
  checks.push(tcp);
  const laterSteps: [string, string][] = [
    ['credentials', 'client credentials'],
    ['account', 'business unit access'],
    ['scopes', 'scopes'],
    ['token-fields', 'token expiry and fields'],
    ['token-context', 'REST tokenContext'],
  ];
  if (tcp.status === 'fail' || tcp.status === 'skip') {
    for (const [id, title] of laterSteps) checks.push(skipped(id, title, 'server not reachable'));
    return finish(authBaseUri);
  }

  // Credentials first at the package's own BU, so a wrong secret and a disabled BU are told apart.
  const base: TokenRequest = {
    authBaseUri,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    timeoutMs: input.timeoutMs,
    form: input.form,
  };
  const first = await requestToken(fetchFn, base);
  if (first.kind === 'failure' && first.error.code === 'ERR_TIMEOUT') {
    // TCP connected a moment ago: the host is there and silent, which a wrong domain is not.
    checks.push(
      check(
        'credentials',
        'client credentials',
        'fail',
        `${url.host} accepted the connection but did not answer within ${input.timeoutMs} ms`,
        isTenantShapedAuthBaseUri(authBaseUri)
          ? 'the server is stuck or overloaded: check it (its /readyz), retry, or raise --timeout-ms'
          : 'something listens there that is not an authorization server: is this the Authentication Base URI of the API Integration?',
      ),
    );
    for (const [id, title] of laterSteps.slice(1)) checks.push(skipped(id, title, 'no token'));
    return finish(authBaseUri);
  }
  const firstFailure = failureOf(first);
  // A BU refusal proves the secret was accepted: the credentials are right, the access is not.
  const credentialsOk = !firstFailure || firstFailure.code === 'ERR_UNAUTHORIZED_CLIENT';
  checks.push(
    !firstFailure
      ? check('credentials', 'client credentials', 'pass', `client ${input.clientId} authenticated`)
      : credentialsOk
        ? check('credentials', 'client credentials', 'pass', "accepted (the package's own BU is not enabled)")
        : failedToken('credentials', 'client credentials', firstFailure),
  );
  if (!credentialsOk) {
    for (const [id, title] of laterSteps.slice(1)) checks.push(skipped(id, title, 'no token'));
    return finish(authBaseUri);
  }

  let outcome = first;
  if (input.accountId !== undefined) {
    const withAccount = { ...base, accountId: input.accountId };
    outcome = await requestToken(fetchFn, withAccount);
    const failure = failureOf(outcome);
    checks.push(
      failure
        ? failedToken('account', 'business unit access', failure)
        : check('account', 'business unit access', 'pass', `tokens for MID ${input.accountId} are allowed`),
    );
  } else if (firstFailure) {
    checks.push(failedToken('account', 'business unit access', firstFailure));
  } else {
    checks.push(
      check(
        'account',
        'business unit access',
        'pass',
        "the package's own business unit (pass --account-id to check another)",
      ),
    );
  }
  const body = outcome.kind === 'token' ? outcome.response : undefined;
  if (!body || typeof body.access_token !== 'string') {
    for (const [id, title] of laterSteps.slice(2)) checks.push(skipped(id, title, 'no token'));
    return finish(authBaseUri);
  }
  checks.push(checkScopes(body, input.expectedScopes));
  checks.push(checkTokenFields(body));
  checks.push(
    await checkTokenContext(
      fetchFn,
      body.rest_instance_url,
      body.access_token,
      input.accountId,
      input.timeoutMs,
    ),
  );
  return finish(authBaseUri);
}
