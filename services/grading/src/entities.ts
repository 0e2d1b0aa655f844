import { type AnyEntitySchema } from '@gradeline/db';
import { annotationEntity } from './modules/annotations/annotation.entity';
import { bankCommentEntity } from './modules/comment-bank/bank-comment.entity';
import { copyEntity } from './modules/copies/copy.entity';
import { draftEntity } from './modules/drafts/draft.entity';
import { examEntity } from './modules/exams/exam.entity';
import { gradingDocumentEntity } from './modules/grading/grading-document.entity';
import { nodeScoreEntity } from './modules/grading/node-score.entity';
import { secondLookEntity } from './modules/review/second-look.entity';
import { schemeVersionEntity } from './modules/schemes/scheme.entity';

/** Every table of grading (outbox, inbox, dead letters and audit come from libs/db). */
export const entities: AnyEntitySchema[] = [
  examEntity,
  schemeVersionEntity,
  copyEntity,
  gradingDocumentEntity,
  nodeScoreEntity,
  annotationEntity,
  draftEntity,
  bankCommentEntity,
  secondLookEntity,
] as AnyEntitySchema[];
