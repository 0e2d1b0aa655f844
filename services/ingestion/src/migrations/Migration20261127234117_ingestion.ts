import { Migration } from '@mikro-orm/migrations';

/** Ingestion's tables, as MikroORM derives them from the entities. */
export class Migration20261127234117_ingestion extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "batch" ("id" uuid not null, "tenant_id" uuid not null, "exam_id" uuid not null, "status" text not null default 'queued', "file_name" text not null, "size" bigint not null, "sha256" text not null, "source_key" text not null, "pages_total" int not null, "pages_done" int not null default 0, "progress_step" int not null default 0, "pages_per_copy" int not null, "header_region" jsonb not null, "code_mode" text not null default 'unknown', "code_misses" int not null default 0, "images" int not null default 0, "copies" int not null default 0, "review_items" int not null default 0, "uploaded_by" uuid not null, "correlation_id" text not null, "error_code" text null, "created_at" timestamptz not null, "completed_at" timestamptz null, constraint "batch_pkey" primary key ("id"));`);
    this.addSql(`create index "batch_tenant_id_exam_id_sha256_index" on "batch" ("tenant_id", "exam_id", "sha256");`);
    this.addSql(`create index "batch_tenant_id_exam_id_created_at_index" on "batch" ("tenant_id", "exam_id", "created_at");`);

    this.addSql(`create table "copy" ("id" uuid not null, "tenant_id" uuid not null, "exam_id" uuid not null, "batch_id" uuid not null, "ordinal" int null, "assembly" text not null, "status" text not null, "missing_pages" jsonb not null, "sheet_student_id" uuid null, "header_crop_key" text null, "header_page_id" uuid null, "revision" int not null default 1, "published_revision" int not null default 0, "version" int not null default 1, "accepted_reason" text null, "created_at" timestamptz not null, constraint "copy_pkey" primary key ("id"));`);
    this.addSql(`create index "copy_batch_id_index" on "copy" ("batch_id");`);
    this.addSql(`create index "copy_tenant_id_exam_id_index" on "copy" ("tenant_id", "exam_id");`);

    this.addSql(`create table "exam_view" ("id" uuid not null, "tenant_id" uuid not null, "status" text not null, "pages_per_copy" int not null, "header_region" jsonb not null, "changed_at" timestamptz not null, constraint "exam_view_pkey" primary key ("id"));`);
    this.addSql(`create index "exam_view_tenant_id_index" on "exam_view" ("tenant_id");`);

    this.addSql(`create table "ingestion_task" ("id" uuid not null, "key" text not null, "seq" bigserial, "tenant_id" uuid not null, "batch_id" uuid not null, "kind" text not null, "scan_index" int null, "subject_id" uuid null, "priority" int not null default 1, "status" text not null default 'pending', "attempts" int not null default 0, "lease_owner" text null, "lease_expires_at" timestamptz null, "last_error" text null, "created_at" timestamptz not null, constraint "ingestion_task_pkey" primary key ("id"));`);
    this.addSql(`alter table "ingestion_task" add constraint "ingestion_task_key_unique" unique ("key");`);
    this.addSql(`create index "ingestion_task_pending_index" on "ingestion_task" ("priority", "seq") where "status" = 'pending';`);
    this.addSql(`create index "ingestion_task_batch_id_status_index" on "ingestion_task" ("batch_id", "status");`);

    this.addSql(`create table "page" ("id" uuid not null, "tenant_id" uuid not null, "batch_id" uuid not null, "scan_index" int not null, "side" text not null, "object_key" text null, "content_type" text not null default 'image/jpeg', "size" int not null default 0, "width" int not null default 0, "height" int not null default 0, "extraction" text not null, "turned" int not null default 0, "code_status" text not null default 'none', "code_slot" int null, "code_page" int null, "code_student_id" uuid null, "error_code" text null, "copy_id" uuid null, "page_number" int null, constraint "page_pkey" primary key ("id"));`);
    this.addSql(`create unique index "page_copy_number_unique" on "page" ("copy_id", "page_number") where "copy_id" is not null;`);
    this.addSql(`alter table "page" add constraint "page_batch_id_scan_index_side_unique" unique ("batch_id", "scan_index", "side");`);

    this.addSql(`create table "review_item" ("id" uuid not null, "tenant_id" uuid not null, "batch_id" uuid not null, "page_id" uuid not null, "reason" text not null, "status" text not null default 'open', "version" int not null default 1, "thumbnail_key" text null, "assigned_copy_id" uuid null, "resolved_by" uuid null, "resolved_at" timestamptz null, "created_at" timestamptz not null, constraint "review_item_pkey" primary key ("id"));`);
    this.addSql(`create index "review_item_batch_id_status_index" on "review_item" ("batch_id", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "batch" cascade;`);

    this.addSql(`drop table if exists "copy" cascade;`);

    this.addSql(`drop table if exists "exam_view" cascade;`);

    this.addSql(`drop table if exists "ingestion_task" cascade;`);

    this.addSql(`drop table if exists "page" cascade;`);

    this.addSql(`drop table if exists "review_item" cascade;`);
  }

}
