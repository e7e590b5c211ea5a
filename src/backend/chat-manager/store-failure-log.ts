/**
 * A chat deleted while its answer streams makes the answer's last writes fail: an expected race,
 * logged at debug. Any other storage failure stays an error.
 */
import { ERROR_CODES } from '../../shared/error-codes';
import type { Logger } from '../../utils/logger';
import { isAppError } from '../errors';

export function isGoneRecordError(err: unknown): boolean {
  if (isAppError(err)) return err.code === ERROR_CODES.notFound;
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

export function logStoreFailure(logger: Logger, err: unknown, generation: string, what: string): void {
  if (isGoneRecordError(err)) logger.debug({ err, generation }, `${what}: its chat was deleted meanwhile`);
  else logger.error({ err, generation }, what);
}
