import { routeFor, type RouteRule } from '@gradeline/contracts';

export const API_PREFIX = '/api/v1';

export interface Resolved {
  rule: RouteRule;
  /** Path and query as the owning service serves them. */
  upstreamPath: string;
}

// `..` or `.` segments, raw or percent-encoded, and backslashes: a path that could mean another
// path to some parser behind us is refused rather than interpreted.
const AMBIGUOUS = /(^|\/)(\.|%2e){1,2}(\/|$)|\\|%5c|%2f/i;

export function isAmbiguous(path: string): boolean {
  return AMBIGUOUS.test(path.split('?', 1)[0]!);
}

/**
 * The owning service of a public URL (`/api/v1/exams/1?x=y`) called with `method` and the path it
 * is forwarded to, or null when no rule claims it. Signed file links `/files/<service>/<token>`
 * become `/files/<token>`.
 */
export function resolve(url: string, method?: string): Resolved | null {
  if (!url.startsWith(`${API_PREFIX}/`)) return null;
  const rest = url.slice(API_PREFIX.length);
  const queryAt = rest.indexOf('?');
  const path = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rest.slice(queryAt);
  if (isAmbiguous(path)) return null;
  const rule = routeFor(path, method);
  if (!rule) return null;
  const filePrefix = `/files/${rule.service}/`;
  const upstreamPath = path.startsWith(filePrefix) ? `/files/${path.slice(filePrefix.length)}` : path;
  return { rule, upstreamPath: upstreamPath + query };
}
