import { ServiceDown, type ServiceCaller } from './service-caller';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface MergedPage<T> extends Page<T> {
  unavailable: string[];
}

/** Services answer at most this many items per call (contracts' Pagination). */
const SERVICE_PAGE = 500;

/**
 * Pages through services' lists sorted newest first: each service is asked for the first
 * `offset + limit` items (in pages of 500), the answers are merged by `newer` and the window
 * cut out. A service that fails is named in `unavailable`, not an error.
 */
export async function mergePages<T>(options: {
  caller: ServiceCaller;
  services: string[];
  offset: number;
  limit: number;
  /** The service's path for one page (query string included). */
  pathFor: (offset: number, limit: number) => string;
  authorization?: string;
  requestId?: string;
  /** Tags an item with its service (and checks its shape). */
  item: (service: string, raw: unknown) => T;
  compare: (a: T, b: T) => number;
}): Promise<MergedPage<T>> {
  const window = options.offset + options.limit;
  const results = await Promise.all(
    options.services.map(async (service) => {
      try {
        return { service, page: await fetchWindow(options, service, window) };
      } catch (error) {
        if (error instanceof ServiceDown) return { service, page: null };
        throw error;
      }
    }),
  );
  const unavailable = results.filter((r) => r.page === null).map((r) => r.service);
  const pages = results.flatMap((r) => (r.page ? [r.page] : []));
  const items = pages.flatMap((p) => p.items).sort(options.compare);
  return {
    items: items.slice(options.offset, window),
    total: pages.reduce((sum, p) => sum + p.total, 0),
    unavailable,
  };
}

async function fetchWindow<T>(options: Parameters<typeof mergePages<T>>[0], service: string, window: number): Promise<Page<T>> {
  const items: T[] = [];
  let total = 0;
  for (let offset = 0; offset < window; offset += SERVICE_PAGE) {
    const limit = Math.min(SERVICE_PAGE, window - offset);
    const answer = await options.caller.call(service, { path: options.pathFor(offset, limit), authorization: options.authorization, requestId: options.requestId });
    const body = answer.body as Partial<Page<unknown>> | null;
    if (answer.status !== 200 || !Array.isArray(body?.items) || typeof body.total !== 'number') throw new ServiceDown(service);
    items.push(...body.items.map((raw) => checked(() => options.item(service, raw), service)));
    total = body.total;
    if (body.items.length < limit) break;
  }
  return { items, total };
}

// An item that does not fit the contract means the service is not one we can read right now.
function checked<T>(parse: () => T, service: string): T {
  try {
    return parse();
  } catch {
    throw new ServiceDown(service);
  }
}
