import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** Prometheus metrics of one app instance (its own registry: no process-wide state). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    tokensIssued: new Counter({
      name: 'packgate_tokens_issued_total',
      help: 'Access tokens issued, by grant type',
      labelNames: ['grant_type'] as const,
      registers: [registry],
    }),
    tokenErrors: new Counter({
      name: 'packgate_token_errors_total',
      help: 'Token endpoint errors, by OAuth error code',
      labelNames: ['error'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
