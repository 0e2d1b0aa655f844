import { type Actor } from '@gradeline/contracts';

/** Why matching runs: carried onto the events it publishes and the audit entries it writes. */
export interface MatchCause {
  correlationId: string;
  causationId?: string | null;
  actor: Actor;
}

/** The actor of decisions the service takes on its own. */
export const MATCHER: Actor = { kind: 'system', name: 'ocr-matcher' };
