import { auditRecordEntity } from './audit-record.entity';
import { deadLetterEntity } from './dead-letter.entity';
import { inboxMessageEntity } from './inbox-message.entity';
import { outboxMessageEntity } from './outbox-message.entity';

/** The tables every service database has, whatever its own entities. */
export const platformEntities = [outboxMessageEntity, inboxMessageEntity, deadLetterEntity, auditRecordEntity];

/** The channel the outbox trigger NOTIFYed on insert until Migration20250101000003OutboxNoNotify dropped it. */
export const OUTBOX_CHANNEL = 'gradeline_outbox';
