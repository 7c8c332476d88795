import type { FastifySchema } from 'fastify';

const EXAMPLE =
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>' +
  '<fueloauth xmlns="http://exacttarget.com">{access token}</fueloauth></soap:Header><soap:Body>' +
  '<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest>' +
  '<ObjectType>DataExtensionObject[Contacts]</ObjectType><Properties>Email</Properties>' +
  '</RetrieveRequest></RetrieveRequestMsg></soap:Body></soap:Envelope>';

const xml = (description: string) => ({
  description,
  content: { 'text/xml': { schema: { type: 'string' } } },
});

/**
 * The OpenAPI description of `POST {soap}Service.asmx` (documentation only:
 * openapi/documented.ts). OpenAPI cannot describe SOAP messages; the request is a SOAP 1.1
 * envelope of Marketing Cloud's partner API, the supported subset documented in
 * docs/reference/resource-api.md.
 */
export const SOAP_OPERATION = {
  operationId: 'callSoapApi',
  summary: 'Call the SOAP API: Retrieve, Create, Update or Delete Data Extension rows',
  description:
    "A SOAP 1.1 envelope of Marketing Cloud's partner API (namespace `http://exacttarget.com/wsdl/partnerAPI`) with the access token in the `fueloauth` header element. Supported: `RetrieveRequestMsg`, `CreateRequest`, `UpdateRequest`, `DeleteRequest` on `DataExtensionObject[…]` (docs/reference/resource-api.md, section SOAP). Errors are SOAP faults (HTTP 500), also for a missing or rejected token.",
  externalDocs: {
    description:
      "Marketing Cloud's SOAP API WSDL (the operations and types this endpoint implements a subset of)",
    url: 'https://webservice.exacttarget.com/etframework.wsdl',
  },
  tags: ['soap'],
  security: [],
  consumes: ['text/xml'],
  params: {
    type: 'object',
    properties: { subdomain: { type: 'string', maxLength: 64, description: 'The tenant subdomain.' } },
    required: ['subdomain'],
  },
  headers: {
    type: 'object',
    properties: {
      soapaction: {
        type: 'string',
        description: 'Retrieve, Create, Update or Delete (optional: the body names it).',
      },
    },
  },
  body: { type: 'string', description: 'The SOAP envelope (at most 5 MiB).', example: EXAMPLE },
  response: {
    200: xml('The response envelope (RetrieveResponseMsg, CreateResponse, …).'),
    500: xml('A SOAP fault: soap:Client for a bad request or token, soap:Server otherwise.'),
  },
} satisfies FastifySchema;
