// Placement: the healthy, non-draining node with the most RAM left for a datastore's maxmemory.
// What is left is the node's budget minus the maxmemory of the live datastores the control plane
// placed there, so several creates between two health checks do not over-commit a node.

export interface NodeCapacity {
  id: string;
  health: string;
  draining: boolean;
  memoryBudgetBytes: number;
  /** Sum of maxmemory of live datastores on the node (excluding the one being placed). */
  placedBytes: number;
}

export type PlacementResult = { nodeId: string } | { error: string };

export function chooseNode(nodes: NodeCapacity[], memoryBytes: number): PlacementResult {
  const usable = nodes.filter((n) => n.health === 'healthy' && !n.draining);
  if (nodes.length === 0) return { error: 'no node is registered' };
  if (usable.length === 0) return { error: 'no healthy node that is not draining' };
  const ranked = usable
    .map((n) => ({ id: n.id, free: n.memoryBudgetBytes - n.placedBytes }))
    .sort((a, b) => b.free - a.free || a.id.localeCompare(b.id));
  const best = ranked[0];
  if (best.free < memoryBytes) {
    return {
      error: `no node has ${memoryBytes} bytes of RAM free (the most free is ${Math.max(0, best.free)})`,
    };
  }
  return { nodeId: best.id };
}
