import type { GenerationMetrics } from '../../shared/api';
import type { OllamaFinalCounters } from '../ollama-client';

/** Ollama's final counters plus the server-measured time to first token, with rates derived. */
export function toGenerationMetrics(
  c: OllamaFinalCounters,
  ttftMs: number | null,
  droppedMessages = 0,
): GenerationMetrics {
  const rate = (count: number, ms: number) => (ms > 0 ? Math.round((count / ms) * 1000 * 100) / 100 : null);
  return {
    ttftMs: ttftMs === null ? null : Math.round(ttftMs * 10) / 10,
    totalDurationMs: c.totalDurationMs,
    loadDurationMs: c.loadDurationMs,
    promptEvalCount: c.promptEvalCount,
    promptEvalDurationMs: c.promptEvalDurationMs,
    evalCount: c.evalCount,
    evalDurationMs: c.evalDurationMs,
    tokensPerSecond: rate(c.evalCount, c.evalDurationMs),
    promptTokensPerSecond: rate(c.promptEvalCount, c.promptEvalDurationMs),
    doneReason: c.doneReason,
    ...(droppedMessages > 0 ? { droppedMessages } : {}),
  };
}
