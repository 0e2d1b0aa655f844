import { Migration } from '@mikro-orm/migrations';

/** The exam's owner (from exam.exam.created/updated.v1) manages its grading as its leads do. */
export class Migration20261207140000_exam_owner extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "exam" add column "owner_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "exam" drop column "owner_id";`);
  }
}
