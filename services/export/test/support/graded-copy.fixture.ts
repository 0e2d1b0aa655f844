import { randomUUID } from 'node:crypto';
import { type Annotation, type CopyPage, type NodeScore, type SchemeNode } from '@gradeline/contracts';
import sharp from 'sharp';
import { type CopyResult } from '../../src/modules/read-model/copy.entity';

/** A greyscale JPEG "scan" of the given size with a little texture, so it is not trivially small. */
export async function scanJpeg(width = 620, height = 877, seed = 1): Promise<Buffer> {
  const raw = Buffer.alloc(width * height);
  let s = seed * 7919;
  for (let i = 0; i < raw.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = 235 + (s % 20);
  }
  return sharp(raw, { raw: { width, height, channels: 1 } }).jpeg({ quality: 80 }).toBuffer();
}

export function pageOf(number: number, objectKey: string, size: number, width = 620, height = 877): CopyPage {
  return { number, objectKey, contentType: 'image/jpeg', size, width, height };
}

/** A two-part scheme: Q1 (Q1a, Q1b) and Q2. */
export function schemeNodes(): SchemeNode[] {
  const q1 = randomUUID();
  return [
    { id: q1, parentId: null, label: 'Exercice 1 — Fractions', maxPoints: '8', step: '0.5', position: 0 },
    { id: randomUUID(), parentId: q1, label: 'a) Simplifier', maxPoints: '3', step: '0.5', position: 0 },
    { id: randomUUID(), parentId: q1, label: 'b) Comparer', maxPoints: '5', step: '0.5', position: 1 },
    { id: randomUUID(), parentId: null, label: 'Exercice 2 — Géométrie', maxPoints: '12', step: '0.25', position: 1 },
  ];
}

export function annotation(page: number, kind: Annotation['kind'], extra: Partial<Annotation> = {}): Annotation {
  return {
    id: randomUUID(), kind, page, x: 0.1, y: 0.2, width: null, height: null, points: null, text: null,
    nodeId: null, pointsDelta: null, color: null, version: 1, ...extra,
  };
}

/** Every kind of annotation on a page, with accented text and points deltas. */
export function annotationsFor(pages: number, perPage: number): Annotation[] {
  const kinds: Annotation['kind'][] = ['tick', 'cross', 'highlight', 'stroke', 'comment', 'text'];
  const list: Annotation[] = [];
  for (let p = 0; p < pages; p++) {
    for (let i = 0; i < perPage; i++) {
      const kind = kinds[i % kinds.length]!;
      const at = { x: 0.05 + (i % 4) * 0.22, y: 0.05 + Math.floor(i / 4) * 0.17 };
      list.push(annotation(p, kind, {
        ...at,
        width: kind === 'comment' || kind === 'highlight' ? 0.15 : null,
        height: kind === 'comment' || kind === 'highlight' ? 0.04 : null,
        points: kind === 'stroke' ? [at, { x: at.x + 0.05, y: at.y + 0.02 }, { x: at.x + 0.1, y: at.y }] : null,
        text: kind === 'comment' || kind === 'text' ? `Remarque p${p + 1}-${i} : très bien, mais précise l’unité` : null,
        pointsDelta: kind === 'tick' ? '0.5' : kind === 'cross' ? '-0.25' : null,
      }));
    }
  }
  return list;
}

export function resultFor(nodes: SchemeNode[], annotations: Annotation[], overrides: Partial<CopyResult> = {}): CopyResult {
  const scores: NodeScore[] = [
    { nodeId: nodes[1]!.id, points: '2.5', notAnswered: false, remark: 'Bonne méthode ; attention aux signes.' },
    { nodeId: nodes[2]!.id, points: '4', notAnswered: false, remark: null },
    { nodeId: nodes[3]!.id, points: '9', notAnswered: false, remark: 'Figure soignée, démonstration incomplète.' },
  ];
  return {
    version: 1, schemeVersion: 1, correctorId: randomUUID(), scores, total: '15.5', maxTotal: '20',
    globalComment: 'Élève sérieuse ; continue ainsi.', annotations, finalizedAt: '2026-06-20T10:00:00.000Z', ...overrides,
  };
}
