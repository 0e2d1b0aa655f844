import { Migration } from '@mikro-orm/migrations';
import { type MigrationObject } from '@mikro-orm/core';
import { OUTBOX_CHANNEL } from '../platform';

/** The trigger that woke the outbox relay until Migration20250101000003OutboxNoNotify. */
const NOTIFY_TRIGGER = [
  `create or replace function "gradeline_outbox_notify"() returns trigger language plpgsql as $$
begin
  perform pg_notify('${OUTBOX_CHANNEL}', '');
  return null;
end;
$$;`,
  `create trigger "outbox_notify" after insert on "outbox" for each statement execute function "gradeline_outbox_notify"();`,
];

/**
 * The platform tables of every service database. The DDL is what MikroORM generates from the
 * platform entities (so a service's `createMigration` diff never mentions them), plus the
 * trigger that woke the outbox relay by NOTIFY (dropped by Migration20250101000003OutboxNoNotify).
 */
export class Migration20250101000000Platform extends Migration {
  override up(): void {
    this.addSql(
      `create table "outbox" ("id" uuid not null, "seq" bigserial, "type" text not null, "tenant_id" uuid not null, "payload" jsonb not null, "headers" jsonb not null, "created_at" timestamptz not null, "sent_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz null, constraint "outbox_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "outbox_unsent_index" on "outbox" ("created_at", "seq") where "sent_at" is null;`);
    this.addSql(
      `create table "inbox" ("consumer" text not null, "message_id" uuid not null, "processed_at" timestamptz not null, constraint "inbox_pkey" primary key ("consumer", "message_id"));`,
    );
    this.addSql(
      `create table "dead_letter" ("id" uuid not null, "consumer" text not null, "stream" text not null, "stream_seq" bigint not null, "subject" text not null, "envelope" jsonb null, "raw" text null, "headers" jsonb not null, "reason" text not null, "error_code" text null, "error_message" text null, "deliveries" int not null default 0, "first_failed_at" timestamptz not null, "status" text not null default 'open', "replayed_at" timestamptz null, "replay_error" text null, constraint "dead_letter_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "dead_letter_status_index" on "dead_letter" ("status", "first_failed_at");`);
    this.addSql(
      `alter table "dead_letter" add constraint "dead_letter_consumer_stream_seq_unique" unique ("consumer", "stream", "stream_seq");`,
    );
    NOTIFY_TRIGGER.forEach((sql) => this.addSql(sql));
  }

  override down(): void {
    this.addSql('drop table if exists "dead_letter";');
    this.addSql('drop table if exists "inbox";');
    this.addSql('drop table if exists "outbox";');
    this.addSql('drop function if exists "gradeline_outbox_notify"();');
  }
}

/** The audit log every service writes in the same transaction as the audited change. */
export class Migration20250101000001AuditLog extends Migration {
  override up(): void {
    this.addSql(
      `create table "audit_log" ("id" uuid not null, "tenant_id" uuid not null, "actor" jsonb not null, "actor_id" uuid null, "action" text not null, "subject_type" text not null, "subject_id" text null, "outcome" text not null default 'success', "ip" text null, "user_agent" text null, "details" jsonb not null, "at" timestamptz not null, constraint "audit_log_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "audit_log_tenant_id_at_index" on "audit_log" ("tenant_id", "at");`);
    this.addSql(
      `create index "audit_log_tenant_id_subject_type_subject_id_index" on "audit_log" ("tenant_id", "subject_type", "subject_id");`,
    );
  }

  override down(): void {
    this.addSql('drop table if exists "audit_log";');
  }
}

/** An index for pruning the inbox by age (the consumer runner deletes rows past their retention). */
export class Migration20250101000002InboxProcessedAt extends Migration {
  override up(): void {
    this.addSql(`create index "inbox_processed_at_index" on "inbox" ("processed_at");`);
  }

  override down(): void {
    this.addSql('drop index if exists "inbox_processed_at_index";');
  }
}

/**
 * The outbox relay is now woken in-process after a commit (OutboxCommitSignal): the NOTIFY per
 * inserting statement made every commit with outbox rows take PostgreSQL's database-wide notify
 * lock, so such commits ran one at a time.
 */
export class Migration20250101000003OutboxNoNotify extends Migration {
  override up(): void {
    this.addSql('drop trigger if exists "outbox_notify" on "outbox";');
    this.addSql('drop function if exists "gradeline_outbox_notify"();');
  }

  override down(): void {
    NOTIFY_TRIGGER.forEach((sql) => this.addSql(sql));
  }
}

/** List these first in every service's migrations. */
export const platformMigrations: MigrationObject[] = [
  { name: 'Migration20250101000000Platform', class: Migration20250101000000Platform },
  { name: 'Migration20250101000001AuditLog', class: Migration20250101000001AuditLog },
  { name: 'Migration20250101000002InboxProcessedAt', class: Migration20250101000002InboxProcessedAt },
  { name: 'Migration20250101000003OutboxNoNotify', class: Migration20250101000003OutboxNoNotify },
];
