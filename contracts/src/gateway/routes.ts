/**
 * Which service owns which public path. The gateway serves `/api/v1<path>` by forwarding `<path>`
 * to the owner; the first matching rule wins, so the more specific rules come first.
 * A service adding routes outside these prefixes adds a rule here.
 */
export type ServiceName = 'identity' | 'exam' | 'ingestion' | 'ocr' | 'grading' | 'export' | 'gateway';

export interface RouteRule {
  pattern: RegExp;
  service: ServiceName;
  /** Only these methods (upper case); every method when absent. For a path two services share. */
  methods?: readonly string[];
  /** Reachable without an access token (the service still checks what it must). */
  public?: boolean;
  /** Stricter rate limit class (sign-in attempts, uploads). */
  limit?: 'auth' | 'upload';
}

export const ROUTE_RULES: readonly RouteRule[] = [
  // public: sign-in and friends, keys, signed file links
  { pattern: /^\/auth\/(login|refresh|set-password|forgot-password)$/, service: 'identity', public: true, limit: 'auth' },
  { pattern: /^\/\.well-known\/jwks\.json$/, service: 'identity', public: true },
  { pattern: /^\/files\/identity\//, service: 'identity', public: true },
  { pattern: /^\/files\/exam\//, service: 'exam', public: true },
  { pattern: /^\/files\/ingestion\//, service: 'ingestion', public: true },
  { pattern: /^\/files\/ocr\//, service: 'ocr', public: true },
  { pattern: /^\/files\/grading\//, service: 'grading', public: true },
  { pattern: /^\/files\/export\//, service: 'export', public: true },
  // exam sub-resources owned by other services
  { pattern: /^\/exams\/[^/]+\/batches(\/|$)/, service: 'ingestion', limit: 'upload' },
  { pattern: /^\/exams\/[^/]+\/(exports|stats)(\/|$)/, service: 'export' },
  { pattern: /^\/exams\/[^/]+\/readings(\/|$)/, service: 'ocr' },
  // the exam's status command (`POST /exams/:id/grading`) shares its path with grading's progress view
  { pattern: /^\/exams\/[^/]+\/grading$/, methods: ['POST'], service: 'exam' },
  { pattern: /^\/exams\/[^/]+\/(comment-bank|grading)(\/|$)/, service: 'grading' },
  { pattern: /^\/exams(\/|$)/, service: 'exam' },
  { pattern: /^\/batches(\/|$)/, service: 'ingestion' },
  // copy sub-resources owned by other services
  { pattern: /^\/copies\/[^/]+\/reading(\/|$)/, service: 'ocr' },
  { pattern: /^\/copies\/[^/]+\/(grading|annotations|draft|finalize|reopen|pages|take-over|history)(\/|$)/, service: 'grading' },
  { pattern: /^\/copies(\/|$)/, service: 'exam' },
  { pattern: /^\/comment-bank(\/|$)/, service: 'grading' },
  { pattern: /^\/grading(\/|$)/, service: 'grading' },
  // the signed-in person
  { pattern: /^\/me\/results(\/|$)/, service: 'export' },
  { pattern: /^\/me\/charter(\/|$)/, service: 'export' },
  { pattern: /^\/me(\/|$)/, service: 'identity' },
  // everything else by area
  { pattern: /^\/(auth|users|students|tenants|audit)(\/|$)/, service: 'identity' },
  { pattern: /^\/(exports|charter|retention)(\/|$)/, service: 'export' },
];

/**
 * The service that owns a path (without the /api/v1 prefix and without the query) for `method`, or
 * null. Without a method, rules limited to some methods are passed over.
 */
export function routeFor(path: string, method?: string): RouteRule | null {
  const verb = method?.toUpperCase();
  return ROUTE_RULES.find((r) => r.pattern.test(path) && (!r.methods || (verb !== undefined && r.methods.includes(verb)))) ?? null;
}
