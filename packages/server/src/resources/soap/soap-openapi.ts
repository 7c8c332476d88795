import type { FastifySchema } from 'fastify';

/** The OpenAPI description of `POST {soap}Service.asmx` (documentation only: openapi/documented.ts). */
export const SOAP_OPERATION = {
  operationId: 'callSoapApi',
  summary: 'Call the SOAP API: Retrieve, Create, Update or Delete Data Extension rows',
  tags: ['soap'],
} satisfies FastifySchema;
