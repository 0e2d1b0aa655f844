import {
  AuditEntry,
  type AuditQuery,
  type MergedAuditPage,
  type MergedDeadLetterPage,
  type PlatformHealth,
  ServiceDeadLetter,
  type ServiceHealth,
} from '@gradeline/contracts';
import { AppError, invalid } from '@gradeline/kit';
import { UPSTREAM_SERVICES } from '../proxy/upstreams';
import { mergePages, type MergedPage } from './merge-pages';
import { ServiceDown, type CallResult, type ServiceCaller } from './service-caller';

/** Deeper pages than this are refused: narrow the search with `from`/`to` instead. */
export const MAX_MERGE_WINDOW = 5_000;

export interface Caller {
  authorization?: string;
  requestId: string;
}

export type DeadLetterQuery = {
  status?: string;
  consumer?: string;
  limit: number;
  offset: number;
};

function queryString(filters: Record<string, string | number | undefined>, offset: number, limit: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== undefined) params.set(name, String(value));
  params.set('offset', String(offset));
  params.set('limit', String(limit));
  return params.toString();
}

function checkWindow(offset: number, limit: number): void {
  if (offset + limit > MAX_MERGE_WINDOW) {
    throw invalid('the page is too deep', [{ path: 'querystring.offset', message: `offset + limit must be at most ${MAX_MERGE_WINDOW}; narrow with from/to` }]);
  }
}

/** The admin API's fan-out: health, audit trail and dead letters of every service, merged. */
export class AdminService {
  constructor(
    private readonly caller: ServiceCaller,
    private readonly extraChecks: Record<string, () => Promise<void>>,
  ) {}

  async health(request: Caller): Promise<PlatformHealth> {
    const services = await Promise.all([...UPSTREAM_SERVICES, 'gateway'].map((s) => this.serviceHealth(s, request)));
    return { status: services.every((s) => s.status !== 'unavailable') ? 'ok' : 'degraded', services };
  }

  private async serviceHealth(service: string, request: Caller): Promise<ServiceHealth> {
    if (!this.caller.services().includes(service)) return { service, status: 'not_configured', checks: {} };
    let answer: CallResult;
    try {
      answer = await this.caller.call(service, { path: '/health/ready', requestId: request.requestId });
    } catch {
      return { service, status: 'unavailable', checks: {} };
    }
    const checks = { ...((answer.body as { checks?: Record<string, string> } | null)?.checks ?? {}) };
    if (service === 'gateway') Object.assign(checks, await this.runExtraChecks());
    const ok = answer.status === 200 && Object.values(checks).every((c) => c === 'ok');
    return { service, status: ok ? 'ok' : 'unavailable', checks };
  }

  private async runExtraChecks(): Promise<Record<string, string>> {
    const entries = await Promise.all(
      Object.entries(this.extraChecks).map(async ([name, check]) => [name, await check().then(() => 'ok', () => 'fail')] as const),
    );
    return Object.fromEntries(entries);
  }

  audit(query: AuditQuery, request: Caller): Promise<MergedAuditPage> {
    return this.merged('/admin/audit', query, request, {
      item: (_service, raw) => AuditEntry.parse(raw),
      compare: (a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id),
    });
  }

  deadLetters(query: DeadLetterQuery, request: Caller): Promise<MergedDeadLetterPage> {
    return this.merged('/admin/dead-letters', query, request, {
      item: (service, raw) => ServiceDeadLetter.parse({ ...(raw as object), service }),
      compare: (a, b) => b.firstFailedAt.localeCompare(a.firstFailedAt) || a.id.localeCompare(b.id),
    });
  }

  /** One list route of every service, filters passed on as they came, merged newest first. */
  private merged<T>(
    path: string,
    query: { offset: number; limit: number } & Record<string, string | number | undefined>,
    request: Caller,
    order: { item: (service: string, raw: unknown) => T; compare: (a: T, b: T) => number },
  ): Promise<MergedPage<T>> {
    checkWindow(query.offset, query.limit);
    const { offset, limit, ...filters } = query;
    return mergePages({
      caller: this.caller,
      services: this.caller.services(),
      offset,
      limit,
      pathFor: (o, l) => `${path}?${queryString(filters, o, l)}`,
      ...request,
      ...order,
    });
  }

  /** Replay or discard: the owning service decides; its answer is passed on as it is. */
  async deadLetterAction(service: string, id: string, action: 'replay' | 'discard', request: Caller): Promise<CallResult> {
    if (!this.caller.services().includes(service)) throw new AppError('not_found', 'dead letter not found');
    try {
      return await this.caller.call(service, { method: 'POST', path: `/admin/dead-letters/${encodeURIComponent(id)}/${action}`, ...request });
    } catch (error) {
      if (error instanceof ServiceDown) throw new AppError('upstream_unavailable', `${service} did not answer`, { retryAfterSeconds: 5 });
      throw error;
    }
  }
}
