/** The only module that speaks to Ollama. Everything else uses OllamaGateway and its plain types. */

export { normalizeOllamaHost } from '../../shared/ollama-host';
export { OllamaClient } from './client';
export type {
  ChatStreamPart,
  ChatStreamRequest,
  ChatTurn,
  OllamaFinalCounters,
  OllamaGateway,
  PullProgress,
} from './types';
