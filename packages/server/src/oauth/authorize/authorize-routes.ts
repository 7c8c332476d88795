import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { AccessDenied, OAuthError } from '../../errors/oauth-errors.js';
import { documented } from '../../openapi/documented.js';
import type { ClientEntry, TenantEntry } from '../../setup/directory/client-directory.js';
import { checkCredentials } from '../../setup/users/check-credentials.js';
import {
  checkUserHoldsRequestedScope,
  grantUserScopes,
  resolveUserBusinessUnit,
} from '../../setup/users/user-access.js';
import {
  type FormContext,
  renderAuthorizeErrorPage,
  renderChooseBusinessUnitPage,
  renderLoginPage,
} from '../../web/authorize-pages.js';
import type { CsrfGuard } from '../../web/csrf.js';
import { PAGE_HEADERS } from '../../web/html.js';
import {
  type ActiveSession,
  ensureCsrfBinding,
  readCsrfBinding,
  readLoginSession,
  startLoginSession,
} from '../../web/login-session.js';
import { LoginThrottle } from '../../web/login-throttle.js';
import { AUTH_OPERATIONS } from '../auth-openapi.js';
import { type OAuthParameters, toOAuthParameters } from '../parse-parameters.js';
import { resolveTenant } from '../resolve-tenant.js';
import { parseAccountId } from '../token/resolve-business-unit.js';
import {
  AUTHORIZE_PARAMETERS,
  type AuthorizationRequest,
  checkAuthorizationRequest,
  stateToEcho,
} from './check-authorization-request.js';
import { issueAuthorizationCode } from './issue-authorization-code.js';
import { parseAuthorizeQuery } from './parse-authorize-parameters.js';
import { buildRedirectUrl } from './redirect-url.js';
import { resolveAuthorizeClient } from './resolve-authorize-client.js';

type Params = { Params: { subdomain: string } };

/**
 * `GET {auth}v2/authorize` and the login form's `POST` back to it (PRODUCT.md §4, issue 3):
 * resolve tenant → trust client and redirect URI (else error page) → check the request (else
 * error redirect) → who is the user (session, or the login form) → licence → BU (chooser) →
 * scopes → code redirect with `code`, `state`, `tssd`.
 */
