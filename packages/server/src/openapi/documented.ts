import type { FastifySchema } from 'fastify';

/**
 * Route options that put `schema` into the OpenAPI document only. The auth base URI and SOAP
 * endpoints check their input in their own pipelines (OAuth / SOAP-fault error shapes, the same
 * functions as the token fast path) and write their own bodies, so Fastify must neither
 * validate against these schemas nor serialize with them.
 */
export function documented(schema: FastifySchema) {
  return {
    schema,
    validatorCompiler: () => (value: unknown) => ({ value }),
    serializerCompiler: () => (data: unknown) => JSON.stringify(data),
  };
}
