import { Type } from 'typebox';
import { INTEGRATION_TYPES } from '../storage/records.js';

/** TypeBox schemas of the admin API: request validation and the OpenAPI document in one. */

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Mid = Type.Integer({ minimum: 1, maximum: 999_999_999_999 });
const ScopeId = Type.String({ minLength: 1, maxLength: 100 });
const Uri = Type.String({ minLength: 1, maxLength: 2000 });

export const SubdomainParams = Type.Object({ sub: Type.String({ maxLength: 64 }) });
export const PackageParams = Type.Object({
  sub: Type.String({ maxLength: 64 }),
  id: Type.String({ maxLength: 64 }),
});
export const SecretParams = Type.Object({
  sub: Type.String({ maxLength: 64 }),
  id: Type.String({ maxLength: 64 }),
  secretId: Type.String({ maxLength: 64 }),
});

export const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

export const TenantBody = Type.Object({
  subdomain: Type.String(),
  eid: Type.Integer(),
  name: Type.String(),
  authBaseUri: Type.String(),
  restBaseUri: Type.String(),
  soapBaseUri: Type.String(),
});
export const CreateTenantRequest = Type.Object({ name: Name }, { additionalProperties: false });

export const BusinessUnitBody = Type.Object({
  mid: Type.Integer(),
  name: Type.String(),
  parentMid: Type.Union([Type.Integer(), Type.Null()]),
});
export const CreateBusinessUnitRequest = Type.Object(
  { name: Name, parentMid: Type.Optional(Mid) },
  { additionalProperties: false },
);

