import { type PdfDocument } from '../document/pdf-document';
import { CorruptPdfError } from '../errors';
import { type ObjectStore } from '../parser/object-store';
import { PdfDict, PdfRef, PdfStream, dictOf, isArray, isName, type PdfObject } from '../parser/objects';
import { assemblePdf, serialise } from './serialise';

/** Keys that lead away from the page (to the tree, other pages, actions): never followed. */
const PAGE_DROP = new Set(['Parent', 'B', 'Thumb', 'PieceInfo', 'Metadata', 'StructParents']);
const ANNOT_DROP = new Set(['P', 'Parent', 'Dest', 'A', 'AA', 'Popup', 'IRT', 'StructParent']);
/** A page whose resources reach this many objects is not a page but a trap. */
const MAX_OBJECTS = 50_000;

function without(d: PdfDict, drop: Set<string>): PdfDict {
  return new PdfDict(new Map([...d.entries].filter(([k]) => !drop.has(k))));
}

/**
 * Copies page `index` and everything it uses (content, resources, fonts, images, annotation
 * appearances) into a new one-page PDF, read lazily from the source. PDFium only loads whole
 * documents from memory, so this keeps the rasteriser's memory bounded by the page, not the file.
 */
export async function extractSinglePage(doc: PdfDocument, index: number): Promise<Buffer> {
  const { dict, ref: pageRef, store } = await doc.pageNode(index);
  const numbers = new Map<number, number>(); // old object number -> new
  const queue: PdfRef[] = [];
  let next = 4; // 1 catalog, 2 pages, 3 the page
  if (pageRef) numbers.set(pageRef.num, 3);
  const renumber = (r: PdfRef): string => {
    let n = numbers.get(r.num);
    if (n === undefined) {
      if (next > MAX_OBJECTS) throw new CorruptPdfError(`page ${index + 1} uses more than ${MAX_OBJECTS} objects`);
      n = next++;
      numbers.set(r.num, n);
      queue.push(r);
    }
    return `${n} 0 R`;
  };
  const page = without(dict, PAGE_DROP);
  page.entries.set('Annots', await sanitisedAnnots(store, page.get('Annots')));
  const bodies: Buffer[] = [
    Buffer.from('<</Type /Catalog /Pages 2 0 R>>'),
    Buffer.from('<</Type /Pages /Kids [3 0 R] /Count 1>>'),
    Buffer.from(serialise(page, renumber).replace(/>>$/, ' /Parent 2 0 R>>')),
  ];
  while (queue.length > 0) {
    const r = queue.shift()!;
    const o = await store.get(r.num);
    const target = numbers.get(r.num)!;
    bodies[target - 1] = o instanceof PdfStream ? await streamBody(store, o, renumber) : Buffer.from(serialise(withoutLinks(o), renumber));
  }
  return assemblePdf(bodies, 1);
}

async function streamBody(store: ObjectStore, s: PdfStream, renumber: (r: PdfRef) => string): Promise<Buffer> {
  const data = await store.rawBytes(s);
  const d = new PdfDict(new Map(s.dict.entries));
  d.entries.set('Length', data.length);
  return Buffer.concat([Buffer.from(`${serialise(d, renumber)}\nstream\n`), data, Buffer.from('\nendstream')]);
}

/** Annotation dictionaries reached by reference keep their appearance, not their links. */
function withoutLinks(o: PdfObject): PdfObject {
  const d = dictOf(o);
  if (!d || !d.has('Subtype') || !d.has('Rect')) return o;
  return without(d, ANNOT_DROP);
}

async function sanitisedAnnots(store: ObjectStore, annots: PdfObject | undefined): Promise<PdfObject> {
  const list = await store.resolve(annots);
  if (!isArray(list)) return [];
  const out: PdfObject[] = [];
  for (const a of list) {
    const d = dictOf(await store.resolve(a));
    // Popups only show on interaction; links draw nothing. Both would pull in other pages.
    if (!d || isName(d.get('Subtype'), 'Popup') || isName(d.get('Subtype'), 'Link')) continue;
    out.push(a instanceof PdfRef ? a : without(d, ANNOT_DROP));
  }
  return out;
}
