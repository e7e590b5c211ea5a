import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/backend/errors';
import { ModelCatalog } from '../../src/backend/model-manager/model-catalog';
import type { OllamaGateway } from '../../src/backend/ollama-client';
import type { ModelSummary } from '../../src/shared/api';
import { ERROR_CODES } from '../../src/shared/error-codes';
import { createLogger } from '../../src/utils/logger';

const llama: ModelSummary = {
  name: 'llama3.2:latest',
  size: 1,
  digest: 'a'.repeat(64),
  modifiedAt: '2026-01-01T00:00:00Z',
  family: 'llama',
  parameterSize: '3B',
  quantization: 'Q4_K_M',
  capabilities: ['completion'],
  contextLength: 131072,
  canChat: true,
};

/** An Ollama whose /api/tags is down until `up` is set, counting the requests it gets. */
function gateway() {
  const g = {
    up: false,
    asked: 0,
    async listModels(): Promise<ModelSummary[]> {
      g.asked += 1;
      if (!g.up) throw new NetworkError(ERROR_CODES.ollamaUnreachable, 'Ollama is not reachable');
      return [llama];
    },
  };
  return g;
}

describe('ModelCatalog while Ollama is down', () => {
  it('asks once for the lookups that follow one another, and again after a second', async () => {
    const g = gateway();
    let now = 0;
    const catalog = new ModelCatalog(g as unknown as OllamaGateway, 60_000, createLogger('silent'), () => now);
    for (let i = 0; i < 3; i++) await expect(catalog.find('llama3.2')).rejects.toThrow('not reachable');
    expect(g.asked).toBe(1);
    now = 1_000;
    g.up = true;
    expect((await catalog.find('llama3.2'))?.name).toBe('llama3.2:latest');
    expect(g.asked).toBe(2);
  });

  it('asks at once when told to refresh or that the list is stale (Ollama came back)', async () => {
    const g = gateway();
    const catalog = new ModelCatalog(g as unknown as OllamaGateway, 60_000, createLogger('silent'), () => 0);
    await expect(catalog.list()).rejects.toThrow();
    g.up = true;
    expect((await catalog.list({ refresh: true })).models).toHaveLength(1);
    g.up = false;
    catalog.invalidate();
    await expect(catalog.list()).rejects.toThrow();
    g.up = true;
    catalog.invalidate();
    expect((await catalog.list()).models).toHaveLength(1);
    expect(g.asked).toBe(4);
  });

  it('known() answers from a stale list at once and refreshes it behind; a model not listed is looked up', async () => {
    const g = gateway();
    g.up = true;
    let now = 0;
    const catalog = new ModelCatalog(g as unknown as OllamaGateway, 60_000, createLogger('silent'), () => now);
    expect((await catalog.known('llama3.2'))?.name).toBe('llama3.2:latest');
    expect(g.asked).toBe(1);
    now = 120_000;
    g.up = false;
    expect((await catalog.known('llama3.2'))?.name).toBe('llama3.2:latest');
    expect(g.asked).toBe(2);
    await expect(catalog.known('qwen3')).rejects.toThrow('not reachable');
  });
});
