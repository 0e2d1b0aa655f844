import { type Principal } from '@gradeline/auth';
import { type Actor, type RetentionRun, type RetentionView } from '@gradeline/contracts';
import { type EntityManager, type MikroORM } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { type AuditInput, type AuditLog, type Clock } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { Copy } from '../read-model/copy.entity';
import { Exam } from '../read-model/exam.entity';
import { SchemeVersion } from '../read-model/scheme.entity';
import { ExportJob } from '../exports/export-job.entity';
import { checkIfMatch } from '../shared/versioned';
import { RetentionSetting } from './retention-setting.entity';

type Who = Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'>;

export interface RetentionDeps {
  orm: MikroORM;
  store: ObjectStore;
  outbox: Outbox;
  audit: AuditLog;
  clock: Clock;
  /** For schools without a setting; undefined keeps their data. */
  defaultMonths: number | undefined;
}

// An exam expires `months` after its date; a school's own setting (even "keep": null) beats the default.
const EXPIRED_SQL = `select e.id, e.tenant_id from exam e left join retention_setting r on r.tenant_id = e.tenant_id
  where (case when r.tenant_id is null then ?::int else r.months end) is not null
    and e.date::date + make_interval(months => (case when r.tenant_id is null then ?::int else r.months end)) <= ?::date`;

/** Retention settings per school, and the purge of what has expired (export's own data, then the event). */
export class RetentionService {
  constructor(private readonly deps: RetentionDeps) {}

  async get(em: EntityManager, tenantId: string): Promise<RetentionView> {
    const setting = await em.findOne(RetentionSetting, { tenantId });
    return setting ? { months: setting.months, version: setting.version } : { months: this.deps.defaultMonths ?? null, version: 0 };
  }

  async update(em: EntityManager, principal: Principal, who: Who, months: number | null, ifMatch: string | undefined): Promise<RetentionView> {
    return em.transactional(async (tx) => {
      const current = await this.get(tx, principal.tenantId);
      checkIfMatch(ifMatch, current.version, current);
      const setting = (await tx.findOne(RetentionSetting, { tenantId: principal.tenantId })) ?? Object.assign(new RetentionSetting(), { tenantId: principal.tenantId, version: 0 });
      Object.assign(setting, { months, version: setting.version + 1, updatedAt: this.deps.clock.now(), updatedBy: principal.userId });
      tx.persist(setting);
      this.deps.audit.record(tx, { ...who, action: 'retention.updated', subjectType: 'retention', subjectId: principal.tenantId, details: { months, version: setting.version } });
      return { months, version: setting.version };
    });
  }

  /** Purges every expired exam (of one school, or all): PDFs, artefacts, read model; audited and announced. */
  async purge(options: { tenantId?: string; actor: Actor; correlationId: string }): Promise<RetentionRun> {
    const em = this.deps.orm.em.fork();
    const today = this.deps.clock.now().toISOString().slice(0, 10);
    const rows = await em.execute<Array<{ id: string; tenant_id: string }>>(
      `${EXPIRED_SQL}${options.tenantId ? ' and e.tenant_id = ?' : ''} order by e.tenant_id, e.id`,
      [this.deps.defaultMonths ?? null, this.deps.defaultMonths ?? null, today, ...(options.tenantId ? [options.tenantId] : [])],
    );
    const byTenant = new Map<string, string[]>();
    for (const row of rows) byTenant.set(row.tenant_id, [...(byTenant.get(row.tenant_id) ?? []), row.id]);
    const total: RetentionRun = { examIds: [], copies: 0, objects: 0 };
    for (const [tenantId, examIds] of byTenant) {
      const run = await this.purgeTenant(tenantId, examIds, options);
      total.examIds.push(...run.examIds);
      total.copies += run.copies;
      total.objects += run.objects;
    }
    return total;
  }

  private async purgeTenant(tenantId: string, examIds: string[], options: { actor: Actor; correlationId: string }): Promise<RetentionRun> {
    const run: RetentionRun = { examIds, copies: 0, objects: 0 };
    await this.deps.orm.em.fork().transactional(async (em) => {
      for (const examId of examIds) {
        const copies = await em.find(Copy, { tenantId, examId });
        // Objects first: if the transaction then fails, the next run finds the rows and deletes again.
        let objects = await this.deps.store.deletePrefix(`${tenantId}/export/artefacts/${examId}/`);
        for (const copy of copies) objects += await this.deps.store.deletePrefix(`${tenantId}/export/copies/${copy.id}/`);
        await em.nativeDelete(Copy, { tenantId, examId });
        await em.nativeDelete(ExportJob, { tenantId, examId });
        await em.nativeDelete(SchemeVersion, { tenantId, examId });
        await em.nativeDelete(Exam, { tenantId, id: examId });
        this.deps.audit.record(em, { tenantId, actor: options.actor, action: 'retention.purged', subjectType: 'exam', subjectId: examId, details: { copies: copies.length, objects } });
        run.copies += copies.length;
        run.objects += objects;
      }
      this.deps.outbox.record(em, { type: 'export.retention.purged.v1', tenantId, correlationId: options.correlationId, actor: options.actor, data: run });
    });
    return run;
  }
}
