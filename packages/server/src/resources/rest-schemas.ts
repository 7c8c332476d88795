import { Type } from 'typebox';

/** TypeBox schemas of the REST resource API: validation and the OpenAPI document in one. */

/** An access token from the tenant's OAuth 2.0 flows (`oauth2`), or any Bearer token obtained otherwise. */
export const SECURITY: Array<Record<string, string[]>> = [{ oauth2: [] }, { accessToken: [] }];

export const ErrorResponse = Type.Object(
  {
    message: Type.String(),
    errorcode: Type.Integer(),
    documentation: Type.String(),
    retryAfter: Type.Optional(Type.Integer({ description: 'seconds; 429 only, as the Retry-After header' })),
    additionalErrors: Type.Optional(
      Type.Array(
        Type.Object({ message: Type.String(), errorcode: Type.Integer(), documentation: Type.String() }),
      ),
    ),
  },
  { description: "Marketing Cloud's REST error shape" },
);

/**
 * On every route: 401/0, 403 (40002 other tenant, 20002 missing scope), 429/50100 (the client's
 * rate limit, with `Retry-After`).
 */
export const AUTH_ERRORS = { 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse };

/** On routes with a JSON body: 400 (10000/10006), 413 (over the body limit), 415 (not JSON). */
export const BODY_ERRORS = { 400: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse };

export const SubdomainParams = Type.Object({ subdomain: Type.String({ maxLength: 64 }) });

export const DataExtensionTarget = Type.String({
  maxLength: 210,
  description: '`key:{external key}` or the Data Extension id',
});

export const TargetParams = Type.Object({
  subdomain: Type.String({ maxLength: 64 }),
  target: DataExtensionTarget,
});

export const RowParams = Type.Object({
  subdomain: Type.String({ maxLength: 64 }),
  target: DataExtensionTarget,
  primaryKeys: Type.String({ maxLength: 4000, description: '`{pk}:{value}[,{pk2}:{value2}]`' }),
});

export const KeyParams = Type.Object({
  subdomain: Type.String({ maxLength: 64 }),
  key: Type.String({ maxLength: 200 }),
});

export const RequestIdParams = Type.Object({
  subdomain: Type.String({ maxLength: 64 }),
  requestId: Type.String({ maxLength: 64 }),
});

const Columns = Type.Record(Type.String(), Type.Unknown());

export const Rowset = Type.Array(
  Type.Object({ keys: Columns, values: Type.Optional(Columns) }, { additionalProperties: false }),
  { minItems: 1 },
);

export const RowValuesBody = Type.Object({ values: Columns }, { additionalProperties: false });

export const RowResponse = Type.Object({ keys: Columns, values: Columns });

/**
 * An async item is stored before it is processed: its cells must be plain values, checked at the
 * door (a nested array or object is refused with 400, not stored).
 */
const Cell = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const AsyncRowsBody = Type.Object(
  {
    items: Type.Array(Type.Record(Type.String(), Cell), {
      minItems: 1,
      description: 'at most 32 000 items',
    }),
  },
  { additionalProperties: false },
);

export const AsyncAccepted = Type.Object({
  requestId: Type.String(),
  resultMessages: Type.Array(Type.String()),
});

export const AsyncStatus = Type.Object({
  status: Type.Object({
    callDateTime: Type.String(),
    completionDateTime: Type.Union([Type.String(), Type.Null()]),
    hasErrors: Type.Boolean(),
    pickupDateTime: Type.Union([Type.String(), Type.Null()]),
    requestStatus: Type.String({ description: 'Pending | Complete' }),
    resultStatus: Type.String({ description: 'OK | Has Errors (empty while pending)' }),
    requestId: Type.String(),
  }),
  requestId: Type.String(),
  resultMessages: Type.Array(Type.String()),
});

/** Query strings arrive as text (no type coercion here): positive integers as digit strings. */
const PositiveInteger = (description: string) =>
  Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: `${description} (a positive integer)` });

export const PageQuery = Type.Object({ page: Type.Optional(PositiveInteger('results page')) });

export const AsyncResults = Type.Object({
  page: Type.Integer(),
  pageSize: Type.Integer(),
  count: Type.Integer(),
  items: Type.Array(
    Type.Object({ status: Type.String(), message: Type.String(), errorCode: Type.Optional(Type.Integer()) }),
  ),
  requestId: Type.String(),
  resultMessages: Type.Array(Type.String()),
});

export const RowsetQuery = Type.Object({
  $page: Type.Optional(PositiveInteger('page, from 1')),
  $pageSize: Type.Optional(PositiveInteger('rows per page, at most 2500')),
  $filter: Type.Optional(
    Type.String({ maxLength: 2000, description: "simple equality: Column eq 'value' [and …]" }),
  ),
  $orderBy: Type.Optional(Type.String({ maxLength: 500, description: 'Column [asc|desc], …' })),
});

export const RowsetPage = Type.Object({
  count: Type.Integer(),
  customObjectId: Type.String(),
  customObjectKey: Type.String(),
  items: Type.Array(RowResponse),
  links: Type.Object({
    self: Type.String(),
    next: Type.Optional(Type.String()),
    previous: Type.Optional(Type.String()),
  }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  top: Type.Integer(),
});

export const TokenContext = Type.Object({
  enterprise: Type.Object({ id: Type.Integer() }),
  organization: Type.Object({ id: Type.Integer() }),
  user: Type.Object({ id: Type.Integer() }),
});

export const Endpoint = Type.Object({ type: Type.String(), url: Type.String() });
export const EndpointList = Type.Object({
  page: Type.Integer(),
  pageSize: Type.Integer(),
  count: Type.Integer(),
  items: Type.Array(Endpoint),
});
export const EndpointParams = Type.Object({
  subdomain: Type.String({ maxLength: 64 }),
  type: Type.String({ maxLength: 40 }),
});
