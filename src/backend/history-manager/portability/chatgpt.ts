/** ChatGPT `conversations.json` element -> PortableChat (import-formats §1). */
import { type AssetResolver, readChatGptMessage, type VisibleTurn } from './chatgpt-message';
import { type ConvertContext, type Converted, elementLocation, repairNotes, skipped } from './convert-context';
import { buildTree, pathTo, resolveLeaf, type TreeInput } from './tree';
import type { ImportNote, PortableMessage } from './types';
import { isoFromMillis, isoFromSeconds, type JsonObject, num, obj, str } from './values';

export async function convertChatGpt(
  element: JsonObject,
  ctx: ConvertContext,
  resolveAsset: AssetResolver | null,
): Promise<Converted> {
  const id = str(element.id) ?? str(element.conversation_id);
  const base = elementLocation(ctx, id);
  const mapping = obj(element.mapping);
  if (!mapping) return skipped('no mapping: not a conversation (project or folder record?)', base);
  if (!id) return skipped('conversation has no id', { ...base, field: 'id' });

  const raw: TreeInput[] = [];
  for (const [key, node] of Object.entries(mapping)) {
    const n = obj(node) ?? {};
    const time = num(obj(n.message)?.create_time);
    raw.push({ id: key, parentId: str(n.parent), time: time === null ? null : time * 1000, order: raw.length });
  }
  const rawTree = buildTree(raw);
  const notes: ImportNote[] = repairNotes(rawTree.repairs, base);

  const turns = new Map<string, VisibleTurn>();
  for (const nodeId of rawTree.order) {
    const turn = await readChatGptMessage(obj(mapping[nodeId])?.message, resolveAsset);
    if (turn.visible) turns.set(nodeId, turn);
    for (const what of turn.dropped) {
      notes.push({ level: 'skipped', reason: `${what} not imported`, location: { ...base, messageId: nodeId } });
    }
  }

  // Hidden and tool nodes collapse: a visible node hangs under its nearest visible ancestor.
  const visibleAbove = new Map<string, string | null>();
  const visibleChildren = new Map<string, number>();
  for (const nodeId of rawTree.order) {
    const parent = rawTree.parentOf.get(nodeId) ?? null;
    const above = parent === null ? null : turns.has(parent) ? parent : (visibleAbove.get(parent) ?? null);
    visibleAbove.set(nodeId, above);
    if (turns.has(nodeId) && above !== null) visibleChildren.set(above, (visibleChildren.get(above) ?? 0) + 1);
  }

  // Assistant text split by a tool round trip is one turn in ChatGPT's UI: merge it back.
  const mergedInto = new Map<string, string>();
  const canonical = (nodeId: string): string => mergedInto.get(nodeId) ?? nodeId;
  for (const nodeId of rawTree.order) {
    const turn = turns.get(nodeId);
    const above = visibleAbove.get(nodeId) ?? null;
    if (!turn || above === null) continue;
    const target = canonical(above);
    const into = turns.get(target);
    if (turn.role !== 'assistant' || into?.role !== 'assistant' || visibleChildren.get(above) !== 1) continue;
    into.content = [into.content, turn.content].filter((t) => t.length > 0).join('\n\n');
    into.thinking = [into.thinking, turn.thinking].filter(Boolean).join('\n\n') || null;
    into.attachments.push(...turn.attachments);
    into.updated = turn.updated ?? turn.time ?? into.updated;
    into.model = turn.model ?? into.model;
    if (turn.status !== 'complete') into.status = turn.status;
    mergedInto.set(nodeId, target);
  }

  const visible: TreeInput[] = [];
  for (const nodeId of rawTree.order) {
    if (!turns.has(nodeId) || mergedInto.has(nodeId)) continue;
    const above = visibleAbove.get(nodeId) ?? null;
    const turn = turns.get(nodeId) as VisibleTurn;
    visible.push({
      id: nodeId,
      parentId: above === null ? null : canonical(above),
      time: turn.time,
      order: visible.length,
    });
  }
  if (visible.length === 0) return skipped('conversation has no visible messages', base);
  const tree = buildTree(visible);

  const rawLeaf = resolveLeaf(rawTree, str(element.current_node), false);
  const visibleLeaf = rawLeaf === null ? null : turns.has(rawLeaf) ? rawLeaf : (visibleAbove.get(rawLeaf) ?? null);
  const leaf = visibleLeaf === null ? resolveLeaf(tree, null, false) : canonical(visibleLeaf);

  const firstTime = tree.order.map((m) => turns.get(m)?.time ?? null).find((t) => t !== null) ?? null;
  const createdAt =
    isoFromSeconds(element.create_time) ?? (firstTime === null ? null : isoFromMillis(firstTime)) ?? ctx.now;
  const updatedAt = isoFromSeconds(element.update_time) ?? createdAt;

  const timeOf = new Map<string, string>();
  const messages: PortableMessage[] = tree.order.map((nodeId) => {
    const turn = turns.get(nodeId) as VisibleTurn;
    const parent = tree.parentOf.get(nodeId) ?? null;
    const created =
      (turn.time === null ? null : isoFromMillis(turn.time)) ?? (parent ? timeOf.get(parent) : null) ?? createdAt;
    timeOf.set(nodeId, created);
    return {
      sourceId: nodeId,
      parentSourceId: parent,
      role: turn.role,
      content: turn.content,
      thinking: turn.thinking,
      model: turn.model,
      createdAt: created,
      updatedAt: (turn.updated === null ? null : isoFromMillis(turn.updated)) ?? created,
      status: turn.status,
      ...(turn.attachments.length > 0 ? { attachments: turn.attachments } : {}),
    };
  });

  const activeModels = pathTo(tree, leaf)
    .map((m) => turns.get(m))
    .filter((t) => t?.role === 'assistant' && t.model)
    .map((t) => t?.model as string);
  return {
    chat: {
      source: { app: 'chatgpt', id },
      title: str(element.title)?.trim() || 'Untitled',
      model: activeModels.at(-1) ?? null,
      systemPrompt: null,
      options: {},
      pinned: element.is_starred === true,
      archived: element.is_archived === true,
      tags: [],
      createdAt,
      updatedAt,
      currentLeafSourceId: leaf,
      messages,
    },
    notes,
  };
}
