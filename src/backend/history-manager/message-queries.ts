/**
 * Reads of messages together with their sibling ids and attachment metadata. Each function is a
 * single SQL statement however long the branch is: the relations are aggregated per row as JSON.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, MessageRowWithRelations } from './schema';

/** Message `m`'s attachments as a JSON array of `Attachment`s, in id order. */
const ATTACHMENTS_JSON = sql`
  (SELECT json_group_array(
            json_patch(
              json_object('id', a.id, 'kind', a.kind, 'name', a.name, 'mime', a.mime, 'size', a.size, 'sha256', a.sha256),
              -- A merge patch drops null members, so attachments stored before 009 have no tokens/pages keys.
              json_object('tokens', a.tokens, 'pages', a.pages))
            ORDER BY a.id)
     FROM attachments a
    WHERE a.message_id = m.id)`;

const MESSAGE_COLUMNS = sql`
  m.id, m.chat_id, m.parent_id, m.role, m.content, m.thinking, m.status, m.error_json, m.model,
  m.model_digest, m.options_json, m.metrics_json, m.created_at, m.updated_at, m.edited,
  m.params_json,
  (SELECT json_group_array(s.id ORDER BY s.created_at, s.id)
     FROM messages s
    WHERE s.chat_id = m.chat_id AND s.parent_id IS m.parent_id) AS sibling_ids_json,
  ${ATTACHMENTS_JSON} AS attachments_json,
  (SELECT g.record_json FROM image_generations g WHERE g.message_id = m.id) AS image_generation_json`;

