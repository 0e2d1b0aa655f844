import { Migration } from '@mikro-orm/migrations';

export class Migration20261127233144_identity extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "password_link" ("id" uuid not null, "tenant_id" uuid not null, "user_id" uuid not null, "purpose" text not null, "delivery" text not null, "token_hash" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, constraint "password_link_pkey" primary key ("id"));`);
    this.addSql(`create index "password_link_user_index" on "password_link" ("user_id");`);
    this.addSql(`alter table "password_link" add constraint "password_link_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "refresh_token" ("id" uuid not null, "session_id" uuid not null, "token_hash" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "refresh_token_pkey" primary key ("id"));`);
    this.addSql(`create index "refresh_token_session_index" on "refresh_token" ("session_id");`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "session" ("id" uuid not null, "tenant_id" uuid not null, "user_id" uuid not null, "created_at" timestamptz not null, "last_used_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" text null, constraint "session_pkey" primary key ("id"));`);
    this.addSql(`create index "session_user_index" on "session" ("user_id");`);

    this.addSql(`create table "sign_in_failure" ("id" uuid not null, "ip" text not null, "at" timestamptz not null, constraint "sign_in_failure_pkey" primary key ("id"));`);
    this.addSql(`create index "sign_in_failure_at_index" on "sign_in_failure" ("at");`);
    this.addSql(`create index "sign_in_failure_ip_index" on "sign_in_failure" ("ip", "at");`);

    this.addSql(`create table "sign_in_throttle" ("key" text not null, "failures" int not null default 0, "locked_until" timestamptz null, "updated_at" timestamptz not null, constraint "sign_in_throttle_pkey" primary key ("key"));`);

    this.addSql(`create table "student" ("id" uuid not null, "tenant_id" uuid not null, "last_name" text not null, "first_name" text not null, "birth_date" date null, "email" text null, "class_name" text not null, "group" text null, "external_id" text null, "match_key" text not null, "search_key" text not null, "user_id" uuid null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "student_pkey" primary key ("id"));`);
    this.addSql(`create index "student_match_index" on "student" ("tenant_id", "match_key");`);
    this.addSql(`create index "student_class_index" on "student" ("tenant_id", "class_name");`);
    this.addSql(`alter table "student" add constraint "student_external_id_unique" unique ("tenant_id", "external_id");`);

    this.addSql(`create table "tenant" ("id" uuid not null, "code" text not null, "name" text not null, "time_zone" text not null, "settings" jsonb not null, "active" boolean not null default true, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "tenant_pkey" primary key ("id"));`);
    this.addSql(`alter table "tenant" add constraint "tenant_code_unique" unique ("code");`);

    this.addSql(`create table "user_account" ("id" uuid not null, "tenant_id" uuid not null, "username" text not null, "username_key" text not null, "email" text null, "email_key" text null, "display_name" text not null, "role" text not null, "active" boolean not null default true, "student_id" uuid null, "password_hash" text null, "must_change_password" boolean not null default false, "password_changed_at" timestamptz null, "last_sign_in_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "user_account_pkey" primary key ("id"));`);
    this.addSql(`create index "user_tenant_role_index" on "user_account" ("tenant_id", "role");`);
    this.addSql(`alter table "user_account" add constraint "user_username_unique" unique ("tenant_id", "username_key");`);
    this.addSql(`alter table "user_account" add constraint "user_email_unique" unique ("tenant_id", "email_key");`);
    this.addSql(`alter table "user_account" add constraint "user_student_unique" unique ("tenant_id", "student_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "password_link" cascade;`);

    this.addSql(`drop table if exists "refresh_token" cascade;`);

    this.addSql(`drop table if exists "session" cascade;`);

    this.addSql(`drop table if exists "sign_in_failure" cascade;`);

    this.addSql(`drop table if exists "sign_in_throttle" cascade;`);

    this.addSql(`drop table if exists "student" cascade;`);

    this.addSql(`drop table if exists "tenant" cascade;`);

    this.addSql(`drop table if exists "user_account" cascade;`);
  }

}
