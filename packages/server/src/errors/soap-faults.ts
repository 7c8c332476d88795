import type { FastifyReply } from 'fastify';

/**
 * SOAP 1.1 faults (sfmc-auth.md §6.3). Every fault travels on HTTP 500 (SOAP 1.1 §6.2); the
 * `faultcode` says whose fault it is: `q0:Security` (token), `soap:Client` (request), `soap:Server`.
 */
export const WSSE_NAMESPACE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

export abstract class SoapFault extends Error {
  abstract readonly faultcode: 'q0:Security' | 'soap:Client' | 'soap:Server';
  /** 500 for every fault Marketing Cloud sends; only an injected fault (faults/) picks another. */
  readonly httpStatus: number = 500;

  constructor(faultstring: string, options?: ErrorOptions) {
    super(faultstring, options);
    this.name = new.target.name;
  }
}

/** Token missing, invalid, expired, of another tenant, or without the scope. */
export class SecurityFault extends SoapFault {
  readonly faultcode = 'q0:Security';
}

/** The request itself is wrong: not XML, a DTD, an unknown operation or object type. */
export class ClientFault extends SoapFault {
  readonly faultcode = 'soap:Client';
}

export class ServerFault extends SoapFault {
  readonly faultcode = 'soap:Server';
}

/**
 * Over `PACKGATE_REST_RATE_LIMIT_PER_MINUTE`: Marketing Cloud throttles SOAP with a fault on
 * HTTP 500, not a 429 (sfmc-auth.md §6.3, §9). `soap:Server`: the request itself was fine.
 */
export class RateLimitFault extends SoapFault {
  readonly faultcode = 'soap:Server';
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(`Rate limit exceeded: retry after ${retryAfterSeconds} seconds.`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Escapes text for XML element content and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/**
 * The one serializer of SOAP faults: HTTP 500, no-store, never a stack trace; server faults and
 * unexpected errors logged with their cause, the caller's faults at debug without a stack;
 * `Retry-After` on a throttling fault (harmless to SOAP clients, useful to generic HTTP ones).
 */
export function sendSoapFault(reply: FastifyReply, err: unknown, faultactor: string): FastifyReply {
  let fault: SoapFault;
  if (err instanceof SoapFault) fault = err;
  else {
    reply.log.error({ err }, 'SOAP request failed');
    fault = new ServerFault('An error occurred. Try again later.');
  }
  if (fault instanceof ServerFault && fault.cause)
    reply.log.error({ err: fault.cause }, 'SOAP request failed');
  else if (!(fault instanceof ServerFault)) {
    // The caller's mistake, not ours: one short line, no stack, so a flood of bad requests
    // cannot flood the log. The faultstring never holds a token (none is ever echoed).
    reply.log.debug({ faultcode: fault.faultcode, faultstring: fault.message }, 'SOAP fault');
  }
  const namespace = fault.faultcode === 'q0:Security' ? ` xmlns:q0="${WSSE_NAMESPACE}"` : '';
  const xml =
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
    '<soap:Body><soap:Fault>' +
    `<faultcode${namespace}>${fault.faultcode}</faultcode>` +
    `<faultstring>${escapeXml(fault.message)}</faultstring>` +
    `<faultactor>${escapeXml(faultactor)}</faultactor>` +
    '</soap:Fault></soap:Body></soap:Envelope>';
  if (fault instanceof RateLimitFault) reply.header('retry-after', String(fault.retryAfterSeconds));
  return reply
    .code(fault.httpStatus)
    .header('cache-control', 'no-store')
    .header('content-type', 'text/xml; charset=utf-8')
    .send(xml);
}
