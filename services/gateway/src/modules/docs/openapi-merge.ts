import { routeFor } from '@gradeline/contracts';
import { API_PREFIX } from '../proxy/route-resolution';

/** The parts of an OpenAPI 3.x document the merge reads; everything else is carried as is. */
export interface OpenApiDocument {
  openapi?: string;
  info?: Record<string, unknown>;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown> | undefined>;
  [key: string]: unknown;
}

export interface ServiceDocument {
  service: string;
  document: OpenApiDocument;
}

const COMPONENT_REF = /^#\/components\/([^/]+)\/(.+)$/;
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function prefixOf(service: string): string {
  return `${service.charAt(0).toUpperCase()}${service.slice(1)}_`;
}

/** A deep copy with every `$ref` to a component renamed. */
function renameRefs(node: unknown, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((n) => renameRefs(n, prefix));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const match = key === '$ref' && typeof value === 'string' ? COMPONENT_REF.exec(value) : null;
    out[key] = match ? `#/components/${match[1]}/${prefix}${match[2]}` : renameRefs(value, prefix);
  }
  return out;
}

/** Tags every operation of a path item with the owning service. */
function tagged(item: Record<string, unknown>, service: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, operation] of Object.entries(item)) {
    out[key] = HTTP_METHODS.has(key) && operation && typeof operation === 'object' ? { ...operation, tags: [service] } : operation;
  }
  return out;
}

/**
 * The operations of a documented path item (`/exams/{id}`) that the route table sends to this
 * service, with the item's other fields; null when it sends none there.
 */
function ownedPart(path: string, item: Record<string, unknown>, service: string): Record<string, unknown> | null {
  const concrete = path.replace(/\{[^}]+\}/g, 'x');
  const part: Record<string, unknown> = {};
  let owned = false;
  for (const [key, value] of Object.entries(item)) {
    if (!HTTP_METHODS.has(key)) part[key] = value;
    else if (routeFor(concrete, key)?.service === service) {
      part[key] = value;
      owned = true;
    }
  }
  return owned ? part : null;
}

function addComponents(target: Record<string, Record<string, unknown>>, components: OpenApiDocument['components'], prefix: string): void {
  for (const [kind, entries] of Object.entries(components ?? {})) {
    if (!entries) continue;
    const bucket = (target[kind] ??= {});
    for (const [name, value] of Object.entries(entries)) bucket[`${prefix}${name}`] = renameRefs(value, prefix);
  }
}

/**
 * One document for the public API: each service's paths that the route table gives it, under
 * /api/v1, tagged with the service; component names prefixed by service (`Exam_Exam`), so two
 * services' schemas of one name never clash; the gateway's own /api/v1 routes; and the services
 * that did not answer, named in `info` and their tags.
 */
export function mergeDocuments(input: { gateway: OpenApiDocument; services: ServiceDocument[]; unavailable: string[]; version: string }): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, Record<string, unknown>> = {};
  for (const { service, document } of input.services) {
    const prefix = prefixOf(service);
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      const part = ownedPart(path, item, service);
      // Two services may serve one path with different methods: their operations share the item.
      if (part) paths[`${API_PREFIX}${path}`] = { ...paths[`${API_PREFIX}${path}`], ...tagged(renameRefs(part, prefix) as Record<string, unknown>, service) };
    }
    addComponents(components, document.components, prefix);
  }
  for (const [path, item] of Object.entries(input.gateway.paths ?? {})) {
    if (path.startsWith(`${API_PREFIX}/`)) paths[path] = tagged(renameRefs(item, 'Gateway_') as Record<string, unknown>, 'gateway');
  }
  addComponents(components, input.gateway.components, 'Gateway_');
  components['securitySchemes'] = { ...components['securitySchemes'], bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } };
  const down = input.unavailable.length ? ` Unavailable right now (their routes are missing): ${input.unavailable.join(', ')}.` : '';
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gradeline API',
      version: input.version,
      description: `Every service's routes behind the gateway. Events: /docs/asyncapi.json.${down}`,
      'x-unavailable-services': input.unavailable,
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [...input.services.map((s) => ({ name: s.service })), ...input.unavailable.map((name) => ({ name, description: 'unavailable' })), { name: 'gateway' }],
    paths,
    components,
  };
}
