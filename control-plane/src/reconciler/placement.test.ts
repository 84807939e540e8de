import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseNode, type NodeCapacity } from './placement';

const node = (id: string, over: Partial<NodeCapacity> = {}): NodeCapacity => ({
  id,
  health: 'healthy',
  draining: false,
  memoryBudgetBytes: 1000,
  placedBytes: 0,
  ...over,
});

test('the healthy node with the most free RAM wins', () => {
  assert.deepEqual(chooseNode([node('a', { placedBytes: 600 }), node('b', { placedBytes: 100 })], 300), {
    nodeId: 'b',
  });
});

test('unhealthy and draining nodes are skipped', () => {
  const nodes = [
    node('a', { health: 'unhealthy' }),
    node('b', { draining: true }),
    node('c', { placedBytes: 900 }),
  ];
  assert.deepEqual(chooseNode(nodes, 100), { nodeId: 'c' });
  assert.deepEqual(chooseNode(nodes.slice(0, 2), 100), { error: 'no healthy node that is not draining' });
});

test('refuses when no node has room, saying how much the best one has', () => {
  const result = chooseNode([node('a', { placedBytes: 700 })], 500);
  assert.ok('error' in result);
  assert.match(result.error, /no node has 500 bytes of RAM free \(the most free is 300\)/);
  assert.deepEqual(chooseNode([], 1), { error: 'no node is registered' });
});
