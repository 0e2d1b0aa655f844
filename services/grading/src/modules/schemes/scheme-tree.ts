import { type SchemeNode } from '@gradeline/contracts';

/** One scheme version as a tree: which nodes exist, which are leaves (the scored questions). */
export class SchemeTree {
  private readonly byId: Map<string, SchemeNode>;
  private readonly parents: Set<string>;

  constructor(
    readonly examId: string,
    readonly version: number,
    readonly nodes: readonly SchemeNode[],
    /** The scheme's maximum, as the exam service published it. */
    readonly total: string,
  ) {
    this.byId = new Map(nodes.map((n) => [n.id, n]));
    this.parents = new Set(nodes.flatMap((n) => (n.parentId ? [n.parentId] : [])));
  }

  node(id: string): SchemeNode | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** A leaf carries a score; an inner node's points are its children's. */
  isLeaf(id: string): boolean {
    return this.byId.has(id) && !this.parents.has(id);
  }

  /** The scored questions, in scheme order (depth first, by position). */
  leaves(): SchemeNode[] {
    return this.ordered().filter((n) => !this.parents.has(n.id));
  }

  /** Every node depth first, siblings by position. */
  ordered(): SchemeNode[] {
    const children = new Map<string | null, SchemeNode[]>();
    for (const n of this.nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
    const out: SchemeNode[] = [];
    const walk = (parentId: string | null) => {
      for (const n of [...(children.get(parentId) ?? [])].sort((a, b) => a.position - b.position)) {
        out.push(n);
        walk(n.id);
      }
    };
    walk(null);
    return out;
  }
}
