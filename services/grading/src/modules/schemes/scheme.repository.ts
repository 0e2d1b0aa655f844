import { type EntityManager } from '@gradeline/db';
import { SchemeVersion } from './scheme.entity';
import { SchemeTree } from './scheme-tree';

const CACHE_SIZE = 500;

/**
 * Published scheme versions. A version never changes once published, so trees are cached by
 * (tenant, exam, version); only "which version is the latest" is asked of the database each time.
 */
export class SchemeRepository {
  private readonly cache = new Map<string, SchemeTree>();

  async latestVersion(em: EntityManager, tenantId: string, examId: string): Promise<number | null> {
    const [row] = await em.execute<Array<{ version: number | null }>>(
      'select max("version") as "version" from "scheme_version" where "tenant_id" = ? and "exam_id" = ?',
      [tenantId, examId],
    );
    return row?.version ?? null;
  }

  async latest(em: EntityManager, tenantId: string, examId: string): Promise<SchemeTree | null> {
    const version = await this.latestVersion(em, tenantId, examId);
    return version === null ? null : this.get(em, tenantId, examId, version);
  }

  async get(em: EntityManager, tenantId: string, examId: string, version: number): Promise<SchemeTree | null> {
    const key = `${tenantId}/${examId}/${version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const row = await em.findOne(SchemeVersion, { tenantId, examId, version });
    if (!row) return null;
    const tree = new SchemeTree(examId, version, row.nodes, row.total);
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, tree);
    return tree;
  }

  /** Forgets an exam's trees (its rows were purged). */
  forget(tenantId: string, examId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${tenantId}/${examId}/`)) this.cache.delete(key);
  }
}
