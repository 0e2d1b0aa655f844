import { Migration } from '@mikro-orm/migrations';

/** How hard each page was searched for a sheet code: pages searched only quickly may be searched again. */
export class Migration20261207160000_page_code_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "page" add column "code_search" text not null default 'full';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "page" drop column "code_search";`);
  }
}
