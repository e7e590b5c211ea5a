/**
 * Ties each zod schema to its type in src/shared/: `matches<Chat>()(z.object({...}))` compiles only
 * when what the schema parses to is exactly `Chat` (no missing, extra, optional-vs-required or
 * differently typed field, in either direction), so the contract and its validation cannot drift.
 */
import type * as z from 'zod';

/** True only for identical types (mutual assignability is too weak: it ignores optional vs required). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * Returns the schema unchanged. A mismatch shows as "Expected 2 arguments, but got 1" at the call:
 * the rest parameter turns into `[never]` so the call cannot be written.
 */
export function matches<T>() {
  return <S extends z.ZodType>(schema: S, ..._mismatch: Equals<z.output<S>, T> extends true ? [] : [never]): S =>
    schema;
}
