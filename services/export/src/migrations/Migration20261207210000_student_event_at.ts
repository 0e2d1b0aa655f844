import { Migration } from '@mikro-orm/migrations';

// When a student's names were upserted: an older upsert handled after a newer one is ignored.
export class Migration20261207210000_student_event_at extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "student" add column "event_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "student" drop column if exists "event_at";`);
  }
}
