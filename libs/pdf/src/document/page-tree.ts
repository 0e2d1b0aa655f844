import { CorruptPdfError } from '../errors';
import { type ObjectStore } from '../parser/object-store';
import { PdfDict, PdfRef, dictOf, isArray, isName, isNumber, type PdfObject } from '../parser/objects';

/** Page attributes a page takes from its ancestors when it does not set them (§7.7.3.4). */
const INHERITABLE = ['Resources', 'MediaBox', 'CropBox', 'Rotate'] as const;

export interface PageNode {
  /** The page dictionary with inherited attributes filled in (a copy; the store's stays as read). */
  dict: PdfDict;
  ref: PdfRef | null;
}

const MAX_DEPTH = 64;

/** The page tree root of a catalog; CorruptPdfError when there is none. */
export async function pageTreeRoot(store: ObjectStore): Promise<PdfDict> {
  const catalog = dictOf(await store.resolve(store.xref.trailer.get('Root')));
  if (!catalog) throw new CorruptPdfError('the trailer has no document catalog');
  const pages = dictOf(await store.resolve(catalog.get('Pages')));
  if (!pages) throw new CorruptPdfError('the catalog has no page tree');
  return pages;
}

const isPagesNode = (d: PdfDict): boolean => isName(d.get('Type'), 'Pages') || (!d.has('Type') && isArray(d.get('Kids')));

/** The number of pages: the root's /Count, or a walk of the tree when the count is missing. */
export async function countPages(store: ObjectStore, root: PdfDict): Promise<number> {
  const count = await store.resolve(root.get('Count'));
  if (isNumber(count) && Number.isInteger(count) && count >= 0) return count;
  return walkCount(store, root, 0, new Set());
}

async function walkCount(store: ObjectStore, node: PdfDict, depth: number, seen: Set<number>): Promise<number> {
  if (depth > MAX_DEPTH) throw new CorruptPdfError('the page tree is too deep');
  let total = 0;
  for (const kid of await kidsOf(store, node)) {
    if (kid instanceof PdfRef) {
      if (seen.has(kid.num)) throw new CorruptPdfError('the page tree has a cycle');
      seen.add(kid.num);
    }
    const d = dictOf(await store.resolve(kid));
    if (d) total += isPagesNode(d) ? await walkCount(store, d, depth + 1, seen) : 1;
  }
  return total;
}

async function kidsOf(store: ObjectStore, node: PdfDict): Promise<PdfObject[]> {
  const kids = await store.resolve(node.get('Kids'));
  if (!isArray(kids)) throw new CorruptPdfError('a page tree node has no /Kids');
  return kids;
}

async function nodeCount(store: ObjectStore, d: PdfDict): Promise<number> {
  if (!isPagesNode(d)) return 1;
  const c = await store.resolve(d.get('Count'));
  return isNumber(c) ? c : walkCount(store, d, 0, new Set());
}

/**
 * Finds page `index` by descending with /Count, reading only the nodes on the way: a flat tree of
 * 2,500 kids costs one read, not 2,500. Inherited attributes are collected on the way down.
 */
export async function findPage(store: ObjectStore, root: PdfDict, index: number): Promise<PageNode> {
  const inherited = new Map<string, PdfObject>();
  let node = root;
  let rest = index;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    for (const key of INHERITABLE) if (node.has(key)) inherited.set(key, node.get(key)!);
    const kids = await kidsOf(store, node);
    const count = await store.resolve(node.get('Count'));
    let next: { dict: PdfDict; ref: PdfRef | null; rest?: number } | null = null;
    if (count === kids.length) next = await leafAt(store, kids[rest]); // flat node: every kid a page
    if (!next) next = await kidHolding(store, kids, rest);
    if (!next) break;
    if (!isPagesNode(next.dict)) return { dict: withInherited(next.dict, inherited), ref: next.ref };
    rest = next.rest ?? rest;
    node = next.dict;
  }
  throw new CorruptPdfError(`page ${index + 1} is not in the page tree`);
}

async function leafAt(store: ObjectStore, kid: PdfObject | undefined): Promise<{ dict: PdfDict; ref: PdfRef | null; rest?: number } | null> {
  const dict = dictOf(await store.resolve(kid));
  if (!dict || isPagesNode(dict)) return null;
  return { dict, ref: kid instanceof PdfRef ? kid : null };
}

async function kidHolding(
  store: ObjectStore,
  kids: PdfObject[],
  index: number,
): Promise<{ dict: PdfDict; ref: PdfRef | null; rest: number } | null> {
  let rest = index;
  for (const kid of kids) {
    const dict = dictOf(await store.resolve(kid));
    if (!dict) continue;
    const n = await nodeCount(store, dict);
    if (rest < n) return { dict, ref: kid instanceof PdfRef ? kid : null, rest };
    rest -= n;
  }
  return null;
}

function withInherited(page: PdfDict, inherited: Map<string, PdfObject>): PdfDict {
  const copy = new PdfDict(new Map(page.entries));
  for (const [k, v] of inherited) if (!copy.has(k)) copy.entries.set(k, v);
  return copy;
}
