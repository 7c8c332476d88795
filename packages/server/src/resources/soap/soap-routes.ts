import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import {
  ClientFault,
  RateLimitFault,
  SecurityFault,
  SoapFault,
  sendSoapFault,
} from '../../errors/soap-faults.js';
import { InjectedSoapFault } from '../../faults/fault-answers.js';
import { bearerFaultRequest, dropConnection, faultedBearer } from '../../faults/fault-hooks.js';
import { documented } from '../../openapi/documented.js';
import { baseUrisFor } from '../../setup/tenants/base-uris.js';
import {
  authenticateBearer,
  type BearerContext,
  BearerRejected,
  checkScope,
} from '../bearer/authenticate-bearer.js';
import { checkClientBudget } from '../bearer/check-client-budget.js';
import { checkNoDoctype, child, parseSoapXml, type XmlNode } from './parse-soap-xml.js';
import { scanSoapEnvelope } from './scan-soap-envelope.js';
import { soapDescribe } from './soap-describe.js';
import { checkBodySize, checkXmlShape, SOAP_BODY_LIMIT_BYTES } from './soap-limits.js';
import { SOAP_OPERATION } from './soap-openapi.js';
import { RETRIEVABLE_OBJECTS, soapRetrieve } from './soap-retrieve.js';
import { soapWrite } from './soap-write.js';

const OPERATIONS: Record<
  string,
  { operation: 'Retrieve' | 'Describe' | 'Create' | 'Update' | 'Delete'; scope: string | undefined }
> = {
  // Each retrievable object checks its own scope (soap-retrieve.ts).
  RetrieveRequestMsg: { operation: 'Retrieve', scope: undefined },
  DefinitionRequestMsg: { operation: 'Describe', scope: undefined },
  CreateRequest: { operation: 'Create', scope: 'data_extensions_write' },
  UpdateRequest: { operation: 'Update', scope: 'data_extensions_write' },
  DeleteRequest: { operation: 'Delete', scope: 'data_extensions_write' },
};

function faultactorOf(ctx: AppContext, params: unknown): string {
  const subdomain = (params as { subdomain?: unknown } | undefined)?.subdomain;
  const sub = typeof subdomain === 'string' && /^[a-z0-9-]{1,63}$/i.test(subdomain) ? subdomain : 'unknown';
  return `${baseUrisFor(ctx.config, sub).soapBaseUri}Service.asmx`;
}

/** Bearer failures as Marketing Cloud's SOAP faults (sfmc-auth.md §6.3): security, or throttling. */
function toSoapFault(err: BearerRejected): SoapFault {
  const { failure } = err;
  switch (failure.kind) {
    case 'missing':
      return new SecurityFault(
        'Security requirements are not satisfied: send the access token in the fueloauth header.',
      );
    case 'invalid':
      return new SecurityFault(
        failure.expired
          ? 'Token Expired'
          : 'SOAP Authorization failed for Oauth token. Reason: Invalid token.',
      );
    case 'wrong-tenant':
      return new SecurityFault(
        'The access token is not valid for this tenant: use the SOAP base URI returned with it.',
      );
    case 'insufficient-scope':
      return new SecurityFault('Insufficient Privileges to complete this action.');
    case 'rate-limited':
      return new RateLimitFault(failure.retryAfterSeconds);
  }
}

/**
 * Errors Fastify raises before the handler (content type, size, URL) are the caller's: a
 * `soap:Client` fault with a fixed text, never the framework's message or a logged stack.
 */
function clientFaultOf(err: unknown): ClientFault | undefined {
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown };
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ClientFault('The request is larger than 5 MB.');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return new ClientFault('Send the SOAP envelope as text/xml.');
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new ClientFault('The request could not be read.');
  }
  return undefined;
}

/**
 * `POST {soap}Service.asmx` (PRODUCT.md §5) in its own scope: XML bodies only, parsed without
 * entity expansion; the token comes from the `fueloauth` header; every error is a SOAP fault.
 */
