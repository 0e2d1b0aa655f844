import { Migration } from '@mikro-orm/migrations';

export class Migration20261128002640_identification_dispatch_release extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "copy_reading" ("copy_id" uuid not null, "tenant_id" uuid not null, "exam_id" uuid not null, "reading_id" uuid not null, "method" text not null, "decision" text not null, "student_id" uuid null, "confidence" double precision null, "fields" jsonb null, "candidates" jsonb not null, "best_score" double precision null, "refused_student_ids" jsonb not null, "read_at" timestamptz not null, constraint "copy_reading_pkey" primary key ("copy_id"));`);
    this.addSql(`create index "copy_reading_tenant_id_exam_id_index" on "copy_reading" ("tenant_id", "exam_id");`);

    this.addSql(`create table "dispatch_run" ("id" uuid not null, "tenant_id" uuid not null, "exam_id" uuid not null, "kind" text not null, "quotas" jsonb null, "inputs" jsonb not null, "moves" jsonb not null, "unplaced_copy_ids" jsonb not null, "created_at" timestamptz not null, "created_by" uuid null, constraint "dispatch_run_pkey" primary key ("id"));`);
    this.addSql(`create index "dispatch_run_tenant_id_exam_id_created_at_index" on "dispatch_run" ("tenant_id", "exam_id", "created_at");`);

    this.addSql(`alter table "copy" add column "blank_reason" text null, add column "assigned_at" timestamptz null, add column "grading_started_at" timestamptz null, add column "graded_version" int not null default 0, add column "total" text null, add column "max_total" text null, add column "finalized_at" timestamptz null, add column "reopened_version" int not null default 0, add column "reopen_reason" text null, add column "released_at" timestamptz null;`);
    this.addSql(`create index "copy_tenant_id_corrector_id_index" on "copy" ("tenant_id", "corrector_id");`);
    this.addSql(`create unique index "copy_exam_student_unique" on "copy" ("tenant_id", "exam_id", "student_id") where "student_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "copy_reading" cascade;`);

    this.addSql(`drop table if exists "dispatch_run" cascade;`);

    this.addSql(`drop index "copy_tenant_id_corrector_id_index";`);
    this.addSql(`drop index "copy_exam_student_unique";`);
    this.addSql(`alter table "copy" drop column "blank_reason", drop column "assigned_at", drop column "grading_started_at", drop column "graded_version", drop column "total", drop column "max_total", drop column "finalized_at", drop column "reopened_version", drop column "reopen_reason", drop column "released_at";`);
  }

}
