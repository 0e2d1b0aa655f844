import { Migration } from '@mikro-orm/migrations';

// Removed students: ids and when, no personal data. An upsert older than the removal (the two
// events come through separate consumers and can cross) must not bring the student's names back.
export class Migration20261207200000_student_removal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "student_removal" ("student_id" uuid not null, "tenant_id" uuid not null, "removed_at" timestamptz not null, constraint "student_removal_pkey" primary key ("student_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "student_removal" cascade;`);
  }
}
