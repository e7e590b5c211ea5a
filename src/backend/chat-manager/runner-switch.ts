/**
 * Hands each generation to the runner of its model: the image runner when the model makes images
 * (on Ollama or on the image server), the text runner otherwise. Both report a RunEnd, so queueing,
 * cancel and settling are the same for both.
 */
import type { Generation } from './generation';
import type { RunEnd } from './generation-outcome';
import type { GenerationRunner } from './generation-runner';
import type { ImageGenerationRunner } from './image-generation-runner';

export class RunnerSwitch {
  constructor(
    private readonly text: GenerationRunner,
    private readonly image: ImageGenerationRunner | null,
  ) {}

  async run(g: Generation): Promise<RunEnd> {
    if (this.image) {
      // A failed lookup (Ollama down, no image server) leaves the answer to the text runner, whose error says why.
      const resolved = await this.image.backends.resolve(g.model).catch(() => null);
      if (resolved) return this.image.run(g, resolved);
      // Not the text runner's "model not found": the model is on an image server no longer configured.
      if (await this.image.isUnconfiguredServerModel(g.model).catch(() => false)) return this.image.notConfigured(g);
    }
    return this.text.run(g);
  }
}
