import {
  DeleteQueryNode,
  InsertQueryNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  UpdateQueryNode,
} from 'kysely';

/** Counts INSERT/UPDATE/DELETE statements that ran successfully (trigger work is not counted). */
export class WriteCounter implements KyselyPlugin {
  #count = 0;
  readonly #pendingWrites = new WeakSet<QueryId>();

  get count(): number {
    return this.#count;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (InsertQueryNode.is(node) || UpdateQueryNode.is(node) || DeleteQueryNode.is(node)) {
      this.#pendingWrites.add(args.queryId);
    }
    return node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#pendingWrites.delete(args.queryId)) this.#count += 1;
    return args.result;
  }
}
