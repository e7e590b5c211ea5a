/**
 * The fake's view of registry.ollama.ai (which names can be pulled, their manifest digest and layers)
 * and of the local blob store (which layers, or parts of them, are already on disk).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Behaviour, ModelCatalogue, NewModelSpec } from './catalogue';
import { normalizeModelName } from './catalogue';

export interface RegistryLayer {
  /** `sha256:<64 hex>`, as pull progress reports it. */
  digest: string;
  size: number;
}

export interface RegistryModel {
  spec: Omit<NewModelSpec, 'digest' | 'size'>;
  /** Manifest digest: what /api/tags shows once the model is installed (64 hex, no prefix). */
  digest: string;
  layers: RegistryLayer[];
  /** Scenario: the download breaks off with an error line part-way through the big layer. */
  failMidway: boolean;
}

/** Template, license, params, system and config blobs, sized like the fixture's. */
const SMALL_LAYER_SIZES = [1429, 7711, 6016, 96, 561];
const SMALL_LAYERS_TOTAL = SMALL_LAYER_SIZES.reduce((a, b) => a + b, 0);

export const BROKEN_PULL_MODEL = 'broken-pull:latest';

const sha256 = (seed: string): string => createHash('sha256').update(seed).digest('hex');

type ExtraSpec = Omit<NewModelSpec, 'digest'> & { failMidway?: boolean };

const base = {
  behaviour: 'echo' as Behaviour,
  arch: 'llama',
  parameterSize: '1.2B',
  parameterCount: 1_235_814_432,
  quantization: 'Q4_K_M',
  contextLength: 8192,
  embeddingLength: 2048,
  capabilities: ['completion'],
};

/** Models the registry offers that are not installed at start. */
const NOT_INSTALLED: ExtraSpec[] = [
  {
    ...base,
    name: 'qwen3:0.6b',
    behaviour: 'thinking',
    arch: 'qwen3',
    parameterSize: '751.63M',
    parameterCount: 751_632_384,
    contextLength: 40960,
    embeddingLength: 1024,
    capabilities: ['completion', 'tools', 'thinking'],
    size: 522_653_767,
  },
  {
    ...base,
    name: 'gemma3:1b',
    arch: 'gemma3',
    parameterSize: '999.89M',
    parameterCount: 999_885_952,
    contextLength: 32768,
    embeddingLength: 1152,
    size: 815_319_791,
  },
  {
    ...base,
    name: 'tinyllama:latest',
    parameterSize: '1B',
    quantization: 'Q4_0',
    contextLength: 2048,
    size: 637_700_138,
  },
  { ...base, name: 'hf.co/org/repo:Q4_K_M', capabilities: ['completion', 'tools'], size: 807_694_464 },
  { ...base, name: BROKEN_PULL_MODEL, size: 1_000_000_000, failMidway: true },
];

/** llama3.2's layers are the ones in the fixture pull-progress.ndjson. */
function fixtureLayers(): RegistryLayer[] {
  const text = readFileSync(new URL('./fixtures/pull-progress.ndjson', import.meta.url), 'utf8');
  const layers = new Map<string, number>();
  for (const line of text.trimEnd().split('\n')) {
    const p = JSON.parse(line) as { digest?: string; total?: number };
    if (p.digest && p.total) layers.set(p.digest, p.total);
  }
  return [...layers].map(([digest, size]) => ({ digest, size }));
}

function bigLayerDigest(name: string, manifestDigest: string): string {
  return `sha256:${sha256(`${name}@${manifestDigest}/model`)}`;
}

function layersFor(name: string, manifestDigest: string, size: number): RegistryLayer[] {
  // Small layers depend on the name only, so a new version re-downloads just the big one.
  const small = SMALL_LAYER_SIZES.map((s, i) => ({ digest: `sha256:${sha256(`${name}/layer-${i}`)}`, size: s }));
  return [{ digest: bigLayerDigest(name, manifestDigest), size: Math.max(1, size - SMALL_LAYERS_TOTAL) }, ...small];
}

export class FakeRegistry {
  private readonly models = new Map<string, RegistryModel>();

