/** Image generation backends: Ollama image models (through ollama-client) and OpenAI-compatible image servers. */
export { ImageBackends, type ResolvedImageModel } from './image-backends';
export { OpenAiImageClient } from './openai-image-client';
