import { hash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ResourceNotFound } from '../../errors/resource-errors.js';
import type { BaseUris } from '../../setup/tenants/base-uris.js';
import { bearerOf } from '../bearer/bearer-hook.js';
import {
  AUTH_ERRORS,
  Endpoint,
  EndpointList,
  EndpointParams,
  ErrorResponse,
  SECURITY,
  SubdomainParams,
  TokenContext,
} from '../rest-schemas.js';

/**
 * A server-to-server token has no user; Marketing Cloud answers with the package's API user.
 * Packgate derives a stable number from the client id so the same package always reports the same id.
 */
export function apiUserIdOf(clientId: string): number {
  return hash('sha256', clientId, 'buffer').readUInt32BE(0) & 0x7fffffff;
}

function endpointsOf(uris: BaseUris): Array<{ type: string; url: string }> {
  return [
    { type: 'rest', url: uris.restBaseUri },
    { type: 'soap', url: `${uris.soapBaseUri}Service.asmx` },
    { type: 'auth', url: uris.authBaseUri },
  ];
}

/** `platform/v1/*` (sfmc-auth.md §10.1, §10.2): no scope needed. */
export function registerPlatformRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['platform'];

  r.get(
    '/:subdomain/rest/platform/v1/tokenContext',
    {
      schema: {
        operationId: 'getTokenContext',
        summary: "Describe the caller's access token: user, organization, business unit",
        tags,
        security: SECURITY,
        params: SubdomainParams,
        response: { 200: TokenContext, ...AUTH_ERRORS },
      },
    },
    async (req) => {
      const { claims } = bearerOf(req);
      return {
        enterprise: { id: claims.eid },
        organization: { id: claims.mid },
        user: { id: claims.uid ?? apiUserIdOf(claims.client_id) },
      };
    },
  );

  r.get(
    '/:subdomain/rest/platform/v1/endpoints',
    {
      schema: {
        operationId: 'listEndpoints',
        summary: "List the tenant's base URIs (auth, REST, SOAP)",
        tags,
        security: SECURITY,
        params: SubdomainParams,
        response: { 200: EndpointList, ...AUTH_ERRORS },
      },
    },
    async (req) => {
      const items = endpointsOf(bearerOf(req).tenant.baseUris);
      return { page: 1, pageSize: 50, count: items.length, items };
    },
  );

  r.get(
    '/:subdomain/rest/platform/v1/endpoints/:type',
    {
      schema: {
        operationId: 'getEndpoint',
        summary: "Read one of the tenant's base URIs",
        tags,
        security: SECURITY,
        params: EndpointParams,
        response: { 200: Endpoint, 404: ErrorResponse, ...AUTH_ERRORS },
      },
    },
    async (req) => {
      const type = req.params.type.toLowerCase();
      const found = endpointsOf(bearerOf(req).tenant.baseUris).find((e) => e.type === type);
      if (!found) throw new ResourceNotFound(`No endpoint exists for key '${req.params.type}'.`);
      return found;
    },
  );
}