  /** Everything installed is on the registry at the installed version, plus the not-installed extras. */
  constructor(catalogue: ModelCatalogue, blobs: LocalBlobs) {
    const fixture = fixtureLayers();
    for (const m of catalogue.list()) {
      const show = m.show as { model_info?: Record<string, unknown> };
      const spec = {
        name: m.name,
        behaviour: m.behaviour,
        arch: m.tags.details.family,
        parameterSize: m.tags.details.parameter_size,
        parameterCount: Number(show.model_info?.['general.parameter_count'] ?? 0),
        quantization: m.tags.details.quantization_level,
        contextLength: m.tags.details.context_length ?? 4096,
        embeddingLength: m.tags.details.embedding_length ?? 2048,
        capabilities: m.capabilities,
      };
      const layers = m.name === 'llama3.2:latest' ? fixture : layersFor(m.name, m.tags.digest, m.tags.size);
      this.models.set(m.name.toLowerCase(), { spec, digest: m.tags.digest, layers, failMidway: false });
      for (const layer of layers) blobs.set(layer.digest, layer.size);
      blobs.writeManifest(m.name, layers);
    }
    for (const { failMidway, size, ...spec } of NOT_INSTALLED) {
      const digest = sha256(`registry/${spec.name}`);
      const name = normalizeModelName(spec.name);
      this.models.set(name.toLowerCase(), {
        spec: { ...spec, name },
        digest,
        layers: layersFor(name, digest, size),
        failMidway: failMidway ?? false,
      });
    }
  }

  find(requestName: string): RegistryModel | undefined {
    return this.models.get(normalizeModelName(requestName).toLowerCase());
  }

  /** Downloads of this model break off part-way from now on (as broken-pull's always do). */
  breakDownloads(name: string): void {
    const entry = this.find(name);
    if (!entry) throw new Error(`fake-ollama: the registry has no '${name}'`);
    entry.failMidway = true;
  }

  /**
   * Publishes a new version: a new manifest digest and a new big layer of the same size. A name the
   * registry does not know yet is added as a small echo model.
   */
  setDigest(name: string, digest: string): void {
    if (!/^[0-9a-f]{64}$/.test(digest)) {
      throw new Error(`fake-ollama: digest must be 64 hex characters, got '${digest}'`);
    }
    const entry = this.find(name);
    if (!entry) {
      const full = normalizeModelName(name);
      this.models.set(full.toLowerCase(), {
        spec: { ...base, name: full },
        digest,
        layers: layersFor(full, digest, 807_694_464),
        failMidway: false,
      });
      return;
    }
    if (entry.digest === digest) return;
    entry.digest = digest;
    const [big, ...small] = entry.layers;
    entry.layers = [{ digest: bigLayerDigest(entry.spec.name, digest), size: big?.size ?? 1 }, ...small];
  }
}

/**
 * The local models directory: bytes of each blob on disk (complete when equal to its size; partial
 * blobs resume) and the layers each installed manifest uses.
 */
export class LocalBlobs {
  private readonly bytes = new Map<string, number>();
  private readonly manifests = new Map<string, RegistryLayer[]>();

  manifest(name: string): RegistryLayer[] | undefined {
    return this.manifests.get(normalizeModelName(name).toLowerCase());
  }

  /** Writes a manifest; returns the layers of the previous one that no manifest uses any more. */
  writeManifest(name: string, layers: RegistryLayer[]): RegistryLayer[] {
    const old = this.manifest(name) ?? [];
    this.manifests.set(normalizeModelName(name).toLowerCase(), layers);
    return this.prune(old);
  }

  /** `ollama rm`: the manifest goes, and the blobs only it used. */
  removeManifest(name: string): void {
    const old = this.manifest(name) ?? [];
    this.manifests.delete(normalizeModelName(name).toLowerCase());
    this.prune(old);
  }

  private prune(candidates: RegistryLayer[]): RegistryLayer[] {
    const used = new Set<string>();
    for (const layers of this.manifests.values()) for (const l of layers) used.add(l.digest);
    const unused = candidates.filter((l) => !used.has(l.digest));
    for (const l of unused) this.bytes.delete(l.digest);
    return unused;
  }

  get(digest: string): number {
    return this.bytes.get(digest) ?? 0;
  }

  set(digest: string, bytes: number): void {
    this.bytes.set(digest, bytes);
  }
}
