import { Migration } from '@mikro-orm/migrations';

export class Migration20261127234410_exam extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "copy" ("id" uuid not null, "tenant_id" uuid not null, "exam_id" uuid not null, "batch_id" uuid not null, "anonymous_code" text not null, "status" text not null, "status_reason" text null, "status_changed_at" timestamptz not null, "revision" int not null, "pages" jsonb not null, "header_crop_key" text null, "complete" boolean not null, "missing_pages" jsonb not null, "assembly" text not null, "sheet_slot" int null, "sheet_student_id" uuid null, "student_id" uuid null, "identification_method" text null, "identification_confidence" double precision null, "corrector_id" uuid null, "dispatch_id" uuid null, "version" int not null default 1, "registered_at" timestamptz not null, "updated_at" timestamptz not null, constraint "copy_pkey" primary key ("id"));`);
    this.addSql(`create index "copy_tenant_id_exam_id_status_index" on "copy" ("tenant_id", "exam_id", "status");`);
    this.addSql(`alter table "copy" add constraint "copy_tenant_id_anonymous_code_unique" unique ("tenant_id", "anonymous_code");`);

    this.addSql(`create table "exam" ("id" uuid not null, "tenant_id" uuid not null, "name" text not null, "subject" text not null, "date" date not null, "class_names" text[] not null, "pages_per_copy" int not null, "header_region" jsonb not null, "owner_id" uuid not null, "corrector_ids" uuid[] not null, "lead_teacher_ids" uuid[] not null, "status" text not null default 'draft', "scale_to" int not null default 20, "coefficient" text not null default '1.0', "scheme_version" int not null default 0, "scores_since" timestamptz null, "sheet_slots_issued" int not null default 0, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "exam_pkey" primary key ("id"));`);
    this.addSql(`create index "exam_tenant_id_status_index" on "exam" ("tenant_id", "status");`);
    this.addSql(`create index "exam_tenant_id_date_index" on "exam" ("tenant_id", "date");`);

    this.addSql(`create table "roster_entry" ("student_id" uuid not null, "tenant_id" uuid not null, "last_name" text not null, "first_name" text not null, "birth_date" text null, "class_name" text not null, "group" text null, "removed" boolean not null default false, "as_of" timestamptz not null, constraint "roster_entry_pkey" primary key ("student_id"));`);
    this.addSql(`create index "roster_entry_tenant_id_class_name_index" on "roster_entry" ("tenant_id", "class_name");`);

    this.addSql(`create table "scheme_version" ("id" uuid not null, "tenant_id" uuid not null, "exam_id" uuid not null, "version" int not null, "nodes" jsonb not null, "total" text not null, "frozen" boolean not null default false, "changed_node_ids" jsonb not null, "removed_node_ids" jsonb not null, "created_at" timestamptz not null, "created_by" uuid null, constraint "scheme_version_pkey" primary key ("id"));`);
    this.addSql(`create index "scheme_version_tenant_id_exam_id_index" on "scheme_version" ("tenant_id", "exam_id");`);
    this.addSql(`alter table "scheme_version" add constraint "scheme_version_exam_id_version_unique" unique ("exam_id", "version");`);

    this.addSql(`create table "staff_member" ("user_id" uuid not null, "tenant_id" uuid not null, "role" text null, "active" boolean not null, "as_of" timestamptz not null, constraint "staff_member_pkey" primary key ("user_id"));`);
    this.addSql(`create index "staff_member_tenant_id_index" on "staff_member" ("tenant_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "copy" cascade;`);

    this.addSql(`drop table if exists "exam" cascade;`);

    this.addSql(`drop table if exists "roster_entry" cascade;`);

    this.addSql(`drop table if exists "scheme_version" cascade;`);

    this.addSql(`drop table if exists "staff_member" cascade;`);
  }

}
