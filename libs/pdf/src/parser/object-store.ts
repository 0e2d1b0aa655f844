import { CorruptPdfError, TruncatedPdfError } from '../errors';
import { type RandomAccessSource } from '../source/random-access-source';
import { decodeStream } from './filters';
import { Lexer } from './lexer';
import { readIndirectAt, streamLength } from './object-reader';
import { PdfRef, PdfStream, isDict, isName, isNumber, type PdfObject } from './objects';
import { Parser } from './parser';
import { type XrefTable } from './xref';

/** A Map that forgets its least recently used entries past `limit`: keeps memory flat. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: K, value: V): void {
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as K);
  }
}

interface ObjectStreamIndex {
  data: Buffer;
  /** Absolute offsets in `data` of each member, by index. */
  offsets: number[];
  nums: number[];
}

/**
 * Resolves indirect objects on demand through the cross-reference table: reads `n g obj` at its
 * offset, or decodes the object stream holding it. Both caches are bounded, so reading page 2,000
 * costs no more memory than page 1.
 */
export class ObjectStore {
  private readonly objects = new Lru<number, Promise<PdfObject>>(4096);
  private readonly objectStreams = new Lru<number, Promise<ObjectStreamIndex>>(8);

  constructor(
    readonly src: RandomAccessSource,
    readonly xref: XrefTable,
  ) {}

  /** The object numbered `num`; null when the table does not know it (§7.3.10). */
  get(num: number): Promise<PdfObject> {
    let found = this.objects.get(num);
    if (!found) {
      found = this.load(num);
      found.catch(() => undefined);
      this.objects.set(num, found);
    }
    return found;
  }

  /** Follows references until a direct object. */
  async resolve(o: PdfObject | undefined): Promise<PdfObject | undefined> {
    for (let hops = 0; o instanceof PdfRef; hops++) {
      if (hops > 32) throw new CorruptPdfError('reference chain too long');
      o = await this.get(o.num);
    }
    return o;
  }

  /** The stream's bytes as stored (still encoded), read by range from the source. */
  async rawBytes(stream: PdfStream): Promise<Buffer> {
    if (stream.data) return stream.data;
    if (stream.dataOffset + stream.length > this.src.size) throw new TruncatedPdfError('a stream runs past the end of the file');
    return this.src.read(stream.dataOffset, stream.length);
  }

  /** The stream's bytes with its (structural) filters undone. */
  async decoded(stream: PdfStream): Promise<Buffer> {
    return decodeStream(await this.rawBytes(stream), stream.dict);
  }

  private async load(num: number): Promise<PdfObject> {
    const entry = this.xref.entries.get(num);
    if (!entry) return null;
    try {
      if (entry.type === 2) return await this.fromObjectStream(entry.stream, entry.index, num);
      return await this.fromOffset(entry.offset, num);
    } catch (error) {
      if (error instanceof TruncatedPdfError || error instanceof CorruptPdfError) throw error;
      throw new CorruptPdfError(`object ${num} is unreadable: ${(error as Error).message}`);
    }
  }

  private async fromOffset(offset: number, num: number): Promise<PdfObject> {
    if (offset >= this.src.size) throw new TruncatedPdfError(`object ${num} lies beyond the end of the file`);
    const obj = await readIndirectAt(this.src, offset);
    if (obj.num !== num) throw new CorruptPdfError(`the cross-reference points object ${num} at object ${obj.num}`);
    if (obj.streamStart === undefined) return obj.value;
    if (!isDict(obj.value)) throw new CorruptPdfError(`object ${num} has stream data without a dictionary`);
    const declared = await this.resolve(obj.value.get('Length'));
    const length = await streamLength(this.src, obj.streamStart, isNumber(declared) ? declared : undefined);
    if (length === null) throw new TruncatedPdfError(`the data of object ${num} has no end`);
    return new PdfStream(obj.value, obj.streamStart, length);
  }

  private async fromObjectStream(streamNum: number, index: number, num: number): Promise<PdfObject> {
    let objStm = this.objectStreams.get(streamNum);
    if (!objStm) {
      objStm = this.indexObjectStream(streamNum);
      objStm.catch(() => undefined);
      this.objectStreams.set(streamNum, objStm);
    }
    const { data, offsets, nums } = await objStm;
    // The index in the xref is authoritative, but a writer's off-by-one is caught by the number check.
    const at = nums[index] === num ? index : nums.indexOf(num);
    if (at < 0) throw new CorruptPdfError(`object ${num} is not in object stream ${streamNum}`);
    return new Parser(new Lexer(data, offsets[at]!)).parse();
  }

  private async indexObjectStream(streamNum: number): Promise<ObjectStreamIndex> {
    const stream = await this.get(streamNum);
    if (!(stream instanceof PdfStream) || !isName(stream.dict.get('Type'), 'ObjStm')) {
      throw new CorruptPdfError(`object ${streamNum} is not an object stream`);
    }
    const n = await this.resolve(stream.dict.get('N'));
    const first = await this.resolve(stream.dict.get('First'));
    if (!isNumber(n) || !isNumber(first)) throw new CorruptPdfError(`object stream ${streamNum} lacks /N or /First`);
    const data = await this.decoded(stream);
    const lexer = new Lexer(data.subarray(0, first));
    const nums: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = lexer.next();
      const b = lexer.next();
      if (a.kind !== 'number' || b.kind !== 'number') throw new CorruptPdfError(`object stream ${streamNum} has a bad header`);
      nums.push(a.value);
      offsets.push(first + b.value);
    }
    return { data, offsets, nums };
  }
}
