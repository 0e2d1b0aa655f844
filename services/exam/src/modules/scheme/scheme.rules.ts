import { randomUUID } from 'node:crypto';
import { fromMilli, isMultipleOf, toMilli, type FieldError, type SchemeNode, type SchemeNodeInput, type SchemeStep } from '@gradeline/contracts';

/** Exercise → question → sub-question. */
export const MAX_SCHEME_DEPTH = 3;
/** Points carry at most six integer digits (contracts `Points`). */
const MAX_TOTAL_MILLI = 999_999_999;
/** Finest first: an inner node's step is the finest step below it. */
const STEPS_FINEST_FIRST: readonly SchemeStep[] = ['0.25', '0.5', '1'];

export type SchemeBuild = { ok: true; nodes: SchemeNode[]; total: string } | { ok: false; errors: FieldError[] };

interface Draft {
  index: number;
  input: SchemeNodeInput;
  id: string;
  children: Draft[];
  maxMilli: number;
  step: SchemeStep;
}

const at = (index: number, field?: string) => `nodes[${index}]${field ? `.${field}` : ''}`;

/**
 * Checks a whole scheme tree as a client sent it and returns it normalised: ids assigned, inner
 * maxima and steps computed, siblings renumbered 0..n-1 in position order, depth first. Every
 * problem is reported with the path of the node it concerns (`nodes[3].maxPoints`).
 */
export function buildScheme(inputs: readonly SchemeNodeInput[], newId: () => string = randomUUID): SchemeBuild {
  const drafts = inputs.map((input, index): Draft => ({ index, input, id: input.id ?? newId(), children: [], maxMilli: 0, step: '1' }));
  const errors = linkTree(drafts);
  if (errors.length > 0) return { ok: false, errors };
  const roots = sortSiblings(drafts.filter((d) => d.input.parentId === null));
  for (const root of roots) computePoints(root, errors);
  const totalMilli = roots.reduce((sum, r) => sum + r.maxMilli, 0);
  // The total says something only when every node is right (a wrong leaf counts 0).
  if (errors.length > 0) return { ok: false, errors };
  if (totalMilli <= 0) errors.push({ path: 'nodes', message: 'the scheme needs at least one question with points' });
  if (totalMilli > MAX_TOTAL_MILLI) errors.push({ path: 'nodes', message: 'the total exceeds 999999.999 points' });
  if (errors.length > 0) return { ok: false, errors };
  const nodes: SchemeNode[] = [];
  const emit = (draft: Draft, parentId: string | null, position: number) => {
    nodes.push({ id: draft.id, parentId, label: draft.input.label, maxPoints: fromMilli(draft.maxMilli), step: draft.step, position });
    draft.children.forEach((child, i) => emit(child, draft.id, i));
  };
  roots.forEach((root, i) => emit(root, null, i));
  return { ok: true, nodes, total: fromMilli(totalMilli) };
}

/** Unique ids, known parents, no cycle, depth at most 3; fills `children`. */
function linkTree(drafts: Draft[]): FieldError[] {
  const errors: FieldError[] = [];
  const byId = new Map<string, Draft>();
  for (const draft of drafts) {
    const seen = byId.get(draft.id);
    if (seen) errors.push({ path: at(draft.index, 'id'), message: `duplicate id (also nodes[${seen.index}])` });
    else byId.set(draft.id, draft);
  }
  if (errors.length > 0) return errors;
  for (const draft of drafts) {
    const parentId = draft.input.parentId;
    if (parentId === null) continue;
    const parent = byId.get(parentId);
    if (!parent || parent === draft) errors.push({ path: at(draft.index, 'parentId'), message: 'no other node has this id' });
    else parent.children.push(draft);
  }
  if (errors.length > 0) return errors;
  const depth = new Map<Draft, number>();
  const walk = (draft: Draft, level: number) => {
    depth.set(draft, level);
    if (level > MAX_SCHEME_DEPTH) errors.push({ path: at(draft.index, 'parentId'), message: `deeper than ${MAX_SCHEME_DEPTH} levels (exercise, question, sub-question)` });
    draft.children.forEach((child) => walk(child, level + 1));
  };
  drafts.filter((d) => d.input.parentId === null).forEach((root) => walk(root, 1));
  for (const draft of drafts) {
    if (!depth.has(draft)) errors.push({ path: at(draft.index, 'parentId'), message: 'the parents form a cycle' });
  }
  return errors;
}

/** Orders siblings by position (list order when omitted, and to break ties). */
function sortSiblings(siblings: Draft[]): Draft[] {
  return [...siblings].sort((a, b) => (a.input.position ?? a.index) - (b.input.position ?? b.index) || a.index - b.index);
}

/** Leaves: a positive maximum that is a multiple of the step. Inner nodes: sums, checked when given. */
function computePoints(draft: Draft, errors: FieldError[]): void {
  const { input, index } = draft;
  if (draft.children.length === 0) {
    draft.step = input.step ?? '1';
    if (input.maxPoints === undefined) {
      errors.push({ path: at(index, 'maxPoints'), message: 'required for a question without sub-questions' });
    } else if (toMilli(input.maxPoints) <= 0) {
      errors.push({ path: at(index, 'maxPoints'), message: 'must be positive' });
    } else if (!isMultipleOf(input.maxPoints, draft.step)) {
      errors.push({ path: at(index, 'maxPoints'), message: `must be a multiple of its step ${draft.step}` });
    } else {
      draft.maxMilli = toMilli(input.maxPoints);
    }
    return;
  }
  draft.children = sortSiblings(draft.children);
  const before = errors.length;
  draft.children.forEach((child) => computePoints(child, errors));
  // A sum over children that are themselves wrong would only add a misleading second error.
  if (errors.length > before) return;
  draft.maxMilli = draft.children.reduce((sum, c) => sum + c.maxMilli, 0);
  draft.step = STEPS_FINEST_FIRST.find((s) => draft.children.some((c) => c.step === s)) ?? '1';
  if (input.maxPoints !== undefined && toMilli(input.maxPoints) !== draft.maxMilli) {
    errors.push({ path: at(index, 'maxPoints'), message: `must equal the sum of its sub-questions (${fromMilli(draft.maxMilli)})` });
  }
  if (input.step !== undefined && input.step !== draft.step) {
    errors.push({ path: at(index, 'step'), message: `must be the finest step below it (${draft.step})` });
  }
}
