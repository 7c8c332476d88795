import type { IncomingMessage, ServerResponse } from 'node:http';

/** Past this many bytes an oversized body is no longer read: the answer goes out and the connection is closed. */
export const OVERSIZED_BODY_DISCARD_BYTES = 16 * 1024 * 1024;

/**
 * Reads and throws away the rest of a body refused as too large, so that the 413 is written
 * after the client has finished sending: answering (and closing) while it still sends makes
 * its socket fail with EPIPE/ECONNRESET before it reads the answer. Bounded: at most
 * max(16 MiB, 2 × the limit) are read; a body declared or found larger than that is cut —
 * the answer then says `Connection: close`. Resolves when the answer may be written.
 */
export function discardOversizedBody(
  req: IncomingMessage,
  res: ServerResponse,
  limitBytes: number,
): Promise<void> {
  if (req.complete || req.readableEnded) return Promise.resolve();
  const maxBytes = Math.max(OVERSIZED_BODY_DISCARD_BYTES, 2 * limitBytes);
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    res.shouldKeepAlive = false;
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let discardedBytes = 0;
    const finish = (ended: boolean) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      if (!ended) res.shouldKeepAlive = false;
      resolve();
    };
    const onData = (chunk: Buffer) => {
      discardedBytes += chunk.length;
      if (discardedBytes > maxBytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onAbort = () => finish(req.complete);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onAbort);
    req.once('close', onAbort);
    req.resume();
  });
}
