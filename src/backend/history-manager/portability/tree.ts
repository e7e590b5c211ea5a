/**
 * Untrusted trees from foreign files: parent pointers are the truth, duplicates, dangling parents
 * and cycles are repaired (and reported), siblings are ordered by time then by the source's own
 * order. Every walk is bounded, so a hostile file cannot loop or blow the stack.
 */

export interface TreeInput {
  id: string;
  parentId: string | null;
  /** Creation time in ms, when known. */
  time: number | null;
  /** Position in the file (tie breaker and fallback order). */
  order: number;
  /** Position in the parent's own `children` list, when the format has one. */
  hint?: number;
}

export interface TreeRepair {
  id: string;
  reason: string;
}

export interface Tree {
  nodes: Map<string, TreeInput>;
  parentOf: Map<string, string | null>;
  childrenOf: Map<string | null, string[]>;
  /** All ids, parents before children, siblings in order. */
  order: string[];
  repairs: TreeRepair[];
}

const LAST = Number.MAX_SAFE_INTEGER;

function compareSiblings(a: TreeInput, b: TreeInput): number {
  return (a.time ?? LAST) - (b.time ?? LAST) || (a.hint ?? LAST) - (b.hint ?? LAST) || a.order - b.order;
}

export function buildTree(inputs: Iterable<TreeInput>): Tree {
  const nodes = new Map<string, TreeInput>();
  const repairs: TreeRepair[] = [];
  for (const node of inputs) {
    if (nodes.has(node.id)) repairs.push({ id: node.id, reason: 'duplicate message id; the first one is kept' });
    else nodes.set(node.id, node);
  }
  const parentOf = new Map<string, string | null>();
  for (const node of nodes.values()) {
    let parent = node.parentId;
    if (parent !== null && !nodes.has(parent)) {
      repairs.push({ id: node.id, reason: `parent ${parent} does not exist; kept as a root` });
      parent = null;
    }
    parentOf.set(node.id, parent);
  }
  breakCycles(nodes, parentOf, repairs);

  const childrenOf = new Map<string | null, string[]>();
  for (const node of [...nodes.values()].sort(compareSiblings)) {
    const parent = parentOf.get(node.id) ?? null;
    const list = childrenOf.get(parent);
    if (list) list.push(node.id);
    else childrenOf.set(parent, [node.id]);
  }
  const order: string[] = [];
  const stack = [...(childrenOf.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    order.push(id);
    const children = childrenOf.get(id);
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as string);
  }
  return { nodes, parentOf, childrenOf, order, repairs };
}

function breakCycles(nodes: Map<string, TreeInput>, parentOf: Map<string, string | null>, repairs: TreeRepair[]): void {
  const state = new Map<string, 'walking' | 'done'>();
  for (const id of nodes.keys()) {
    const path: string[] = [];
    let current: string | null = id;
    while (current !== null && state.get(current) !== 'done') {
      if (state.get(current) === 'walking') {
        repairs.push({ id: current, reason: 'parent pointers form a cycle; cut here and kept as a root' });
        parentOf.set(current, null);
        break;
      }
      state.set(current, 'walking');
      path.push(current);
      current = parentOf.get(current) ?? null;
    }
    for (const visited of path) state.set(visited, 'done');
  }
}

/**
 * The active leaf: the declared node when it exists (followed down its last child when `descend`,
 * as Open WebUI does for an inner `currentId`), else the newest leaf (time, then file order).
 */
export function resolveLeaf(tree: Tree, declared: string | null | undefined, descend: boolean): string | null {
  if (declared && tree.nodes.has(declared)) {
    let current = declared;
    for (let guard = 0; descend && guard <= tree.nodes.size; guard++) {
      const children = tree.childrenOf.get(current);
      if (!children || children.length === 0) break;
      current = children[children.length - 1] as string;
    }
    return current;
  }
  let best: TreeInput | null = null;
  for (const node of tree.nodes.values()) {
    if ((tree.childrenOf.get(node.id)?.length ?? 0) > 0) continue;
    if (best === null) {
      best = node;
      continue;
    }
    const bestTime = best.time ?? -1;
    const time = node.time ?? -1;
    if (time > bestTime || (time === bestTime && node.order > best.order)) best = node;
  }
  return best?.id ?? null;
}

/** Ids from the root down to `leaf` (the active branch). */
export function pathTo(tree: Tree, leaf: string | null): string[] {
  const path: string[] = [];
  let current = leaf;
  while (current !== null && path.length <= tree.nodes.size) {
    path.push(current);
    current = tree.parentOf.get(current) ?? null;
  }
  return path.reverse();
}