export async function soapRoutes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  const { ctx } = opts;
  // Only XML is read here: the root scope's JSON, form and text parsers would hand the route
  // anything, and their errors would surface as server faults.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['text/xml', 'application/soap+xml', 'application/xml'],
    { parseAs: 'string', bodyLimit: SOAP_BODY_LIMIT_BYTES },
    (_req, body, done) => done(null, body),
  );
  app.setErrorHandler((err, req, reply) => {
    const fault = err instanceof SoapFault ? err : clientFaultOf(err);
    return sendSoapFault(reply, fault ?? err, faultactorOf(ctx, req.params));
  });

  app.post<{ Params: { subdomain: string } }>(
    '/:subdomain/soap/Service.asmx',
    { bodyLimit: SOAP_BODY_LIMIT_BYTES, ...documented(SOAP_OPERATION) },
    async (req, reply) => {
      if (typeof req.body !== 'string') throw new ClientFault('Send the SOAP envelope as text/xml.');
      const xml = req.body;
      // The token first, from a bounded scan of the envelope's start: nothing is parsed for a
      // caller without one (a parse of 5 MB costs over a second of the event loop).
      checkNoDoctype(xml);
      const head = scanSoapEnvelope(xml);
      const op =
        head.operation !== undefined && Object.hasOwn(OPERATIONS, head.operation)
          ? OPERATIONS[head.operation]
          : undefined;
      // For the request's metrics and log line (observability/observe-requests.ts).
      if (op) req.soapAction = op.operation;
      let bearer: BearerContext;
      try {
        bearer = await authenticateBearer(
          ctx,
          req.params.subdomain,
          head.token === undefined || head.token === '' ? undefined : head.token,
        );
        req.clientId = bearer.claims.client_id;
        const outcome = ctx.faults.evaluate(
          bearer.tenant.tenant.id,
          bearerFaultRequest('soap', bearer, { method: 'POST', action: op?.operation }),
        );
        if (outcome !== undefined) {
          const fired = await outcome;
          ctx.faults.noteFired(req.raw, fired);
          if (fired?.effect?.type === 'drop') return dropConnection(ctx, req, reply, bearer.tenant.tenant.id);
          if (fired?.effect?.type === 'status') throw new InjectedSoapFault(fired.effect.status);
          bearer = faultedBearer(fired?.effect, bearer);
        }
        req.bearer = bearer; // for the request journal
        await checkClientBudget(ctx, bearer);
        if (op) checkScope(bearer, op.scope);
      } catch (err) {
        throw err instanceof BearerRejected ? toSoapFault(err) : err;
      }
      const name = head.operation;
      if (!name || !op) {
        throw new ClientFault(
          `Unsupported operation ${name ?? '(none)'}: use Retrieve, Describe, Create, Update or Delete.`,
        );
      }
      checkXmlShape(xml);
      checkBodySize(xml, name);
      const body = child(child(parseSoapXml(xml), 'Envelope'), 'Body') as XmlNode | undefined;
      if (!body || typeof body !== 'object' || !(name in body))
        throw new ClientFault('The request has no SOAP Envelope and Body.');
      const request = body[name];
      let answer: string;
      try {
        if (op.operation === 'Retrieve') {
          answer = await soapRetrieve(ctx.store, ctx.clock, bearer, child(request, 'RetrieveRequest'));
        } else if (op.operation === 'Describe') {
          answer = await soapDescribe(ctx.store, bearer, RETRIEVABLE_OBJECTS, request);
        } else {
          answer = await soapWrite(ctx, bearer, op.operation, request, {
            actor: `client:${bearer.claims.client_id}`,
            sourceIp: req.ip,
          });
        }
      } catch (err) {
        throw err instanceof BearerRejected ? toSoapFault(err) : err;
      }
      return reply
        .header('content-type', 'text/xml; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(answer);
    },
  );
}
