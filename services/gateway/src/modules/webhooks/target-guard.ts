import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { AppError } from '@gradeline/kit';

export interface TargetPolicy {
  allowHttp: boolean;
  /** Allow private, loopback and link-local targets (local runs and tests only). */
  allowPrivate: boolean;
}

/** Resolves a host name to every address it has. */
export type Resolver = (host: string) => Promise<string[]>;

// Where a webhook must never point (SSRF): this machine, the cluster and cloud metadata networks,
// and ranges that are not unicast internet addresses at all.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** Is this a public unicast address (and so an acceptable webhook target)? */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]!);
  return !blocked.check(address, 'ipv6');
}

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses: LookupAddress[]) => (error ? reject(error) : resolve(addresses.map((a) => a.address)))),
  );

function refused(reason: string): AppError {
  return new AppError('webhook_target_invalid', reason, { errors: [{ path: 'body.url', message: reason }] });
}

/**
 * Checks a target URL: https (or http when allowed), no credentials in it, and a host whose every
 * address is public unless private targets are allowed. Run at subscription time and before each
 * delivery (DNS may have changed since); the delivery's own connection re-checks what it resolves.
 */
export async function checkTarget(url: string, policy: TargetPolicy, resolve: Resolver = systemResolver): Promise<URL> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw refused('the target is not a URL');
  }
  if (target.protocol !== 'https:' && !(policy.allowHttp && target.protocol === 'http:')) throw refused('the target must use https');
  if (target.username || target.password) throw refused('the target must not carry credentials');
  if (policy.allowPrivate) return target;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await resolve(host).catch(() => [] as string[]);
  if (addresses.length === 0) throw refused('the target host does not resolve');
  if (!addresses.every(isPublicAddress)) throw refused('the target resolves to a private, loopback or link-local address');
  return target;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for the delivery connection that refuses private addresses at connect time, so a
 * host that resolved to a public address when checked cannot be rebound to an internal one.
 */
export function guardedLookup(policy: TargetPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, []);
      const allowed = policy.allowPrivate ? addresses : addresses.filter((a) => isPublicAddress(a.address));
      if (allowed.length === 0) {
        const refusal: NodeJS.ErrnoException = new Error('target_refused');
        refusal.code = 'ETARGETREFUSED';
        return callback(refusal, []);
      }
      if (options.all) return callback(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
