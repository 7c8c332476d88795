import { parseConfig } from '@packgate/server';
import { describe, expect, it } from 'vitest';
import { describeStartFailure } from './describe-start-failure.js';

const listenError = (code: string, port: number) =>
  Object.assign(new Error(`listen ${code}`), { code, port });

describe('a start that fails on host mode HTTPS port names that port', () => {
  const config = parseConfig({ port: '8787', tlsPort: '443', baseDomain: 'marketingcloudapis.com' }, '/');

  it('EADDRINUSE on the TLS port: --tls-port in the hint', () => {
    const err = describeStartFailure(listenError('EADDRINUSE', 443), config);
    expect(err.code).toBe('ERR_ADDRESS_IN_USE');
    expect(err.message).toBe('cannot listen on 127.0.0.1:443: the port is already in use');
    expect(err.hint).toMatch(/--tls-port \(0 picks a free one\)/);
  });

  it('EACCES on 443: the preload way round it', () => {
    const err = describeStartFailure(listenError('EACCES', 443), config);
    expect(err.code).toBe('ERR_PERMISSION');
    expect(err.message).toMatch(/127\.0\.0\.1:443/);
    expect(err.hint).toMatch(/--tls-port 8443 --tls-public-port 443/);
  });

  it('the HTTP port keeps its own message', () => {
    const err = describeStartFailure(listenError('EADDRINUSE', 8787), config);
    expect(err.message).toBe('cannot listen on 127.0.0.1:8787: the port is already in use');
    expect(err.hint).toMatch(/--port/);
  });
});
