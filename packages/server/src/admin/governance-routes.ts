import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { type AccessReviewItem, buildAccessReview } from '../setup/review/access-review.js';
import { type ExpiringSecret, listExpiringSecrets } from '../setup/secrets/expiring-secrets.js';
import { parseDuration } from '../setup/secrets/parse-duration.js';
import { findTenantOrThrow } from '../setup/tenants/tenant-service.js';
import {
  AccessReviewItemBody,
  AccessReviewQuery,
  ErrorBody,
  ExpiringQuery,
  ExpiringSecretBody,
  itemsOf,
  SubdomainParams,
} from './admin-schemas.js';

/** The longest `within` accepted: ten years covers any secret lifetime setting. */
const MAX_WITHIN_SECONDS = 3650 * 86_400;

const presentExpiring = (s: ExpiringSecret) => ({
  tenant: s.tenant,
  packageId: s.packageId,
  packageName: s.packageName,
  clientId: s.clientId,
  secretId: s.secretId,
  state: s.state,
  expiresAt: new Date(s.expiresAt).toISOString(),
  daysLeft: s.daysLeft,
  expiryWarning: s.expiryWarning,
});

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const presentReview = (i: AccessReviewItem) => ({
  ...i,
  grantedScopes: [...i.grantedScopes],
  unusedScopes: [...i.unusedScopes],
  businessUnitsEnabled: i.businessUnitsEnabled === null ? null : [...i.businessUnitsEnabled],
  businessUnitsWithTokens: [...i.businessUnitsWithTokens],
  businessUnitsNeverUsed: [...i.businessUnitsNeverUsed],
  flags: [...i.flags],
  secretExpiresAt: isoOrNull(i.secretExpiresAt),
  lastTokenAt: isoOrNull(i.lastTokenAt),
});

/** Credential governance (issue 14): expiring secrets per tenant and across tenants, access review. */
export function registerGovernanceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['governance'];
  const within = (query: { within?: string }) =>
    parseDuration(query.within ?? '30d', 'within', MAX_WITHIN_SECONDS);

  r.get(
    '/tenants/:sub/expiring-secrets',
    {
      schema: {
        tags,
        operationId: 'listTenantExpiringSecrets',
        summary:
          "The tenant's active and staged secrets expiring within a window (default 30d), soonest first",
        params: SubdomainParams,
        querystring: ExpiringQuery,
        response: { 200: itemsOf(ExpiringSecretBody), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const withinSeconds = within(req.query);
      const items = await listExpiringSecrets(ctx.store, ctx.clock.now(), {
        withinSeconds,
        tenantId: tenant.id,
      });
      return { items: items.map(presentExpiring) };
    },
  );

  r.get(
    '/expiring-secrets',
    {
      schema: {
        tags,
        operationId: 'listExpiringSecrets',
        summary:
          'Active and staged secrets of every tenant expiring within a window (default 30d), soonest first',
        querystring: ExpiringQuery,
        response: { 200: itemsOf(ExpiringSecretBody), 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (req) => {
      const withinSeconds = within(req.query);
      return {
        items: (await listExpiringSecrets(ctx.store, ctx.clock.now(), { withinSeconds })).map(
          presentExpiring,
        ),
      };
    },
  );

  r.get(
    '/tenants/:sub/access-review',
    {
      schema: {
        tags,
        operationId: 'getAccessReview',
        summary:
          'One item per package: granted vs used scopes, BUs enabled vs BUs with tokens, secret age and expiry, last token, tokens per day, flags',
        params: SubdomainParams,
        querystring: AccessReviewQuery,
        response: { 200: itemsOf(AccessReviewItemBody), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      // This instance's counts first; other instances' arrive with their next flush (10 s).
      await ctx.usage.flush().catch((err: unknown) => ctx.logger.warn({ err }, 'usage flush failed'));
      const days = Number(req.query.days ?? 30);
      const items = await buildAccessReview(ctx.store, tenant, ctx.clock.now(), days);
      return { items: items.map(presentReview) };
    },
  );
}
