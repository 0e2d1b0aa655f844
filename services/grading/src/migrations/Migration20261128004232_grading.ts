import { Migration } from '@mikro-orm/migrations';

export class Migration20261128004232_grading extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "annotation" ("id" uuid not null, "tenant_id" uuid not null, "copy_id" uuid not null, "kind" text not null, "page" int not null, "x" double precision not null, "y" double precision not null, "width" double precision null, "height" double precision null, "points" jsonb null, "text" text null, "node_id" uuid null, "points_delta" text null, "color" text null, "version" int not null default 1, "created_by" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "annotation_pkey" primary key ("id"));`);
    this.addSql(`create index "annotation_copy_index" on "annotation" ("copy_id", "created_at");`);

    this.addSql(`create table "bank_comment" ("id" uuid not null, "tenant_id" uuid not null, "owner_id" uuid null, "exam_id" uuid null, "node_id" uuid null, "text" text not null, "usage_count" int not null default 0, "created_by" uuid not null, "created_at" timestamptz not null, constraint "bank_comment_pkey" primary key ("id"));`);
    this.addSql(`create index "bank_comment_owner_index" on "bank_comment" ("tenant_id", "owner_id");`);
    this.addSql(`create index "bank_comment_exam_index" on "bank_comment" ("tenant_id", "exam_id");`);

    this.addSql(`create table "draft" ("copy_id" uuid not null, "user_id" uuid not null, "tenant_id" uuid not null, "version" int not null default 1, "content" jsonb not null, "updated_at" timestamptz not null, constraint "draft_pkey" primary key ("copy_id", "user_id"));`);

    this.addSql(`create table "copy" ("id" uuid not null, "tenant_id" uuid not null, "exam_id" uuid not null, "anonymous_code" text null, "pages" jsonb not null, "pages_at" timestamptz null, "status" text null, "status_at" timestamptz null, "corrector_id" uuid null, "assigned_at" timestamptz null, constraint "copy_pkey" primary key ("id"));`);
    this.addSql(`create index "copy_exam_index" on "copy" ("tenant_id", "exam_id");`);
    this.addSql(`create index "copy_corrector_index" on "copy" ("tenant_id", "corrector_id");`);

    this.addSql(`create table "grading_document" ("copy_id" uuid not null, "tenant_id" uuid not null, "exam_id" uuid not null, "version" int not null default 1, "state" text not null default 'open', "global_comment" text null, "taken_over_by" uuid null, "taken_over_at" timestamptz null, "started_at" timestamptz null, "started_write" uuid null, "finalized_version" int not null default 0, "finalized_from_version" int null, "finalized_scheme_version" int null, "finalized" jsonb null, "updated_at" timestamptz not null, constraint "grading_document_pkey" primary key ("copy_id"));`);
    this.addSql(`create index "grading_document_exam_index" on "grading_document" ("tenant_id", "exam_id");`);
    this.addSql(`create index "grading_document_taken_over_index" on "grading_document" ("tenant_id", "taken_over_by");`);

    this.addSql(`create table "exam" ("id" uuid not null, "tenant_id" uuid not null, "corrector_ids" jsonb not null, "lead_teacher_ids" jsonb not null, "header_region" jsonb not null, "status" text not null, "pages_per_copy" int not null, "event_at" timestamptz not null, constraint "exam_pkey" primary key ("id"));`);
    this.addSql(`create index "exam_tenant_index" on "exam" ("tenant_id");`);

    this.addSql(`create table "node_score" ("copy_id" uuid not null, "node_id" uuid not null, "tenant_id" uuid not null, "points" text null, "not_answered" boolean not null default false, "remark" text null, "updated_by" uuid not null, "updated_at" timestamptz not null, constraint "node_score_pkey" primary key ("copy_id", "node_id"));`);

    this.addSql(`create table "scheme_version" ("exam_id" uuid not null, "version" int not null, "tenant_id" uuid not null, "nodes" jsonb not null, "total" text not null, "changed_node_ids" jsonb not null, "removed_node_ids" jsonb not null, "published_at" timestamptz not null, constraint "scheme_version_pkey" primary key ("exam_id", "version"));`);

    this.addSql(`create table "second_look" ("copy_id" uuid not null, "scheme_version" int not null, "tenant_id" uuid not null, "exam_id" uuid not null, "node_ids" jsonb not null, "raised_at" timestamptz not null, "resolved_at" timestamptz null, constraint "second_look_pkey" primary key ("copy_id", "scheme_version"));`);
    this.addSql(`create index "second_look_exam_index" on "second_look" ("tenant_id", "exam_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "annotation" cascade;`);

    this.addSql(`drop table if exists "bank_comment" cascade;`);

    this.addSql(`drop table if exists "draft" cascade;`);

    this.addSql(`drop table if exists "copy" cascade;`);

    this.addSql(`drop table if exists "grading_document" cascade;`);

    this.addSql(`drop table if exists "exam" cascade;`);

    this.addSql(`drop table if exists "node_score" cascade;`);

    this.addSql(`drop table if exists "scheme_version" cascade;`);

    this.addSql(`drop table if exists "second_look" cascade;`);
  }

}
