import { type CheckResult, check } from './check-result.js';

/** `scope` is space-separated; an absent or empty one means no scopes. */
export function grantedScopes(body: Record<string, unknown>): string[] {
  return typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [];
}

export function checkScopes(body: Record<string, unknown>, expected: readonly string[]): CheckResult {
  const granted = grantedScopes(body);
  if (expected.length === 0) {
    return granted.length === 0
      ? check(
          'scopes',
          'scopes',
          'warn',
          'the token has no scopes',
          'add the scopes the integration needs (`packgate integration set-scopes`)',
        )
      : check('scopes', 'scopes', 'pass', `granted: ${granted.join(' ')}`);
  }
  const missing = expected.filter((s) => !granted.includes(s));
  if (missing.length > 0) {
    return check(
      'scopes',
      'scopes',
      'fail',
      `missing: ${missing.join(' ')} (granted: ${granted.join(' ') || 'none'})`,
      `add ${missing.join(', ')} to the integration (Installed Packages → API Integration → Edit, or \`packgate integration set-scopes\`)`,
    );
  }
  return check('scopes', 'scopes', 'pass', `all expected scopes granted (${expected.join(' ')})`);
}

/** token_type, expires_in and the instance URLs that clients build their requests from. */
export function checkTokenFields(body: Record<string, unknown>): CheckResult {
  const problems: string[] = [];
  if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer') {
    problems.push(`token_type is ${JSON.stringify(body.token_type)}, expected "Bearer"`);
  }
  const expiresIn = body.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    problems.push('expires_in is missing: clients cannot know when to refresh');
  }
  for (const field of ['rest_instance_url', 'soap_instance_url']) {
    const value = body[field];
    if (typeof value !== 'string') problems.push(`${field} is missing`);
    else if (!value.endsWith('/')) problems.push(`${field} lacks its trailing slash`);
  }
  if (problems.length > 0) {
    return check(
      'token-fields',
      'token expiry and fields',
      'warn',
      problems.join('; '),
      'clients rely on these fields: check the server',
    );
  }
  const lifetime = expiresIn as number;
  return check(
    'token-fields',
    'token expiry and fields',
    'pass',
    `Bearer, expires in ${lifetime} s (refresh before then and reuse it meanwhile)`,
  );
}
