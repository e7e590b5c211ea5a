/** The Ollama payload fixtures in ./fixtures (see its README.md), read once and typed. */
import { readFileSync } from 'node:fs';

export interface WireDetails {
  parent_model: string;
  format: string;
  family: string;
  families: string[];
  parameter_size: string;
  quantization_level: string;
  context_length?: number;
  embedding_length?: number;
}

export interface WireTagsModel {
  name: string;
  model: string;
  modified_at: string;
  size: number;
  digest: string;
  details: WireDetails;
  capabilities?: string[];
}

export interface WirePsModel {
  name: string;
  model: string;
  size: number;
  digest: string;
  details: WireDetails;
  expires_at: string;
  size_vram: number;
  context_length: number;
}

export type WireShow = Record<string, unknown> & { details: WireDetails; model_info: Record<string, unknown> };

function readJson<T>(file: string): T {
  // Parsed as-is: the fixtures are hand-checked against Ollama's Go types.
  return JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')) as T;
}

export const fixtures = {
  tags: readJson<{ models: WireTagsModel[] }>('tags.json'),
  ps: readJson<{ models: WirePsModel[] }>('ps.json'),
  show: {
    'llama3.2:latest': readJson<WireShow>('show-llama3.2.json'),
    'llava:latest': readJson<WireShow>('show-llava.json'),
  } as Record<string, WireShow | undefined>,
  version: readJson<{ version: string }>('version.json'),
};
