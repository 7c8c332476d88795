import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import { NotFound } from '../errors/admin-errors.js';
import { ErrorBody } from './admin-schemas.js';

/** What host mode's HTTPS serves, as far as a client machine needs it (`packgate dropin`). */
export interface HostModeInfo {
  readonly caCertificatePem: string;
  readonly caCertificatePath: string;
  readonly caFingerprint256: string;
}

const HostModeBody = Type.Object({
  baseDomain: Type.String({ description: 'PACKGATE_BASE_DOMAIN' }),
  listenHost: Type.String({ description: 'Interface HTTP and HTTPS listen on (PACKGATE_HOST)' }),
  tlsPort: Type.Integer({ description: 'Port HTTPS listens on (PACKGATE_TLS_PORT)' }),
  tlsPublicPort: Type.Integer({ description: 'Port in the base URIs (PACKGATE_TLS_PUBLIC_PORT)' }),
  caCertificatePath: Type.String({ description: "The local CA's certificate on the server's machine" }),
  caCertificatePem: Type.String(),
  caFingerprint256: Type.String({ description: 'SHA-256 of the CA certificate, AB:CD:…' }),
});

/** `GET /admin/v1/host-mode`: the base domain, the HTTPS ports and the local CA. */
export function registerHostModeRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  hostMode: HostModeInfo | undefined,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/host-mode',
    {
      schema: {
        operationId: 'getHostMode',
        summary: "Host mode's base domain, HTTPS ports and local CA (what `packgate dropin` prints)",
        tags: ['host mode'],
        response: { 200: HostModeBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async () => {
      const { baseDomain } = ctx.config;
      if (!baseDomain || !hostMode) {
        throw new NotFound('Host mode is off: PACKGATE_BASE_DOMAIN is not set on this server.');
      }
      return {
        baseDomain,
        listenHost: ctx.config.host,
        tlsPort: ctx.config.tlsPort,
        tlsPublicPort: ctx.config.tlsPublicPort,
        caCertificatePath: hostMode.caCertificatePath,
        caCertificatePem: hostMode.caCertificatePem,
        caFingerprint256: hostMode.caFingerprint256,
      };
    },
  );
}
