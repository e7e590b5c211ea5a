/** Query of `GET /api/search` and the path parameter of `GET /api/blobs/:sha256`. */
import * as z from 'zod';
import { MAX_ID_CHARS } from '../../shared/limits';
import { MODEL_NAME_MAX } from '../../shared/model-name';
import { MAX_SEARCH_QUERY_CHARS, SEARCH_LIMIT, type SearchQuery } from '../../shared/search-api';
import { matches } from './contract-check';

/** `2026-12-03` or a full ISO date-time such as `2026-12-03T10:00:00Z`. */
const DateBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const SearchQuerySchema = matches<SearchQuery>()(
  z.object({
    // Any text is a valid query (the server makes it safe); only its length is bounded.
    q: z.string().max(MAX_SEARCH_QUERY_CHARS).default(''),
    model: z.string().min(1).max(MODEL_NAME_MAX).optional(),
    from: DateBound.optional(),
    to: DateBound.optional(),
    cursor: z.string().min(1).max(MAX_ID_CHARS).optional(),
    limit: z.coerce.number().int().min(SEARCH_LIMIT.min).max(SEARCH_LIMIT.max).default(SEARCH_LIMIT.default),
  }),
);

export const Sha256ParamSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/u, 'must be 64 lowercase hex digits (a SHA-256)'),
});