/** The given messages in insertion order; unknown ids are skipped. */
export async function selectMessagesByIds(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<MessageRowWithRelations[]> {
  if (ids.length === 0) return [];
  const result = await sql<MessageRowWithRelations>`
    SELECT ${MESSAGE_COLUMNS}
      FROM messages m
     WHERE m.id IN (${sql.join(ids)})
     ORDER BY m.seq`.execute(db);
  return result.rows;
}

/**
 * The rows of a walk's messages, root first. `CROSS JOIN` makes SQLite walk the (few) ids and look
 * each message up by its key: with a plain JOIN the planner scans the whole messages table and probes
 * the walk, so opening a chat or building a model's context cost time in proportion to every message
 * ever stored (67 ms for a 500-message branch in a database of 112,500, against 6 ms; issue 12).
 * Checked by the query-plan test (tests/unit/history-query-plans.test.ts). A walk limited with `upTo` gives
 * only its newest messages.
 */
const ROWS_OF_WALK = sql`
    SELECT ${MESSAGE_COLUMNS}
      FROM up CROSS JOIN messages m ON m.id = up.id
     ORDER BY up.depth DESC`;

/**
 * A walk's columns: each message's id, parent and depth, and for `costs` what the context estimate reads of it
 * (`costsOfWalkAbove`). The walk reads each message's row for its parent anyway; carrying these saves the estimate a
 * second lookup of every message (a 10,000-message chat's plan cost ~40 ms of SQL with one, ~17 without). Walks
 * that read their messages' rows afterwards carry nothing more (it made a full walk ~5 % slower).
 */
const walkColumns = (costs: boolean) =>
  sql.raw(costs ? 'id, parent_id, depth, role, status, content_tokens, metrics_json' : 'id, parent_id, depth');
/** What a walk's step takes from `table` beyond id, parent and depth (`walkColumns`). */
const carried = (table: string, costs: boolean) =>
  sql.raw(costs ? `, ${table}.role, ${table}.status, ${table}.content_tokens, ${table}.metrics_json` : '');

/**
 * What the context needs of a walk's messages above its newest `skip`, as one JSON array of `MessageCost`s (one row
 * however long the walk: handing a 10,000-message walk to JS a row at a time cost more than the walk itself): role,
 * status, the text's stored estimate (migration 012; estimated here for a text that has none), files' tokens and the
 * two counters of an answer's metrics that may calibrate the estimate (read here: the whole metrics of every answer,
 * parsed in JS, cost more than the walk too). No text, no sibling ids. Ids only `withIds`. In walk order (newest
 * first), each with its depth; `readCosts` puts the root first. Metrics that are not JSON count as none here (a full
 * read of that message, `toMessage`, still fails on them as it always has).
 */
const costsOfWalkAbove = (skip: number, withIds: boolean) => sql<{ costs_json: string }>`
    SELECT json_group_array(json_array(
             up.depth, ${withIds ? sql`up.id` : sql`NULL`}, up.role, up.status,
             coalesce(up.content_tokens, (SELECT estimate_text_tokens(c.content) FROM messages c WHERE c.id = up.id)),
             iif(json_valid(up.metrics_json), up.metrics_json ->> '$.promptEvalCount', NULL),
             iif(json_valid(up.metrics_json), up.metrics_json ->> '$.droppedMessages', NULL),
             json((SELECT json_group_array(json_object('kind', a.kind, 'tokens', a.tokens))
                     FROM attachments a
                    WHERE a.message_id = up.id)))) AS costs_json
      FROM up
     WHERE up.depth >= ${skip}`;

/** A message as the context estimate reads it (`costsOfWalkAbove`): its text by estimate only. */
export type MessageCost = [
  depth: number,
  id: string | null,
  role: MessageRowWithRelations['role'],
  status: MessageRowWithRelations['status'],
  textTokens: number,
  /** An answer's `metrics.promptEvalCount` and `metrics.droppedMessages`. */
  promptEvalCount: number | null,
  droppedMessages: number | null,
  attachments: { kind: string; tokens: number | null }[],
];

/** The messages of a cost query, root first; empty when its walk found none. */
export function readCosts(rows: readonly { costs_json: string }[]): MessageCost[] {
  const costs = JSON.parse(rows[0]?.costs_json ?? '[]') as MessageCost[];
  // Deepest (the root) first. The walk yields them newest first, which this sort merely reverses.
  return costs.sort((a, b) => b[0] - a[0]);
}

/** The walk from `messageId` up to the root (depth 0 at `messageId`); empty when the message does not exist. */
/** How far a walk goes (its newest `depths` messages, else to the root) and whether it carries the costs. */
interface WalkOptions {
  depths?: number;
  costs?: boolean;
}

const pathWalk = (messageId: string, { depths, costs = false }: WalkOptions = {}) => sql`
    WITH RECURSIVE up(${walkColumns(costs)}) AS (
      SELECT id, parent_id, 0 ${carried('messages', costs)} FROM messages WHERE id = ${messageId}
      UNION ALL
      SELECT p.id, p.parent_id, up.depth + 1 ${carried('p', costs)} FROM messages p JOIN up ON p.id = up.parent_id ${upTo(depths)}
    )`;

/** Root → `messageId` inclusive; empty when the message does not exist. */
export function pathQuery(messageId: string) {
  return sql<MessageRowWithRelations>`${pathWalk(messageId)} ${ROWS_OF_WALK}`;
}

/**
 * What a model's context reads of a message it keeps: role, status, text and its files (what `withFileContext` and
 * the images need). Not the siblings, metrics, params or options a full row (`MESSAGE_COLUMNS`) carries: the kept
 * turns of a send cost half as much to read without them.
 */
export interface MessageTurnRow {
  role: MessageRowWithRelations['role'];
  status: MessageRowWithRelations['status'];
  content: string;
  attachments_json: string;
}

/** Root → `messageId` inclusive, the newest `newest` only, as `MessageTurnRow`s; empty when the message does not exist. */
export function pathTurnsQuery(messageId: string, newest: number) {
  return sql<MessageTurnRow>`${pathWalk(messageId, { depths: newest })}
    SELECT m.role, m.status, m.content, ${ATTACHMENTS_JSON} AS attachments_json
      FROM up CROSS JOIN messages m ON m.id = up.id
     ORDER BY up.depth DESC`;
}

export async function selectPath(db: Kysely<Database>, messageId: string): Promise<MessageRowWithRelations[]> {
  return (await pathQuery(messageId).execute(db)).rows;
}

/** What the context estimate needs of every message root → `messageId` (`costsOfWalkAbove`, `readCosts`). */
export function pathCostsQuery(messageId: string) {
  return sql<{ costs_json: string }>`${pathWalk(messageId, { costs: true })} ${costsOfWalkAbove(0, false)}`;
}

/**
 * The recursive step of a walk that needs only its newest `depths` messages: it stops there instead of walking on
 * to the root (a 10,000-message chat's newest page, or a context's newest messages, need not walk the rest).
 */
const upTo = (depths?: number) => (depths === undefined ? sql`` : sql`WHERE up.depth + 1 < ${depths}`);

/**
 * The walk root → leaf through `startId`: from `startId` it descends along the newest child until a leaf,
 * then walks up to the root (`up`, depth 0 at the leaf). Empty when `startId` is not a message of `chatId`.
 */
const branchWalk = (chatId: string, startId: string, { depths, costs = false }: WalkOptions = {}) => sql`
    WITH RECURSIVE
      down(id, depth) AS (
        SELECT id, 0 FROM messages WHERE id = ${startId} AND chat_id = ${chatId}
        UNION ALL
        SELECT (SELECT c.id FROM messages c
                 WHERE c.parent_id = down.id
                 ORDER BY c.created_at DESC, c.id DESC
                 LIMIT 1),
               down.depth + 1
          FROM down
         WHERE down.id IS NOT NULL
      ),
      leaf(id) AS (SELECT id FROM down WHERE id IS NOT NULL ORDER BY depth DESC LIMIT 1),
      up(${walkColumns(costs)}) AS (
        SELECT l.id, l.parent_id, 0 ${carried('l', costs)} FROM messages l JOIN leaf ON l.id = leaf.id
        UNION ALL
        SELECT p.id, p.parent_id, up.depth + 1 ${carried('p', costs)} FROM messages p JOIN up ON p.id = up.parent_id ${upTo(depths)}
      )`;

/** The walk from the parent of `beforeId` up to the root (depth 0 at the parent). Empty for a root or a message not of `chatId`. */
const aboveWalk = (chatId: string, beforeId: string, { depths, costs = false }: WalkOptions = {}) => sql`
    WITH RECURSIVE
      up(${walkColumns(costs)}) AS (
        SELECT p.id, p.parent_id, 0 ${carried('p', costs)}
          FROM messages b CROSS JOIN messages p ON p.id = b.parent_id
         WHERE b.id = ${beforeId} AND b.chat_id = ${chatId}
        UNION ALL
        SELECT p.id, p.parent_id, up.depth + 1 ${carried('p', costs)} FROM messages p JOIN up ON p.id = up.parent_id ${upTo(depths)}
      )`;

/** Root → leaf through `startId` (see `branchWalk`); empty when `startId` is not a message of `chatId`. */
export function branchQuery(chatId: string, startId: string) {
  return sql<MessageRowWithRelations>`${branchWalk(chatId, startId)} ${ROWS_OF_WALK}`;
}

export async function selectBranch(
  db: Kysely<Database>,
  chatId: string,
  startId: string,
): Promise<MessageRowWithRelations[]> {
  return (await branchQuery(chatId, startId).execute(db)).rows;
}

/** Where a page of a branch ends: at a leaf (the branch through `leaf`), or just above `before`. */
export type BranchEnd = { leaf: string } | { before: string };

const walkTo = (chatId: string, end: BranchEnd, options: WalkOptions = {}) =>
  'leaf' in end ? branchWalk(chatId, end.leaf, options) : aboveWalk(chatId, end.before, options);

/** The newest `limit` messages of the walk to `end`, root-ward first. */
export function newestQuery(chatId: string, end: BranchEnd, limit: number) {
  return sql<MessageRowWithRelations>`${walkTo(chatId, end, { depths: limit })} ${ROWS_OF_WALK}`;
}

/** What the context estimate needs of the messages of the walk to `end` above its newest `skip`, with ids (`readCosts`). */
export function costsAboveQuery(chatId: string, end: BranchEnd, skip: number) {
  return sql<{ costs_json: string }>`${walkTo(chatId, end, { costs: true })} ${costsOfWalkAbove(skip, true)}`;
}
