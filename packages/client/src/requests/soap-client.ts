import { ApiError, SoapFaultError } from '../errors/api-errors.js';
import { ConfigurationError } from '../errors/configuration-errors.js';
import { redactSecrets } from '../errors/packgate-client-error.js';
import type { FetchLike } from '../http/fetch-like.js';
import { readText, sendRequest } from '../http/send-request.js';
import type { TokenSource } from '../tokens/token.js';
import { joinUrl } from '../urls/join-url.js';
import { normalizeBaseUri } from '../urls/normalize-base-uri.js';

/** Options of {@link createSoapClient}. */
export interface SoapClientOptions {
  /** Where tokens come from. */
  tokenSource: TokenSource;
  /** SOAP base URI to use instead of the token's `soapInstanceUrl`. */
  baseUri?: string;
  /** fetch implementation (default global `fetch`). */
  fetch?: FetchLike;
  /** Timeout of each attempt in ms (default 60000). */
  timeoutMs?: number;
  /** Allow http off loopback for `baseUri` (default false). */
  allowInsecureHttp?: boolean;
}

/** A successful SOAP answer. */
export interface SoapResponse {
  /** HTTP status (2xx). */
  status: number;
  /** The raw XML envelope. */
  body: string;
}

/**
 * Calls the Marketing Cloud SOAP API (`{soapInstanceUrl}Service.asmx`) with the token in the
 * `fueloauth` header.
 *
 * @example
 * ```ts
 * const soap = createSoapClient({ tokenSource: provider });
 * const { body } = await soap.call('Retrieve', '<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI">…</RetrieveRequestMsg>');
 * ```
 */
export interface SoapClient {
  /**
   * Sends one operation. A "Token Expired" fault forces a new token and retries once; other faults throw
   * {@link SoapFaultError}.
   */
  call(action: string, bodyXml: string, options?: { signal?: AbortSignal }): Promise<SoapResponse>;
}

/**
 * Escapes text for XML content.
 *
 * @example
 * ```ts
 * escapeXml('a<b'); // 'a&lt;b'
 * ```
 */
export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Builds a SOAP 1.1 envelope with the `fueloauth` header.
 *
 * @example
 * ```ts
 * buildSoapEnvelope(token.accessToken, '<RetrieveRequestMsg …/>');
 * ```
 */
export function buildSoapEnvelope(accessToken: string, bodyXml: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soap:Header><fueloauth xmlns="http://exacttarget.com">${escapeXml(accessToken)}</fueloauth></soap:Header>` +
    `<soap:Body>${bodyXml}</soap:Body></soap:Envelope>`
  );
}

/**
 * Extracts `faultcode` and `faultstring` from a SOAP fault envelope, or `undefined` when there is none.
 *
 * @example
 * ```ts
 * parseSoapFault(xml); // { faultcode: 'q0:Security', faultstring: 'Token Expired' }
 * ```
 */
export function parseSoapFault(xml: string): { faultcode: string; faultstring: string } | undefined {
  if (!/<(?:[\w-]+:)?Fault[\s>]/.test(xml)) return undefined;
  const read = (name: string) => {
    const match = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`).exec(
      xml,
    );
    return unescapeXml(match?.[1]?.trim() ?? '');
  };
  return { faultcode: read('faultcode'), faultstring: read('faultstring') };
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|apos|quot|#\d+);/g, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
    return named[entity] ?? String.fromCharCode(Number(entity.slice(1)));
  });
}

/**
 * Creates a {@link SoapClient}.
 *
 * @example
 * ```ts
 * const soap = createSoapClient({ tokenSource: createTokenProvider(options) });
 * ```
 */
export function createSoapClient(options: SoapClientOptions): SoapClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const fixedBase =
    options.baseUri === undefined
      ? undefined
      : normalizeBaseUri(options.baseUri, {
          name: 'baseUri',
          allowInsecureHttp: options.allowInsecureHttp ?? false,
        });
  return {
    async call(action, bodyXml, callOptions = {}) {
      if (!/^[A-Za-z]{1,64}$/.test(action))
        throw new ConfigurationError('SOAP action must be a plain name like Retrieve');
      for (let attempt = 0; ; attempt++) {
        const token = await options.tokenSource.getToken();
        const base = fixedBase ?? token.soapInstanceUrl;
        if (base === '')
          throw new ConfigurationError('the token has no soapInstanceUrl: pass baseUri to createSoapClient');
        const response = await sendRequest(
          joinUrl(base, 'Service.asmx'),
          {
            method: 'POST',
            headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: action },
            body: buildSoapEnvelope(token.accessToken, bodyXml),
          },
          { fetch: fetchImpl, timeoutMs, signal: callOptions.signal, target: 'SOAP API' },
        );
        const body = await readText(response);
        const fault = parseSoapFault(body);
        if (fault !== undefined) {
          if (fault.faultstring === 'Token Expired' && attempt === 0) {
            await options.tokenSource.getToken({ forceRefresh: true, rejectToken: token.accessToken });
            continue;
          }
          throw new SoapFaultError(fault.faultcode, redactSecrets(fault.faultstring, [token.accessToken]), {
            status: response.status,
          });
        }
        if (!response.ok) {
          throw new ApiError(`SOAP ${action} failed: HTTP ${response.status}`, { status: response.status });
        }
        return { status: response.status, body };
      }
    },
  };
}
