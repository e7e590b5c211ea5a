import {
  DeleteQueryNode,
  InsertQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  TableNode,
  type UnknownRow,
  UpdateQueryNode,
} from 'kysely';

function tableName(node: OperationNode | undefined): string {
  return node && TableNode.is(node) ? node.table.identifier.name : '?';
}

/** "INSERT messages", "UPDATE chats", "DELETE answer_metrics": what a write statement does, to what. */
function describeWrite(node: RootOperationNode): string | null {
  if (InsertQueryNode.is(node)) return `INSERT ${tableName(node.into)}`;
  if (UpdateQueryNode.is(node)) return `UPDATE ${tableName(node.table)}`;
  if (DeleteQueryNode.is(node)) return `DELETE ${tableName(node.from.froms[0])}`;
  return null;
}

/**
 * Counts INSERT/UPDATE/DELETE statements that ran successfully (trigger work is not counted), in
 * total and by statement and table, so a benchmark can say what each write was.
 */
export class WriteCounter implements KyselyPlugin {
  #count = 0;
  readonly #byStatement = new Map<string, number>();
  readonly #pendingWrites = new WeakMap<QueryId, string>();

  get count(): number {
    return this.#count;
  }

  /** A copy of the counts by statement ("UPDATE messages" → n) since the database was opened. */
  byStatement(): Map<string, number> {
    return new Map(this.#byStatement);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const what = describeWrite(args.node);
    if (what !== null) this.#pendingWrites.set(args.queryId, what);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const what = this.#pendingWrites.get(args.queryId);
    if (what !== undefined) {
      this.#pendingWrites.delete(args.queryId);
      this.#count += 1;
      this.#byStatement.set(what, (this.#byStatement.get(what) ?? 0) + 1);
    }
    return args.result;
  }
}
