import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { type DropinSettings, isDropinHost } from './dropin-settings.js';

type Connect = typeof tls.connect;
type Lookup = typeof dns.lookup;

/**
 * `tls.connect` arguments as one options object: `(options[, cb])`, `(port[, host][, options][, cb])`.
 * Only the forms Node's clients use; a path (IPC socket) form passes through untouched.
 */
function connectOptions(
  args: unknown[],
): { options: tls.ConnectionOptions; callback?: () => void } | undefined {
  const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as () => void) : undefined;
  const [first, second, third] = args;
  if (first !== null && typeof first === 'object') {
    return { options: { ...(first as tls.ConnectionOptions) }, ...(callback ? { callback } : {}) };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const host = typeof second === 'string' ? second : undefined;
    const rest = (typeof second === 'object' && second ? second : third) as tls.ConnectionOptions | undefined;
    return {
      options: { ...rest, port: Number(first), ...(host ? { host } : {}) },
      ...(callback ? { callback } : {}),
    };
  }
  return undefined;
}

/**
 * Inside this process only: TLS connections to `*.{baseDomain}` go to Packgate's address (port 443
 * to its TLS port), with the original name kept for SNI and the certificate check, and the local CA
 * trusted for them; `dns.lookup` answers Packgate's address for those names. Everything else is
 * untouched. Returns the function that undoes it.
 */
export function installDropin(settings: DropinSettings): () => void {
  const originalConnect: Connect = tls.connect;
  const originalLookup: Lookup = dns.lookup;
  const originalPromisesLookup = dns.promises.lookup;
  const family = isIP(settings.address);

  const connect = function (this: unknown, ...args: unknown[]) {
    const parsed = connectOptions([...args]);
    const host = parsed?.options.host ?? parsed?.options.servername;
    if (!parsed || !isDropinHost(host, settings.baseDomain)) {
      return (originalConnect as (...a: unknown[]) => tls.TLSSocket).apply(this, args);
    }
    const { options, callback } = parsed;
    const name = (options.servername || options.host) as string;
    const port = options.port === undefined || Number(options.port) === 443 ? settings.tlsPort : options.port;
    const trusted = settings.caPem
      ? [
          ...(options.ca === undefined
            ? tls.rootCertificates
            : Array.isArray(options.ca)
              ? options.ca
              : [options.ca]),
          settings.caPem,
        ]
      : options.ca;
    const rewritten: tls.ConnectionOptions = {
      ...options,
      host: settings.address,
      port,
      // SNI and the identity check (RFC 6125) use the name the client asked for, not the address.
      servername: name,
      ...(trusted === undefined ? {} : { ca: trusted }),
    };
    return callback ? originalConnect(rewritten, callback) : originalConnect(rewritten);
  } as Connect;

  const lookup = function (this: unknown, hostname: string, ...rest: unknown[]) {
    if (!isDropinHost(hostname, settings.baseDomain)) {
      return (originalLookup as (...a: unknown[]) => void).apply(this, [hostname, ...rest]);
    }
    const callback = rest.pop() as (err: null, address: unknown, family?: number) => void;
    const options = rest[0];
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    process.nextTick(() =>
      all
        ? callback(null, [{ address: settings.address, family }])
        : callback(null, settings.address, family),
    );
  } as Lookup;

  const promisesLookup = ((hostname: string, options?: unknown) => {
    if (!isDropinHost(hostname, settings.baseDomain)) {
      return (originalPromisesLookup as (...a: unknown[]) => Promise<unknown>)(hostname, options);
    }
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    const answer = { address: settings.address, family };
    return Promise.resolve(all ? [answer] : answer);
  }) as typeof dns.promises.lookup;

  tls.connect = connect;
  dns.lookup = lookup;
  dns.promises.lookup = promisesLookup;
  // `import { connect } from 'node:tls'` sees the patched functions too.
  syncBuiltinESMExports();
  return () => {
    tls.connect = originalConnect;
    dns.lookup = originalLookup;
    dns.promises.lookup = originalPromisesLookup;
    syncBuiltinESMExports();
  };
}
