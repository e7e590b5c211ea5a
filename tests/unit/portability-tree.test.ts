import { describe, expect, it } from 'vitest';
import { activeBranch, collectImport, type PortableChat } from '../../src/backend/history-manager/portability';
import { buildTree, pathTo, resolveLeaf } from '../../src/backend/history-manager/portability/tree';

const node = (id: string, parentId: string | null, time: number | null, order: number) => ({
  id,
  parentId,
  time,
  order,
});

describe('untrusted trees', () => {
  it('cuts cycles, re-roots dangling parents, keeps the first of duplicate ids, and says so', () => {
    const tree = buildTree([
      node('a', null, 1, 0),
      node('b', 'c', 2, 1), // b -> c -> b: a cycle
      node('c', 'b', 3, 2),
      node('d', 'ghost', 4, 3),
      node('e', 'e', 5, 4), // its own parent
      node('a', 'd', 6, 5), // duplicate id
    ]);
    expect(tree.order.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const id of tree.order) expect(pathTo(tree, id).length).toBeLessThanOrEqual(5);
    const reasons = tree.repairs.map((r) => `${r.id}: ${r.reason.split(';')[0]}`);
    expect(reasons).toEqual([
      'a: duplicate message id',
      'd: parent ghost does not exist',
      'b: parent pointers form a cycle',
      'e: parent pointers form a cycle',
    ]);
    expect(tree.parentOf.get('d')).toBeNull();
    expect(tree.parentOf.get('a')).toBeNull();
  });

  it('orders siblings by time, then children-list position, then file order; parents first', () => {
    const tree = buildTree([
      { ...node('late', 'root', 20, 0) },
      { ...node('early', 'root', 10, 1) },
      { ...node('untimed-2', 'root', null, 2), hint: 1 },
      { ...node('untimed-1', 'root', null, 3), hint: 0 },
      node('root', null, 1, 4),
    ]);
    expect(tree.order).toEqual(['root', 'early', 'late', 'untimed-1', 'untimed-2']);
  });

  it('falls back to the newest leaf, then the last leaf in file order', () => {
    const timed = buildTree([node('r', null, 1, 0), node('x', 'r', 9, 1), node('y', 'r', 5, 2)]);
    expect(resolveLeaf(timed, 'missing', false)).toBe('x');
    expect(resolveLeaf(timed, 'r', true)).toBe('x');
    expect(resolveLeaf(timed, 'r', false)).toBe('r');
    const untimed = buildTree([node('r', null, null, 0), node('x', 'r', null, 1), node('y', 'r', null, 2)]);
    expect(resolveLeaf(untimed, null, false)).toBe('y');
  });

  it('a ChatGPT mapping with a cycle and a dangling parent still imports, with warnings', async () => {
    const message = (role: string, text: string, t: number) => ({
      author: { role },
      create_time: t,
      content: { content_type: 'text', parts: [text] },
      recipient: 'all',
    });
    const conversation = {
      id: 'loop',
      title: 'Loops',
      current_node: 'u2',
      mapping: {
        root: { message: null, parent: null, children: ['u1'] },
        u1: { message: message('user', 'first', 1), parent: 'root', children: ['a1'] },
        a1: { message: message('assistant', 'answer', 2), parent: 'u1', children: [] },
        u2: { message: message('user', 'cycle one', 3), parent: 'a2', children: ['a2'] },
        a2: { message: message('assistant', 'cycle two', 4), parent: 'u2', children: ['u2'] },
        u3: { message: message('user', 'orphan', 5), parent: 'nowhere', children: [] },
      },
    };
    const { chats, report } = await collectImport({
      fileName: 'loop.json',
      bytes: Buffer.from(JSON.stringify([conversation])),
    });
    const chat = chats[0] as PortableChat;
    expect(chat.messages.map((m) => m.content).sort()).toEqual(['answer', 'cycle one', 'cycle two', 'first', 'orphan']);
    const ids = new Set<string>();
    for (const m of chat.messages) {
      // parents before children, always
      if (m.parentSourceId !== null) expect(ids.has(m.parentSourceId)).toBe(true);
      ids.add(m.sourceId);
    }
    expect(activeBranch(chat).length).toBeGreaterThan(0);
    expect(report.warnings.map((w) => w.location.messageId).sort()).toEqual(['u2', 'u3']);
    expect(report.warnings.every((w) => w.location.conversationId === 'loop')).toBe(true);
  });

  it('an Open WebUI history whose childrenIds disagree with parentId trusts parentId', async () => {
    const chat = {
      id: 'owui',
      title: 't',
      chat: {
        history: {
          currentId: 'b',
          messages: {
            a: { id: 'a', parentId: null, childrenIds: [], role: 'user', content: 'q', timestamp: 1 },
            b: {
              id: 'b',
              parentId: 'a',
              childrenIds: ['a'],
              role: 'assistant',
              content: 'x',
              done: true,
              timestamp: 2,
            },
          },
        },
      },
    };
    const { chats } = await collectImport({ fileName: 'o.json', bytes: Buffer.from(JSON.stringify([chat])) });
    expect(chats[0]?.messages.map((m) => [m.sourceId, m.parentSourceId])).toEqual([
      ['a', null],
      ['b', 'a'],
    ]);
  });
});
