import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { AdminError, NotFound } from '../../errors/admin-errors.js';
import { setIntegrationAccess } from '../../setup/packages/integration-service.js';
import { activateSecret, revokeSecret, stageSecret } from '../../setup/secrets/secret-service.js';
import { setLicenses } from '../../setup/users/user-service.js';
import {
  GRACE_CHOICES,
  renderAccessPage,
  renderActivateSecretPage,
  renderRevokeSecretPage,
  renderSecretsPage,
} from './access-secret-pages.js';
import { packagesUrl, packageUrl } from './package-pages.js';
import type { LoadPackage } from './package-routes.js';
import { formValue, formValues, sendPage, type TenantRequest } from './setup-kit.js';

type Pkg = { Params: { sub: string; id: string } };
type Secret = { Params: { sub: string; id: string; secretId: string } };

const hide = { schema: { hide: true } };

/** The Access and Secrets tabs of a package with an API Integration. */
export function registerAccessSecretRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  _tenantOf: (request: FastifyRequest) => TenantRequest,
  load: LoadPackage,
): void {
  const withIntegration = async (request: FastifyRequest<Pkg>) => {
    const loaded = await load(request);
    if (!loaded.integration)
      throw new NotFound('This package has no API Integration yet: add one on the Components tab.');
    const { t, pkg, sub } = loaded;
    const crumbs = [
      ['Apps'],
      ['Installed Packages', packagesUrl(sub)],
      [pkg.name, packageUrl(sub, pkg.id)],
    ] as const;
    return { ...loaded, integration: loaded.integration, crumbs, t };
  };

  const accessPage = async (
    loaded: Awaited<ReturnType<typeof withIntegration>>,
    status: number,
    message: { notice?: string; error?: string },
  ) => {
    const { t, pkg, sub, integration } = loaded;
    const frame = t.frame(`${pkg.name}: Access`, 'packages', [...loaded.crumbs, ['Access']]);
    const s2s = integration.integrationType === 'server-to-server';
    const units = await ctx.store.tenants.listBusinessUnits(t.tenant.id);
    const users = s2s ? [] : await ctx.store.users.listUsers(t.tenant.id, { limit: 500 });
    const licensed = new Set(s2s ? [] : await ctx.store.users.listLicensedUserIds(integration.clientId));
    return {
      status,
      html: renderAccessPage({
        frame,
        propagationSeconds: ctx.config.propagationSeconds,
        sub,
        pkg,
        integration,
        units,
        users,
        licensed,
        ...message,
      }),
    };
  };

  app.get<Pkg & { Querystring: { saved?: string } }>(
    '/:sub/packages/:id/access',
    hide,
    async (request, reply) => {
      const loaded = await withIntegration(request);
      const page = await accessPage(loaded, 200, request.query.saved ? { notice: 'Access saved.' } : {});
      return sendPage(reply, page.status, page.html);
    },
  );

  app.post<Pkg>('/:sub/packages/:id/access', hide, async (request, reply) => {
    const loaded = await withIntegration(request);
    const { t, pkg, sub, integration } = loaded;
    const now = ctx.clock.now();
    try {
      if (integration.integrationType === 'server-to-server') {
        const all = formValue(request.body, 'all') === 'true';
        const mids = formValues(request.body, 'mids').map((m) =>
          /^\d{1,12}$/.test(m) ? Number(m) : Number.NaN,
        );
        if (mids.some(Number.isNaN)) throw new NotFound('A business unit in the form does not exist.');
        await setIntegrationAccess(
          ctx.store,
          t.actor,
          t.tenant,
          integration,
          all ? { all: true } : { mids },
          now,
        );
      } else {
        const ids =
          formValue(request.body, 'go') === 'all'
            ? (await ctx.store.users.listUsers(t.tenant.id, { limit: 500 })).map((u) => u.id)
            : formValues(request.body, 'userIds').map((u) => (/^\d{1,15}$/.test(u) ? Number(u) : Number.NaN));
        if (ids.some(Number.isNaN)) throw new NotFound('A user in the form does not exist.');
        await setLicenses(ctx, t.actor, t.tenant, integration, ids, now);
      }
      ctx.directory.invalidateClient(integration.clientId);
    } catch (err) {
      if (!(err instanceof AdminError)) throw err;
      const page = await accessPage(loaded, 400, { error: err.message });
      return sendPage(reply, page.status, page.html);
    }
    return reply.code(303).redirect(`${packageUrl(sub, pkg.id, 'access')}?saved=1`);
  });

  const secretsPage = async (
    loaded: Awaited<ReturnType<typeof withIntegration>>,
    extra: {
      created?: { secret: string; expiresAt: number };
      notice?: string;
      error?: string;
      errors?: Record<string, string>;
    },
  ) => {
    const { t, pkg, sub, integration } = loaded;
    const frame = t.frame(`${pkg.name}: Secrets`, 'packages', [...loaded.crumbs, ['Secrets']]);
    return renderSecretsPage({
      frame,
      sub,
      pkg,
      integration,
      secrets: await ctx.store.secrets.listSecrets(integration.clientId),
      propagationSeconds: ctx.config.propagationSeconds,
      rotationIntervalSeconds: ctx.config.secretRotationIntervalSeconds,
      now: ctx.clock.now(),
      ...extra,
    });
  };

  app.get<Pkg & { Querystring: { activated?: string; revoked?: string } }>(
    '/:sub/packages/:id/secrets',
    hide,
    async (request, reply) => {
      const loaded = await withIntegration(request);
      const revoked = request.query.revoked;
      const graceLabel = GRACE_CHOICES.find(([seconds]) => String(seconds) === request.query.activated)?.[1];
      const notice = graceLabel
        ? `The staged secret is now active; the previous secret stops working ${graceLabel === 'immediately' ? 'at once' : graceLabel}.`
        : revoked !== undefined && /^\d{1,9}$/.test(revoked)
          ? `Secret revoked: it no longer authenticates, and ${revoked} access token(s) issued with it were revoked.`
          : undefined;
      return sendPage(reply, 200, await secretsPage(loaded, notice ? { notice } : {}));
    },
  );

  app.post<Pkg>('/:sub/packages/:id/secrets/stage', hide, async (request, reply) => {
    const loaded = await withIntegration(request);
    const description = formValue(request.body, 'description').trim();
    if (description.length > 200) {
      const errors = { description: 'Use at most 200 characters.' };
      return sendPage(reply, 400, await secretsPage(loaded, { errors }));
    }
    let staged: Awaited<ReturnType<typeof stageSecret>>;
    try {
      staged = await stageSecret(ctx.store, ctx.config, loaded.t.actor, loaded.integration, ctx.clock.now(), {
        ...(description ? { description } : {}),
      });
    } catch (err) {
      if (!(err instanceof AdminError)) throw err;
      return sendPage(reply, err.statusCode, await secretsPage(loaded, { error: err.message }));
    }
    ctx.directory.invalidateClient(loaded.integration.clientId);
    const created = { secret: staged.clientSecret, expiresAt: staged.record.expiresAt };
    return sendPage(reply, 201, await secretsPage(loaded, { created, notice: 'Staged secret generated.' }));
  });

  const findSecret = async (loaded: Awaited<ReturnType<typeof withIntegration>>, secretId: string) => {
    const secret = (await ctx.store.secrets.listSecrets(loaded.integration.clientId)).find(
      (s) => s.id === secretId,
    );
    if (secret?.state !== 'staged') throw new NotFound('There is no such staged secret on this integration.');
    return secret;
  };

  app.get<Secret>('/:sub/packages/:id/secrets/:secretId/activate', hide, async (request, reply) => {
    const loaded = await withIntegration(request);
    const secret = await findSecret(loaded, request.params.secretId);
    const frame = loaded.t.frame('Activate secret', 'packages', [
      ...loaded.crumbs,
      ['Secrets'],
      ['Activate'],
    ]);
    const html = renderActivateSecretPage({
      frame,
      sub: loaded.sub,
      pkg: loaded.pkg,
      secret,
      now: ctx.clock.now(),
    });
    return sendPage(reply, 200, html);
  });

  app.post<Secret>('/:sub/packages/:id/secrets/:secretId/activate', hide, async (request, reply) => {
    const loaded = await withIntegration(request);
    try {
      const grace = Number(formValue(request.body, 'grace') || '0');
      if (!GRACE_CHOICES.some(([seconds]) => seconds === grace)) throw new NotFound('No such grace period.');
      await activateSecret(
        ctx.store,
        loaded.t.actor,
        loaded.integration,
        request.params.secretId,
        ctx.clock.now(),
        {
          graceSeconds: grace,
          config: ctx.config,
        },
      );
    } catch (err) {
      if (!(err instanceof AdminError)) throw err;
      return sendPage(reply, err.statusCode, await secretsPage(loaded, { error: err.message }));
    }
    ctx.directory.invalidateClient(loaded.integration.clientId);
    return reply
      .code(303)
      .redirect(
        `${packageUrl(loaded.sub, loaded.pkg.id, 'secrets')}?activated=${formValue(request.body, 'grace') || '0'}`,
      );
  });

  const findLiveSecret = async (loaded: Awaited<ReturnType<typeof withIntegration>>, secretId: string) => {
    const secret = (await ctx.store.secrets.listSecrets(loaded.integration.clientId)).find(
      (s) => s.id === secretId,
    );
    if (secret?.state !== 'active' && secret?.state !== 'staged') {
      throw new NotFound('There is no such active or staged secret on this integration.');
    }
    return secret;
  };

  app.get<Secret>('/:sub/packages/:id/secrets/:secretId/revoke', hide, async (request, reply) => {
    const loaded = await withIntegration(request);
    const secret = await findLiveSecret(loaded, request.params.secretId);
    const frame = loaded.t.frame('Revoke secret', 'packages', [...loaded.crumbs, ['Secrets'], ['Revoke']]);
    return sendPage(reply, 200, renderRevokeSecretPage({ frame, sub: loaded.sub, pkg: loaded.pkg, secret }));
  });

  app.post<Secret>('/:sub/packages/:id/secrets/:secretId/revoke', hide, async (request, reply) => {
    const loaded = await withIntegration(request);
    await findLiveSecret(loaded, request.params.secretId);
    // As the admin route does: this instance's counts first, so the audit event's token count includes them.
    await ctx.usage.flush().catch((err: unknown) => ctx.logger.warn({ err }, 'usage flush failed'));
    let revoked: Awaited<ReturnType<typeof revokeSecret>>;
    try {
      revoked = await revokeSecret(
        ctx.store,
        ctx.config,
        loaded.t.actor,
        loaded.integration,
        request.params.secretId,
        ctx.clock.now(),
      );
    } catch (err) {
      if (!(err instanceof AdminError)) throw err;
      return sendPage(reply, err.statusCode, await secretsPage(loaded, { error: err.message }));
    }
    ctx.revocations.rememberSecret(revoked.entry);
    ctx.directory.invalidateClient(loaded.integration.clientId);
    return reply
      .code(303)
      .redirect(`${packageUrl(loaded.sub, loaded.pkg.id, 'secrets')}?revoked=${revoked.tokensRevoked}`);
  });
}
