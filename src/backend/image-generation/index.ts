/** Image generation backends: Ollama image models (through ollama-client) and OpenAI-compatible image servers. */
export { ImageBackends, type ImageBackendsOptions, type ResolvedImageModel } from './image-backends';
export { OpenAiImageClient, type OpenAiImageRequest, type OpenAiImageResult } from './openai-image-client';
