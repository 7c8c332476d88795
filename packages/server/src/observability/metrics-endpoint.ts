import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AppContext } from '../app-context.js';

export interface MetricsAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics`: the Prometheus text of this instance. With `PACKGATE_METRICS_TOKEN` only
 * `Authorization: Bearer {token}` is answered (compared in constant time), anything else 401.
 */
export function createMetricsEndpoint(
  ctx: Pick<AppContext, 'config' | 'metrics' | 'logger'>,
): (authorization: string | undefined) => Promise<MetricsAnswer> {
  const token = ctx.config.metricsToken;
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
  return async (authorization): Promise<MetricsAnswer> => {
    if (expected && !(authorization !== undefined && timingSafeEqual(digest(authorization), expected))) {
      const refused: MetricsAnswer = {
        statusCode: 401,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          'www-authenticate': 'Bearer realm="metrics"',
        },
        body: JSON.stringify({
          error: 'unauthorized',
          message: 'Send Authorization: Bearer {PACKGATE_METRICS_TOKEN}.',
        }),
      };
      return refused;
    }
    return {
      statusCode: 200,
      headers: { 'content-type': ctx.metrics.registry.contentType, 'cache-control': 'no-store' },
      body: await ctx.metrics.registry.metrics(),
    };
  };
}

/**
 * The listener of `PACKGATE_METRICS_PORT`: `GET /metrics` and nothing else (404), on
 * PACKGATE_HOST. Resolves once listening, with the port it got (0 asks for any free one).
 */
export async function listenForMetrics(
  ctx: Pick<AppContext, 'config' | 'metrics' | 'logger'>,
  port: number,
): Promise<{ server: Server; port: number }> {
  const endpoint = createMetricsEndpoint(ctx);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'not_found', message: 'Only GET /metrics is served here.' }));
      return;
    }
    endpoint(req.headers.authorization).then(
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        res.end(req.method === 'HEAD' ? undefined : answer.body);
      },
      (err: unknown) => {
        ctx.logger.error({ err }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: 'server_error', message: 'The metrics could not be collected.' }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ctx.config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port };
}
