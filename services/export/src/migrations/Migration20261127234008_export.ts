import { Migration } from '@mikro-orm/migrations';

export class Migration20261127234008_export extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "copy" ("id" uuid not null, "tenant_id" uuid not null, "exam_id" uuid not null, "anonymous_code" text null, "pages" jsonb not null, "status" text not null default 'STAGING', "student_id" uuid null, "corrector_id" uuid null, "released_at" timestamptz null, "result" jsonb null, "result_out_of_date" boolean not null default false, "pdf" jsonb null, constraint "copy_pkey" primary key ("id"));`);
    this.addSql(`create index "copy_exam_id_index" on "copy" ("exam_id");`);
    this.addSql(`create index "copy_student_id_index" on "copy" ("student_id");`);

    this.addSql(`create table "exam" ("id" uuid not null, "tenant_id" uuid not null, "name" text not null, "subject" text not null, "date" text not null, "scale_to" int not null default 20, "coefficient" text not null default '1', "corrector_ids" jsonb not null, "lead_teacher_ids" jsonb not null, "owner_id" uuid null, "status" text not null, constraint "exam_pkey" primary key ("id"));`);
    this.addSql(`create index "exam_tenant_id_index" on "exam" ("tenant_id");`);

    this.addSql(`create table "export_job" ("id" uuid not null, "tenant_id" uuid not null, "exam_id" uuid not null, "kind" text not null, "purpose" text not null default 'named', "status" text not null default 'queued', "done" int not null default 0, "total" int not null default 0, "warnings" jsonb not null, "error_code" text null, "object_key" text null, "file_name" text null, "content_type" text null, "size" int null, "created_by" uuid not null, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, "expires_at" timestamptz null, "locked_until" timestamptz null, "attempts" int not null default 0, constraint "export_job_pkey" primary key ("id"));`);
    this.addSql(`create index "export_job_exam_id_index" on "export_job" ("exam_id");`);
    this.addSql(`create index "export_job_queue_index" on "export_job" ("status", "created_at");`);

    this.addSql(`create table "scheme_version" ("id" text not null, "tenant_id" uuid not null, "exam_id" uuid not null, "version" int not null, "nodes" jsonb not null, "total" text not null, constraint "scheme_version_pkey" primary key ("id"));`);
    this.addSql(`create index "scheme_version_exam_id_index" on "scheme_version" ("exam_id");`);

    this.addSql(`create table "student" ("id" uuid not null, "tenant_id" uuid not null, "last_name" text not null, "first_name" text not null, "birth_date" text null, "class_name" text not null default '', constraint "student_pkey" primary key ("id"));`);
    this.addSql(`create index "student_tenant_id_index" on "student" ("tenant_id");`);

    this.addSql(`create table "tenant" ("id" uuid not null, "name" text not null, "institution_name" text not null default '', constraint "tenant_pkey" primary key ("id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "copy" cascade;`);

    this.addSql(`drop table if exists "exam" cascade;`);

    this.addSql(`drop table if exists "export_job" cascade;`);

    this.addSql(`drop table if exists "scheme_version" cascade;`);

    this.addSql(`drop table if exists "student" cascade;`);

    this.addSql(`drop table if exists "tenant" cascade;`);
  }

}
