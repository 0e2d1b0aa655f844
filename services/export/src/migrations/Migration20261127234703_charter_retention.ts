import { Migration } from '@mikro-orm/migrations';

export class Migration20261127234703_charter_retention extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "charter_acceptance" ("id" uuid not null, "tenant_id" uuid not null, "user_id" uuid not null, "student_id" uuid not null, "version" int not null, "accepted_at" timestamptz not null, constraint "charter_acceptance_pkey" primary key ("id"));`);
    this.addSql(`alter table "charter_acceptance" add constraint "charter_acceptance_user_version_unique" unique ("tenant_id", "user_id", "version");`);

    this.addSql(`create table "charter_version" ("id" uuid not null, "tenant_id" uuid not null, "version" int not null, "text" text not null, "created_at" timestamptz not null, "created_by" uuid not null, constraint "charter_version_pkey" primary key ("id"));`);
    this.addSql(`alter table "charter_version" add constraint "charter_version_tenant_version_unique" unique ("tenant_id", "version");`);

    this.addSql(`create table "retention_setting" ("tenant_id" uuid not null, "months" int null, "version" int not null default 1, "updated_at" timestamptz not null, "updated_by" uuid not null, constraint "retention_setting_pkey" primary key ("tenant_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "charter_acceptance" cascade;`);

    this.addSql(`drop table if exists "charter_version" cascade;`);

    this.addSql(`drop table if exists "retention_setting" cascade;`);
  }

}
