import { Migration } from '@mikro-orm/migrations';

export class Migration20261127233758_webhooks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "tenant_id" uuid not null, "subscription_id" uuid not null, "event_id" uuid not null, "event_type" text not null, "payload" text not null, "status" text not null default 'pending', "attempts" int not null default 0, "last_status_code" int null, "last_error" text null, "next_attempt_at" timestamptz null, "last_attempt_at" timestamptz null, "delivered_at" timestamptz null, "created_at" timestamptz not null, constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_status_next_attempt_at_index" on "webhook_delivery" ("status", "next_attempt_at");`);
    this.addSql(`create index "webhook_delivery_subscription_id_created_at_index" on "webhook_delivery" ("subscription_id", "created_at");`);
    this.addSql(`create index "webhook_delivery_created_at_index" on "webhook_delivery" ("created_at");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_subscription_id_event_id_unique" unique ("subscription_id", "event_id");`);

    this.addSql(`create table "webhook_subscription" ("id" uuid not null, "tenant_id" uuid not null, "url" text not null, "event_types" jsonb not null, "active" boolean not null default true, "description" text not null default '', "secret_cipher" text not null, "version" int not null default 1, "created_by" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "webhook_subscription_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_subscription_tenant_id_active_index" on "webhook_subscription" ("tenant_id", "active");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop table if exists "webhook_subscription" cascade;`);
  }

}