export function registerAuthorizeRoutes(app: FastifyInstance, ctx: AppContext, csrf: CsrfGuard): void {
  const throttle = new LoginThrottle(ctx.rateLimits);
  app.get<Params>(
    '/:subdomain/auth/v2/authorize',
    documented(AUTH_OPERATIONS.authorize),
    async (request, reply) => {
      const { params, duplicated } = parseAuthorizeQuery(request.url);
      return authorize(request, reply, params, duplicated, undefined);
    },
  );
  app.post<Params>(
    '/:subdomain/auth/v2/authorize',
    documented(AUTH_OPERATIONS.authorizeForm),
    async (request, reply) => {
      const params = toOAuthParameters(request.body);
      return authorize(request, reply, params, new Set(), params);
    },
  );

  async function authorize(
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    params: OAuthParameters,
    duplicated: ReadonlySet<string>,
    form: OAuthParameters | undefined,
  ) {
    let tenant: TenantEntry;
    let target: { client: ClientEntry; redirectUri: string };
    try {
      tenant = await resolveTenant(ctx, request.params.subdomain);
      target = await resolveAuthorizeClient(params, duplicated, tenant, ctx.directory);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      return sendPage(reply, err.statusCode, renderAuthorizeErrorPage(err.error, err.description));
    }
    const echo = { state: stateToEcho(params, duplicated), iss: tenant.baseUris.authBaseUri };
    try {
      const authz = checkAuthorizationRequest(
        params,
        duplicated,
        target.client.integration,
        target.redirectUri,
      );
      return await authenticateAndDecide(request, reply, tenant, target.client, authz, params, form);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      // RFC 6749 §4.1.2.1: the client learns of the error at its (verified) redirect URI.
      const location = buildRedirectUrl(target.redirectUri, {
        error: err.error,
        error_description: err.description,
        ...echo,
      });
      return reply
        .code(form ? 303 : 302)
        .header('cache-control', 'no-store')
        .redirect(location);
    }
  }

  async function authenticateAndDecide(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: TenantEntry,
    client: ClientEntry,
    authz: AuthorizationRequest,
    params: OAuthParameters,
    form: OAuthParameters | undefined,
  ) {
    const binding = ensureCsrfBinding(request, reply, tenant);
    const pageForm: FormContext = {
      action: `${tenant.baseUris.authBaseUri}v2/authorize`,
      parameters: Object.fromEntries(AUTHORIZE_PARAMETERS.map((name) => [name, params[name]])),
      csrfToken: csrf.tokenFor(binding),
    };
    const appName = await applicationName(client);
    let session = await readLoginSession(ctx, request, tenant);
    let chosenMid: number | undefined;
    if (form) {
      if (!csrf.isValid(readCsrfBinding(request), form.csrf_token)) {
        // A forged or stale post (login CSRF): no login, no code; a fresh form instead.
        return sendPage(
          reply,
          403,
          renderLoginPage(pageForm, { appName, error: 'The sign-in form expired. Sign in again.' }),
        );
      }
      if (form.action === 'login') {
        const username = form.username ?? '';
        const attempt = await throttle.attempt(tenant.tenant.id, username, request.ip);
        if (attempt.refused) {
          const wait = attempt.retryAfterSeconds;
          reply.header('retry-after', String(wait));
          const error =
            attempt.refused === 'username'
              ? `Too many failed sign-ins for this username: try again in ${wait} seconds.`
              : `Too many failed sign-ins from your network: try again in ${wait} seconds.`;
          return sendPage(reply, 429, renderLoginPage(pageForm, { appName, error, username }));
        }
        const found = await checkCredentials(ctx.store, tenant.tenant.id, username, form.password ?? '');
        // A user deleted between the password check and the session counts as unknown.
        session = found && (await startLoginSession(ctx, reply, tenant, found));
        if (!session) {
          const error = 'The username or password is not correct.';
          return sendPage(reply, 401, renderLoginPage(pageForm, { appName, error, username }));
        }
        await attempt.succeeded();
      } else if (form.action === 'choose' && session) {
        chosenMid = parseAccountId(form.mid);
      }
    }
    if (!session) return sendPage(reply, 200, renderLoginPage(pageForm, { appName }));
    return decide(reply, tenant, client, authz, session, chosenMid, pageForm, appName, form !== undefined);
  }

  async function decide(
    reply: FastifyReply,
    tenant: TenantEntry,
    client: ClientEntry,
    authz: AuthorizationRequest,
    session: ActiveSession,
    chosenMid: number | undefined,
    pageForm: FormContext,
    appName: string,
    isPost: boolean,
  ) {
    const { user } = session;
    if (!(await ctx.store.users.isLicensed(client.integration.clientId, user.id))) {
      throw new AccessDenied(
        'The user has no licence for this app: an administrator assigns it on the Access tab.',
      );
    }
    const decision = resolveUserBusinessUnit(user, authz.accountId ?? chosenMid);
    if (decision.kind === 'choose') {
      const names = new Map(
        (await ctx.store.tenants.listBusinessUnits(tenant.tenant.id)).map((bu) => [bu.mid, bu.name]),
      );
      const units = decision.memberships.map((m) => ({
        mid: m.mid,
        name: names.get(m.mid) ?? String(m.mid),
      }));
      return sendPage(
        reply,
        200,
        renderChooseBusinessUnitPage(pageForm, { appName, username: user.username, units }),
      );
    }
    const scopes = grantUserScopes(authz.scopes, decision.membership);
    checkUserHoldsRequestedScope(authz.scopes, scopes);
    const code = await issueAuthorizationCode(ctx, {
      tenantId: tenant.tenant.id,
      clientId: client.integration.clientId,
      userId: user.id,
      sessionHash: session.idHash,
      mid: decision.membership.mid,
      redirectUri: authz.redirectUri,
      scopes,
      codeChallenge: authz.codeChallenge,
      now: ctx.clock.now(),
    });
    const location = buildRedirectUrl(authz.redirectUri, {
      code,
      state: authz.state,
      tssd: tenant.tenant.subdomain,
      iss: tenant.baseUris.authBaseUri,
    });
    return reply
      .code(isPost ? 303 : 302)
      .header('cache-control', 'no-store')
      .redirect(location);
  }

  async function applicationName(client: ClientEntry): Promise<string> {
    const pkg = await ctx.store.packages.findPackage(
      client.integration.tenantId,
      client.integration.packageId,
    );
    return pkg?.name ?? 'An application';
  }
}

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).headers(PAGE_HEADERS).send(html);
}
