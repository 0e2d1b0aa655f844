/**
 * Maximum-weight assignment of rows to columns (Hungarian algorithm with potentials, O(n² m)).
 * `weights[r][c]` ≥ 0; every row gets a distinct column when there are at least as many columns,
 * otherwise the rows left without one get -1. Returns the column of each row.
 */
export function maxWeightAssignment(weights: number[][]): number[] {
  const rows = weights.length;
  if (rows === 0) return [];
  const realColumns = weights[0]!.length;
  // Padding with zero-weight columns lets every row be placed; a row on a padding column has none.
  const columns = Math.max(rows, realColumns);
  const cost = (r: number, c: number) => (c < realColumns ? -(weights[r]![c] ?? 0) : 0);
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(columns + 1);
  const owner = new Int32Array(columns + 1); // owner[c] = row (1-based) holding column c, 0 = free
  const way = new Int32Array(columns + 1);
  for (let r = 1; r <= rows; r++) {
    owner[0] = r;
    let c0 = 0;
    const minv = new Float64Array(columns + 1).fill(Infinity);
    const used = new Uint8Array(columns + 1);
    do {
      used[c0] = 1;
      const r0 = owner[c0]!;
      let delta = Infinity;
      let c1 = 0;
      for (let c = 1; c <= columns; c++) {
        if (used[c]) continue;
        const reduced = cost(r0 - 1, c - 1) - u[r0]! - v[c]!;
        if (reduced < minv[c]!) {
          minv[c] = reduced;
          way[c] = c0;
        }
        if (minv[c]! < delta) {
          delta = minv[c]!;
          c1 = c;
        }
      }
      for (let c = 0; c <= columns; c++) {
        if (used[c]) {
          u[owner[c]!] = u[owner[c]!]! + delta;
          v[c] = v[c]! - delta;
        } else {
          minv[c] = minv[c]! - delta;
        }
      }
      c0 = c1;
    } while (owner[c0] !== 0);
    do {
      const c1 = way[c0]!;
      owner[c0] = owner[c1]!;
      c0 = c1;
    } while (c0 !== 0);
  }
  const result = new Array<number>(rows).fill(-1);
  for (let c = 1; c <= columns; c++) {
    if (owner[c]! > 0 && c - 1 < realColumns) result[owner[c]! - 1] = c - 1;
  }
  return result;
}
