import { escapeXml } from '../../errors/soap-faults.js';

/** Builders of SOAP response bodies (the partner API namespace, `soap:` envelope prefix). */

export const PARTNER_NAMESPACE = 'http://exacttarget.com/wsdl/partnerAPI';

export function envelope(body: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

export function element(name: string, text: string | number): string {
  return `<${name}>${escapeXml(String(text))}</${name}>`;
}

export function propertiesXml(properties: ReadonlyArray<readonly [string, string]>): string {
  return `<Properties>${properties
    .map(([name, value]) => `<Property>${element('Name', name)}${element('Value', value)}</Property>`)
    .join('')}</Properties>`;
}

export interface ObjectResult {
  readonly ordinal: number;
  readonly ok: boolean;
  readonly message: string;
  /** The object echoed back (already XML), for Create and Update. */
  readonly objectXml?: string;
  /** Create: the new object's integer ID (`NewID`, folders) or GUID (`NewObjectID`). */
  readonly newId?: number;
  readonly newObjectId?: string;
  /** Marketing Cloud's per-object error code (default 10000, a validation error). */
  readonly errorCode?: number;
}

/** `CreateResponse`, `UpdateResponse` or `DeleteResponse`. */
export function writeResponse(name: string, requestId: string, results: readonly ObjectResult[]): string {
  const overall = results.every((r) => r.ok) ? 'OK' : results.some((r) => r.ok) ? 'Has Errors' : 'Error';
  const items = results
    .map(
      (r) =>
        '<Results>' +
        element('StatusCode', r.ok ? 'OK' : 'Error') +
        element('StatusMessage', r.message) +
        element('OrdinalID', r.ordinal) +
        (r.ok ? '' : element('ErrorCode', r.errorCode ?? 10000)) +
        (r.newId === undefined ? '' : element('NewID', r.newId)) +
        (r.newObjectId === undefined ? '' : element('NewObjectID', r.newObjectId)) +
        (r.objectXml ?? '') +
        '</Results>',
    )
    .join('');
  return envelope(
    `<${name} xmlns="${PARTNER_NAMESPACE}">${items}${element('RequestID', requestId)}${element('OverallStatus', overall)}</${name}>`,
  );
}

/** `RetrieveResponseMsg` with `OverallStatus` OK, MoreDataAvailable or `Error: …`. */
export function retrieveResponse(overallStatus: string, requestId: string, resultsXml: string): string {
  return envelope(
    `<RetrieveResponseMsg xmlns="${PARTNER_NAMESPACE}">${element('OverallStatus', overallStatus)}${element('RequestID', requestId)}${resultsXml}</RetrieveResponseMsg>`,
  );
}
