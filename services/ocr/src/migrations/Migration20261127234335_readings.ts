import { Migration } from '@mikro-orm/migrations';

export class Migration20261127234335_readings extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "copy_identification" ("copy_id" uuid not null, "tenant_id" uuid not null, "exam_id" uuid not null, "student_id" uuid null, "event_at" timestamptz not null, constraint "copy_identification_pkey" primary key ("copy_id"));`);
    this.addSql(`create index "copy_identification_tenant_id_exam_id_index" on "copy_identification" ("tenant_id", "exam_id");`);

    this.addSql(`create table "exam_view" ("id" uuid not null, "tenant_id" uuid not null, "class_names" jsonb not null, "event_at" timestamptz not null, constraint "exam_view_pkey" primary key ("id"));`);
    this.addSql(`create index "exam_view_tenant_id_index" on "exam_view" ("tenant_id");`);

    this.addSql(`create table "reading" ("id" uuid not null, "tenant_id" uuid not null, "copy_id" uuid not null, "exam_id" uuid not null, "revision" int not null, "method" text not null, "header_crop_key" text null, "sheet_student_id" uuid null, "text" text null, "ocr_confidence" double precision null, "fields" jsonb null, "decision" text not null default 'MANUAL', "reason" text not null default 'nothing_read', "student_id" uuid null, "confidence" double precision null, "candidates" jsonb not null, "rejected_student_ids" jsonb not null, "published_digest" text null, "version" int not null default 1, "read_at" timestamptz not null, "matched_at" timestamptz not null, constraint "reading_pkey" primary key ("id"));`);
    this.addSql(`create index "reading_tenant_id_exam_id_index" on "reading" ("tenant_id", "exam_id");`);
    this.addSql(`alter table "reading" add constraint "reading_copy_id_unique" unique ("copy_id");`);

    this.addSql(`create table "rematch_request" ("exam_id" uuid not null, "tenant_id" uuid not null, "due_at" timestamptz not null, "reason" text not null, constraint "rematch_request_pkey" primary key ("exam_id"));`);
    this.addSql(`create index "rematch_request_due_at_index" on "rematch_request" ("due_at");`);

    this.addSql(`create table "roster_student" ("id" uuid not null, "tenant_id" uuid not null, "last_name" text null, "first_name" text null, "birth_date" text null, "class_name" text not null, "removed" boolean not null default false, "event_at" timestamptz not null, constraint "roster_student_pkey" primary key ("id"));`);
    this.addSql(`create index "roster_student_tenant_id_class_name_index" on "roster_student" ("tenant_id", "class_name");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "copy_identification" cascade;`);

    this.addSql(`drop table if exists "exam_view" cascade;`);

    this.addSql(`drop table if exists "reading" cascade;`);

    this.addSql(`drop table if exists "rematch_request" cascade;`);

    this.addSql(`drop table if exists "roster_student" cascade;`);
  }

}
