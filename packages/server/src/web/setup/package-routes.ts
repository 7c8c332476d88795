import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { checkRedirectUris } from '../../setup/packages/check-redirect-uris.js';
import { createIntegration, updateIntegration } from '../../setup/packages/integration-service.js';
import {
  createPackage,
  deletePackage,
  findPackageOrThrow,
  updatePackage,
} from '../../setup/packages/package-service.js';
import { sortScopes } from '../../setup/scopes/scope-catalogue.js';
import { baseUrisFor } from '../../setup/tenants/base-uris.js';
import { INTEGRATION_TYPES, type IntegrationType } from '../../storage/records.js';
import { registerAccessSecretRoutes } from './access-secret-routes.js';
import type { FieldErrors } from './components.js';
import {
  renderComponentsPage,
  renderEditPackagePage,
  renderIntegrationCreatedPage,
  renderWizardPage,
  type WizardState,
  type WizardStep,
} from './integration-pages.js';
import {
  type PackageRow,
  packagesUrl,
  packageUrl,
  renderDeletePackagePage,
  renderNewPackagePage,
  renderPackageListPage,
  renderSummaryPage,
} from './package-pages.js';
import { fieldErrorsOf, formValue, formValues, sendPage, type TenantRequest } from './setup-kit.js';

type Sub = { Params: { sub: string } };
type Pkg = { Params: { sub: string; id: string } };

const hide = { schema: { hide: true } };

/** "one per line" text → the list the services take (blank lines and edge spaces dropped). */
export const splitLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

function checkName(name: string, description: string): FieldErrors {
  const errors: Record<string, string> = {};
  if (name.trim() === '') errors.name = 'Enter a name.';
  else if (name.length > 200) errors.name = 'Use at most 200 characters.';
  if (description.length > 2000) errors.description = 'Use at most 2000 characters.';
  return errors;
}