export const PackageBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  mid: Type.Integer(),
});
export const CreatePackageRequest = Type.Object(
  { name: Name, description: Type.Optional(Type.String({ maxLength: 2000 })), mid: Type.Optional(Mid) },
  { additionalProperties: false },
);
export const UpdatePackageRequest = Type.Object(
  { name: Type.Optional(Name), description: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false, minProperties: 1 },
);
/** Query strings arrive as text and are not coerced: numbers are digit strings, parsed by the handler. */
const PageLimit = Type.String({ pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$', description: '1 to 500' });

export const ListQuery = Type.Object(
  { limit: Type.Optional(PageLimit), after: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

const ExpiryWarningValue = Type.Union(
  [Type.Literal('30d'), Type.Literal('14d'), Type.Literal('7d'), Type.Literal('1d'), Type.Literal('expired')],
  { description: 'The tightest warning threshold the secret is inside (30, 14, 7, 1 days) or expired' },
);
const NullableDate = Type.Union([Type.String(), Type.Null()]);
/** A duration: `30d`, `12h`, `90m`, `300s` or seconds. */
const Duration = Type.String({ maxLength: 16, description: 'e.g. 30d, 12h, 90m, 300s' });

export const IntegrationBody = Type.Object({
  clientId: Type.String(),
  clientSecret: Type.Optional(Type.String()),
  integrationType: Type.String(),
  scopes: Type.Array(Type.String()),
  redirectUris: Type.Array(Type.String()),
  access: Type.Object({ all: Type.Boolean(), mids: Type.Array(Type.Integer()) }),
  authBaseUri: Type.String(),
  restBaseUri: Type.String(),
  soapBaseUri: Type.String(),
  secretExpiresAt: Type.Optional(Type.String()),
  expiryWarning: Type.Optional(Type.Union([ExpiryWarningValue, Type.Null()])),
});
export const CreateIntegrationRequest = Type.Object(
  {
    integrationType: Type.Union(INTEGRATION_TYPES.map((t) => Type.Literal(t))),
    scopes: Type.Array(ScopeId, { maxItems: 200 }),
    redirectUris: Type.Optional(Type.Array(Uri, { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export const UpdateIntegrationRequest = Type.Object(
  {
    scopes: Type.Optional(Type.Array(ScopeId, { maxItems: 200 })),
    redirectUris: Type.Optional(Type.Array(Uri, { maxItems: 10 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const AccessRequest = Type.Object(
  { mids: Type.Optional(Type.Array(Mid, { maxItems: 10_000 })), all: Type.Optional(Type.Literal(true)) },
  { additionalProperties: false },
);

export const SecretBody = Type.Object({
  secretId: Type.String(),
  clientSecret: Type.Optional(Type.String()),
  state: Type.String(),
  description: Type.String(),
  createdAt: Type.String(),
  usableAt: Type.String(),
  expiresAt: Type.String(),
  activatedAt: NullableDate,
  graceEndsAt: NullableDate,
  revokedAt: NullableDate,
  expiryWarning: Type.Optional(Type.Union([ExpiryWarningValue, Type.Null()])),
});
export const StageSecretRequest = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 200 })),
    force: Type.Optional(
      Type.Boolean({ description: 'Skip the once-per-interval limit and the wait (audited)' }),
    ),
  },
  { additionalProperties: false },
);
export const ActivateSecretRequest = Type.Object(
  {
    grace: Type.Optional(Duration),
    force: Type.Optional(
      Type.Boolean({ description: 'Skip the once-per-interval limit and the wait (audited)' }),
    ),
  },
  { additionalProperties: false },
);
export const RevokedSecretBody = Type.Object({
  secret: SecretBody,
  tokensRevoked: Type.Integer(),
});
export const ExpiringQuery = Type.Object(
  { within: Type.Optional(Duration) },
  { additionalProperties: false },
);
export const ExpiringSecretBody = Type.Object({
  tenant: Type.String(),
  packageId: Type.String(),
  packageName: Type.String(),
  clientId: Type.String(),
  secretId: Type.String(),
  state: Type.String(),
  expiresAt: Type.String(),
  daysLeft: Type.Integer(),
  expiryWarning: Type.Union([ExpiryWarningValue, Type.Null()]),
});

export const AuditEventBody = Type.Object({
  id: Type.Integer(),
  actor: Type.String(),
  action: Type.String(),
  target: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  sourceIp: Type.String(),
  createdAt: Type.String(),
});
const AuditFilter = Type.String({ minLength: 1, maxLength: 200 });
const AuditTime = Type.String({ maxLength: 40, description: 'ISO 8601 date or date-time' });
export const AuditQuery = Type.Object(
  {
    limit: Type.Optional(PageLimit),
    before: Type.Optional(
      Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'cursor: nextCursor of the previous page' }),
    ),
    action: Type.Optional(AuditFilter),
    target: Type.Optional(AuditFilter),
    actor: Type.Optional(AuditFilter),
    since: Type.Optional(AuditTime),
    until: Type.Optional(AuditTime),
  },
  { additionalProperties: false },
);

export const itemsOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Optional(Type.String()) });

export const SigningKeyBody = Type.Object({
  kid: Type.String(),
  alg: Type.String(),
  generation: Type.Integer({ minimum: 1 }),
  status: Type.Union([
    Type.Literal('next'),
    Type.Literal('signing'),
    Type.Literal('retiring'),
    Type.Literal('retired'),
  ]),
  createdAt: Type.String({ format: 'date-time', description: 'Published in the JWKS from then.' }),
  activatesAt: Type.String({ format: 'date-time', description: 'Signs new tokens from then.' }),
  supersededAt: Type.Optional(
    Type.String({ format: 'date-time', description: 'The next key took (or takes) over then.' }),
  ),
  unpublishAt: Type.Optional(
    Type.String({ format: 'date-time', description: 'Leaves the JWKS then (its last token has expired).' }),
  ),
});

export const SigningKeyRotationBody = Type.Object({
  created: Type.Boolean({ description: 'False: a next key was already waiting; this is it.' }),
  key: SigningKeyBody,
});

export const AccessReviewQuery = Type.Object(
  {
    days: Type.Optional(
      Type.String({
        pattern: '^([1-9][0-9]?|[1-3][0-9]{2})$',
        description: 'window, 1 to 399 days (default 30)',
      }),
    ),
  },
  { additionalProperties: false },
);
export const AccessReviewItemBody = Type.Object({
  packageId: Type.String(),
  packageName: Type.String(),
  clientId: Type.Union([Type.String(), Type.Null()]),
  integrationType: Type.Union([Type.String(), Type.Null()]),
  grantedScopes: Type.Array(Type.String()),
  scopeUsage: Type.Record(Type.String(), Type.Integer()),
  unusedScopes: Type.Array(Type.String()),
  businessUnitsEnabled: Type.Union([Type.Array(Type.Integer()), Type.Null()]),
  businessUnitsWithTokens: Type.Array(Type.Integer()),
  businessUnitsNeverUsed: Type.Array(Type.Integer()),
  secretAgeDays: Type.Union([Type.Integer(), Type.Null()]),
  secretExpiresAt: Type.Union([Type.String(), Type.Null()]),
  lastTokenAt: Type.Union([Type.String(), Type.Null()]),
  tokensInWindow: Type.Integer(),
  tokensPerDay: Type.Number(),
  flags: Type.Array(Type.String()),
});
