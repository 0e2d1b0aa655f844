import { type Clock } from '@gradeline/runtime';
import { type ServiceCaller } from '../admin/service-caller';
import { mergeDocuments, type OpenApiDocument, type ServiceDocument } from './openapi-merge';

/**
 * The merged OpenAPI document, rebuilt at most once per TTL: each service's `/openapi.json` is
 * fetched concurrently; one that does not answer is listed as unavailable, the rest still merge.
 */
export class ApiDocs {
  private cached: { document: OpenApiDocument; at: number } | undefined;
  private building: Promise<OpenApiDocument> | undefined;

  constructor(
    private readonly caller: ServiceCaller,
    private readonly gatewayDocument: () => OpenApiDocument,
    private readonly options: { ttlMs: number; clock: Clock; version: string },
  ) {}

  /** The document, fresh within the TTL; concurrent callers share one rebuild. */
  async document(): Promise<OpenApiDocument> {
    const now = this.options.clock.now().getTime();
    if (this.cached && now - this.cached.at < this.options.ttlMs) return this.cached.document;
    this.building ??= this.build().finally(() => (this.building = undefined));
    return this.building;
  }

  /** The last built document (the viewer's synchronous hook); empty before the first build. */
  last(): OpenApiDocument {
    return this.cached?.document ?? { openapi: '3.1.0', info: { title: 'Gradeline API', version: this.options.version }, paths: {} };
  }

  private async build(): Promise<OpenApiDocument> {
    const services = this.caller.services().filter((s) => s !== 'gateway');
    const answers = await Promise.all(services.map((service) => this.fetch(service)));
    const document = mergeDocuments({
      gateway: this.gatewayDocument(),
      services: answers.filter((a): a is ServiceDocument => a !== null),
      unavailable: services.filter((_s, i) => answers[i] === null),
      version: this.options.version,
    });
    this.cached = { document, at: this.options.clock.now().getTime() };
    return document;
  }

  private async fetch(service: string): Promise<ServiceDocument | null> {
    try {
      const answer = await this.caller.call(service, { path: '/openapi.json' });
      const document = answer.body as OpenApiDocument | null;
      return answer.status === 200 && document && typeof document === 'object' ? { service, document } : null;
    } catch {
      return null;
    }
  }
}