/** Installed Packages: list, New, details (Summary, Components + Add Component), Edit, Delete. */
export function registerPackagePageRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  tenantOf: (request: FastifyRequest) => TenantRequest,
): void {
  const crumbs = (t: TenantRequest) =>
    [['Apps'], ['Installed Packages', packagesUrl(t.tenant.subdomain)]] as const;
  const load = async (request: FastifyRequest<Pkg>) => {
    const t = tenantOf(request);
    const pkg = await findPackageOrThrow(ctx.store, t.tenant, request.params.id);
    const integration = await ctx.store.packages.findIntegrationByPackage(pkg.id);
    return {
      t,
      pkg,
      integration,
      sub: t.tenant.subdomain,
      uris: baseUrisFor(ctx.config, t.tenant.subdomain),
    };
  };

  app.get<Sub & { Querystring: { q?: string } }>('/:sub/packages', hide, async (request, reply) => {
    const t = tenantOf(request);
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 200) : '';
    const packages = await ctx.store.packages.listPackages(t.tenant.id, { limit: 500 });
    const integrations = await Promise.all(
      packages.map((pkg) => ctx.store.packages.findIntegrationByPackage(pkg.id)),
    );
    // This instance's counts first (as the access review does); other instances' follow within 10 s.
    await ctx.usage.flush().catch((err: unknown) => ctx.logger.warn({ err }, 'usage flush failed'));
    const clientIds = integrations.flatMap((i) => (i ? [i.clientId] : []));
    const lastTokens = new Map(
      (await ctx.store.usage.listCounts(clientIds, 'last_token', 0)).map((c) => [c.clientId, c.count]),
    );
    const rows: PackageRow[] = [];
    for (const [index, pkg] of packages.entries()) {
      const integration = integrations[index] ?? undefined;
      const active = integration
        ? (await ctx.store.secrets.listSecrets(integration.clientId)).find((s) => s.state === 'active')
        : undefined;
      const lastTokenAt = integration ? lastTokens.get(integration.clientId) : undefined;
      rows.push({ pkg, integration, secretExpiresAt: active?.expiresAt, lastTokenAt });
    }
    const needle = q.trim().toLowerCase();
    const shown = needle
      ? rows.filter((r) =>
          [r.pkg.name, r.pkg.description, r.integration?.clientId ?? ''].some((v) =>
            v.toLowerCase().includes(needle),
          ),
        )
      : rows;
    shown.sort((a, b) => a.pkg.name.localeCompare(b.pkg.name));
    const frame = t.frame('Installed Packages', 'packages', [['Apps'], ['Installed Packages']]);
    return sendPage(reply, 200, renderPackageListPage({ frame, sub: t.tenant.subdomain, rows: shown, q }));
  });

  const newPage = async (
    t: TenantRequest,
    values: { name: string; description: string; mid: number | undefined },
    errors: FieldErrors,
  ) =>
    renderNewPackagePage({
      frame: t.frame('New Package', 'packages', [...crumbs(t), ['New']]),
      sub: t.tenant.subdomain,
      units: await ctx.store.tenants.listBusinessUnits(t.tenant.id),
      values,
      errors,
    });

  app.get<Sub>('/:sub/packages/new', hide, async (request, reply) => {
    const t = tenantOf(request);
    return sendPage(reply, 200, await newPage(t, { name: '', description: '', mid: t.tenant.eid }, {}));
  });

  app.post<Sub>('/:sub/packages/new', hide, async (request, reply) => {
    const t = tenantOf(request);
    const name = formValue(request.body, 'name');
    const description = formValue(request.body, 'description');
    const midText = formValue(request.body, 'mid');
    const mid = /^\d{1,12}$/.test(midText) ? Number(midText) : undefined;
    const values = { name, description, mid };
    const errors = {
      ...checkName(name, description),
      ...(mid === undefined ? { mid: 'Choose a business unit.' } : {}),
    };
    if (Object.keys(errors).length > 0) return sendPage(reply, 400, await newPage(t, values, errors));
    try {
      const pkg = await createPackage(
        ctx.store,
        t.actor,
        t.tenant,
        { name: name.trim(), description, mid },
        ctx.clock.now(),
      );
      return reply.code(303).redirect(packageUrl(t.tenant.subdomain, pkg.id));
    } catch (err) {
      return sendPage(reply, 400, await newPage(t, values, fieldErrorsOf(err, 'name')));
    }
  });

  app.get<Pkg>('/:sub/packages/:id', hide, async (request, reply) => {
    const { t, pkg, integration, sub, uris } = await load(request);
    const bu = await ctx.store.tenants.findBusinessUnit(t.tenant.id, pkg.mid);
    const frame = t.frame(pkg.name, 'packages', [...crumbs(t), [pkg.name]]);
    return sendPage(reply, 200, renderSummaryPage({ frame, sub, pkg, bu, integration, uris }));
  });

  app.get<Pkg>('/:sub/packages/:id/components', hide, async (request, reply) => {
    const { t, pkg, integration, sub, uris } = await load(request);
    const frame = t.frame(`${pkg.name}: Components`, 'packages', [...crumbs(t), [pkg.name]]);
    return sendPage(reply, 200, renderComponentsPage({ frame, sub, pkg, integration, uris }));
  });

  app.get<Pkg>('/:sub/packages/:id/components/new', hide, async (request, reply) => {
    const { t, pkg, integration, sub } = await load(request);
    if (integration) return reply.redirect(packageUrl(sub, pkg.id, 'components'));
    const frame = t.frame('Add Component', 'packages', [
      ...crumbs(t),
      [pkg.name, packageUrl(sub, pkg.id)],
      ['Add Component'],
    ]);
    const state: WizardState = { integrationType: undefined, redirectUris: '', scopes: new Set() };
    return sendPage(reply, 200, renderWizardPage({ frame, sub, pkg, step: 'component', state, errors: {} }));
  });

  app.post<Pkg>('/:sub/packages/:id/components/new', hide, async (request, reply) => {
    const { t, pkg, integration, sub, uris } = await load(request);
    if (integration) return reply.code(303).redirect(packageUrl(sub, pkg.id, 'components'));
    const body = request.body;
    const typeText = formValue(body, 'integrationType');
    const state: WizardState = {
      integrationType: (INTEGRATION_TYPES as readonly string[]).includes(typeText)
        ? (typeText as IntegrationType)
        : undefined,
      redirectUris: formValue(body, 'redirectUris'),
      scopes: new Set(formValues(body, 'scopes')),
    };
    const frame = t.frame('Add Component', 'packages', [
      ...crumbs(t),
      [pkg.name, packageUrl(sub, pkg.id)],
      ['Add Component'],
    ]);
    const show = (step: WizardStep, errors: FieldErrors = {}, status = 200) =>
      sendPage(reply, status, renderWizardPage({ frame, sub, pkg, step, state, errors }));
    const step = formValue(body, 'step') as WizardStep;
    const needsUris = state.integrationType !== 'server-to-server';
    if (formValue(body, 'go') === 'back') {
      if (step === 'scopes') return show(needsUris ? 'redirect-uris' : 'type');
      if (step === 'redirect-uris') return show('type');
      return show('component');
    }
    switch (step) {
      case 'component':
        return show('type');
      case 'type':
        if (!state.integrationType)
          return show('type', { integrationType: 'Choose an integration type.' }, 400);
        return show(needsUris ? 'redirect-uris' : 'scopes');
      case 'redirect-uris':
        if (!state.integrationType)
          return show('type', { integrationType: 'Choose an integration type.' }, 400);
        try {
          checkRedirectUris(splitLines(state.redirectUris));
        } catch (err) {
          return show('redirect-uris', fieldErrorsOf(err, 'redirectUris'), 400);
        }
        return show('scopes');
      case 'scopes': {
        if (!state.integrationType)
          return show('type', { integrationType: 'Choose an integration type.' }, 400);
        try {
          const created = await createIntegration(
            ctx.store,
            ctx.config,
            t.actor,
            t.tenant,
            pkg,
            {
              integrationType: state.integrationType,
              scopes: [...state.scopes],
              ...(needsUris ? { redirectUris: splitLines(state.redirectUris) } : {}),
            },
            ctx.clock.now(),
          );
          ctx.directory.invalidateClient(created.integration.clientId);
          const done = t.frame(`${pkg.name}: Components`, 'packages', [...crumbs(t), [pkg.name]]);
          return sendPage(
            reply,
            201,
            renderIntegrationCreatedPage({
              frame: done,
              sub,
              pkg,
              integration: created.integration,
              uris,
              clientSecret: created.clientSecret,
              secretExpiresAt: created.secretExpiresAt,
            }),
          );
        } catch (err) {
          const errors = fieldErrorsOf(err, 'scopes');
          // A bad redirect URI (changed in the hidden field) goes back to its own step.
          return show(errors.redirectUris ? 'redirect-uris' : 'scopes', errors, 400);
        }
      }
      default:
        return show('component');
    }
  });

  const editPage = async (
    t: TenantRequest,
    loaded: Awaited<ReturnType<typeof load>>,
    values: { name: string; description: string; redirectUris: string; scopes: ReadonlySet<string> },
    errors: FieldErrors,
  ) =>
    renderEditPackagePage({
      frame: t.frame(`Edit ${loaded.pkg.name}`, 'packages', [
        ...crumbs(t),
        [loaded.pkg.name, packageUrl(loaded.sub, loaded.pkg.id)],
        ['Edit'],
      ]),
      sub: loaded.sub,
      pkg: loaded.pkg,
      integration: loaded.integration,
      values,
      errors,
      propagationSeconds: ctx.config.propagationSeconds,
    });

  app.get<Pkg>('/:sub/packages/:id/edit', hide, async (request, reply) => {
    const loaded = await load(request);
    const { pkg, integration } = loaded;
    const values = {
      name: pkg.name,
      description: pkg.description,
      redirectUris: integration?.redirectUris.join('\n') ?? '',
      scopes: new Set(integration?.scopes ?? []),
    };
    return sendPage(reply, 200, await editPage(loaded.t, loaded, values, {}));
  });

  app.post<Pkg>('/:sub/packages/:id/edit', hide, async (request, reply) => {
    const loaded = await load(request);
    const { t, pkg, integration, sub } = loaded;
    const values = {
      name: formValue(request.body, 'name'),
      description: formValue(request.body, 'description'),
      redirectUris: formValue(request.body, 'redirectUris'),
      scopes: new Set(formValues(request.body, 'scopes')),
    };
    const nameErrors = checkName(values.name, values.description);
    if (Object.keys(nameErrors).length > 0)
      return sendPage(reply, 400, await editPage(t, loaded, values, nameErrors));
    try {
      if (integration) {
        // Checked before anything is written, so a bad URI leaves the name unchanged too.
        const redirectUris =
          integration.integrationType === 'server-to-server'
            ? undefined
            : checkRedirectUris(splitLines(values.redirectUris));
        const scopes = sortScopes(values.scopes);
        const same = (a: readonly string[], b: readonly string[]) => a.join(' ') === b.join(' ');
        // Only a real change is written (and audited); unknown scope ids still reach the service's check.
        if (
          scopes.length !== values.scopes.size ||
          !same(scopes, integration.scopes) ||
          (redirectUris !== undefined && !same(redirectUris, integration.redirectUris))
        ) {
          await updateIntegration(
            ctx.store,
            t.actor,
            integration,
            { scopes: [...values.scopes], redirectUris },
            ctx.clock.now(),
          );
          ctx.directory.invalidateClient(integration.clientId);
        }
      }
      if (values.name.trim() !== pkg.name || values.description !== pkg.description) {
        await updatePackage(
          ctx.store,
          t.actor,
          t.tenant,
          pkg.id,
          { name: values.name.trim(), description: values.description },
          ctx.clock.now(),
        );
      }
    } catch (err) {
      return sendPage(reply, 400, await editPage(t, loaded, values, fieldErrorsOf(err, 'name')));
    }
    return reply.code(303).redirect(packageUrl(sub, pkg.id));
  });

  app.get<Pkg>('/:sub/packages/:id/delete', hide, async (request, reply) => {
    const { t, pkg, sub } = await load(request);
    const frame = t.frame(`Delete ${pkg.name}`, 'packages', [
      ...crumbs(t),
      [pkg.name, packageUrl(sub, pkg.id)],
      ['Delete'],
    ]);
    return sendPage(reply, 200, renderDeletePackagePage({ frame, sub, pkg, errors: {} }));
  });

  app.post<Pkg>('/:sub/packages/:id/delete', hide, async (request, reply) => {
    const { t, pkg, sub } = await load(request);
    if (formValue(request.body, 'confirm').trim() !== pkg.name.trim()) {
      const frame = t.frame(`Delete ${pkg.name}`, 'packages', [
        ...crumbs(t),
        [pkg.name, packageUrl(sub, pkg.id)],
        ['Delete'],
      ]);
      const errors = { confirm: 'The name does not match: type it exactly as shown to delete the package.' };
      return sendPage(reply, 400, renderDeletePackagePage({ frame, sub, pkg, errors }));
    }
    const clientId = await deletePackage(ctx.store, t.actor, t.tenant, pkg.id, ctx.clock.now());
    if (clientId) ctx.directory.invalidateClient(clientId);
    return reply.code(303).redirect(packagesUrl(sub));
  });

  registerAccessSecretRoutes(app, ctx, tenantOf, load);
}

export type LoadPackage = (request: FastifyRequest<Pkg>) => Promise<{
  t: TenantRequest;
  pkg: Awaited<ReturnType<typeof findPackageOrThrow>>;
  integration: Awaited<ReturnType<AppContext['store']['packages']['findIntegrationByPackage']>>;
  sub: string;
  uris: ReturnType<typeof baseUrisFor>;
}>;
