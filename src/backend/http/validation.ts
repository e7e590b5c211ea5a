/** zod validation at the HTTP edge: every failure becomes a ValidationError with the issues in details. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ValidationError } from '../errors';

export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const first = issues[0];
      const summary = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid input';
      throw new ValidationError(`Invalid ${target === 'json' ? 'request body' : target}: ${summary}`, issues);
    }
  });
}

/** For endpoints whose JSON body may be omitted: an empty body counts as `{}`. */
export async function optionalJsonBody<T extends z.ZodType>(req: Request, schema: T): Promise<z.infer<T>> {
  const text = await req.text();
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ValidationError('The request body is not valid JSON.');
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ValidationError(`Invalid request body: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`.trim(), parsed.error.issues);
  }
  return parsed.data;
}
