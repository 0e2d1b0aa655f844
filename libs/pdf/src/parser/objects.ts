/** The PDF object model (ISO 32000-1 §7.3), as far as page extraction needs it. */

export class PdfName {
  private static readonly interned = new Map<string, PdfName>();
  private constructor(readonly name: string) {}
  /** Interns the first 10,000 distinct names (a hostile file cannot grow the table); compare `.name`. */
  static of(name: string): PdfName {
    let found = PdfName.interned.get(name);
    if (!found) {
      found = new PdfName(name);
      if (PdfName.interned.size < 10_000) PdfName.interned.set(name, found);
    }
    return found;
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

export class PdfString {
  constructor(
    readonly bytes: Buffer,
    readonly hex = false,
  ) {}
}

export class PdfDict {
  constructor(readonly entries = new Map<string, PdfObject>()) {}
  get(key: string): PdfObject | undefined {
    return this.entries.get(key);
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
}

/**
 * A stream whose data stays in the source: `dataOffset` is absolute in the file, so image bytes
 * are read by range only when asked for. Streams decoded from memory carry `data` instead.
 */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly dataOffset: number,
    readonly length: number,
    readonly data?: Buffer,
  ) {}
}

export type PdfObject = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfStream | PdfObject[];

export const isName = (o: PdfObject | undefined, name?: string): o is PdfName =>
  o instanceof PdfName && (name === undefined || o.name === name);
export const isDict = (o: PdfObject | undefined): o is PdfDict => o instanceof PdfDict;
export const isNumber = (o: PdfObject | undefined): o is number => typeof o === 'number';
export const isArray = (o: PdfObject | undefined): o is PdfObject[] => Array.isArray(o);

/** The dictionary of a dict or a stream, else undefined. */
export function dictOf(o: PdfObject | undefined): PdfDict | undefined {
  if (o instanceof PdfDict) return o;
  if (o instanceof PdfStream) return o.dict;
  return undefined;
}
