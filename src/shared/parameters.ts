/**
 * The one catalogue of the generation parameters a chat or a preset may set: each one's valid
 * range or values, Ollama's default, and a one-line explanation. The server's zod schema of
 * ChatOptions is built from it (src/backend/schemas/parameters.ts) and the GUI renders its fields
 * and hints from it, so a range is written here and nowhere else.
 */
import { type ChatOptions, THINK_LEVELS } from './api';
import { KEEP_ALIVE_MAX_SECONDS } from './model-name';

/** Keys of ChatOptions, in the order the GUI shows them. */
export type ParameterKey = keyof ChatOptions;

interface ParameterBase<K extends ParameterKey> {
  key: K;
  label: string;
  /** What Ollama (or the model) uses when the field is left empty. */
  defaultText: string;
  /** One line: what the parameter does. */
  help: string;
}

export interface NumberParameter extends ParameterBase<NumericKey> {
  kind: 'number';
  integer: boolean;
  min: number;
  max: number;
  /** Values with a meaning of their own (e.g. -1 = no limit). */
  special?: string;
}

export interface StopParameter extends ParameterBase<'stop'> {
  kind: 'stop';
  maxItems: number;
  maxChars: number;
}

export interface KeepAliveParameter extends ParameterBase<'keep_alive'> {
  kind: 'keep_alive';
  minSeconds: number;
  maxSeconds: number;
}

export interface ThinkParameter extends ParameterBase<'think'> {
  kind: 'think';
  values: readonly (boolean | (typeof THINK_LEVELS)[number])[];
}

export interface FormatParameter extends ParameterBase<'format'> {
  kind: 'format';
  values: readonly 'json'[];
}

export type NumericKey =
  | 'temperature'
  | 'top_p'
  | 'top_k'
  | 'min_p'
  | 'num_ctx'
  | 'num_predict'
  | 'seed'
  | 'repeat_penalty';

export type Parameter = NumberParameter | StopParameter | KeepAliveParameter | ThinkParameter | FormatParameter;

const num = (p: Omit<NumberParameter, 'kind'>): NumberParameter => ({ kind: 'number', ...p });

/** Largest seed llama.cpp keeps (it stores the seed as an unsigned 32-bit number). */
const SEED_MAX = 4_294_967_295;

export const NUMBER_PARAMETERS = {
  temperature: num({
    key: 'temperature',
    label: 'Temperature',
    integer: false,
    min: 0,
    max: 5,
    defaultText: '0.8',
    help: 'Randomness of the answer: lower is more focused and repeatable, higher more varied.',
  }),
  top_p: num({
    key: 'top_p',
    label: 'Top P',
    integer: false,
    min: 0,
    max: 1,
    defaultText: '0.9',
    help: 'Samples only from the likeliest tokens whose probabilities add up to this share.',
  }),
  top_k: num({
    key: 'top_k',
    label: 'Top K',
    integer: true,
    min: 0,
    max: 1000,
    defaultText: '40',
    help: 'Samples only from this many likeliest tokens; 0 turns the limit off.',
  }),
  min_p: num({
    key: 'min_p',
    label: 'Min P',
    integer: false,
    min: 0,
    max: 1,
    defaultText: '0',
    help: 'Drops tokens less likely than this fraction of the likeliest one.',
  }),
  num_ctx: num({
    key: 'num_ctx',
    label: 'Context length (tokens)',
    integer: true,
    min: 256,
    max: 4_194_304,
    defaultText: 'the model’s default',
    help: 'How many tokens of conversation the model sees at once; more needs more memory.',
  }),
  num_predict: num({
    key: 'num_predict',
    label: 'Max answer tokens',
    integer: true,
    min: -2,
    max: 4_194_304,
    defaultText: '-1 (no limit)',
    special: '-1 = no limit, -2 = fill the context',
    help: 'Stops the answer after this many tokens.',
  }),
  seed: num({
    key: 'seed',
    label: 'Seed',
    integer: true,
    min: -1,
    max: SEED_MAX,
    defaultText: 'random',
    special: '-1 = random',
    help: 'The same seed, prompt and settings give the same answer.',
  }),
  repeat_penalty: num({
    key: 'repeat_penalty',
    label: 'Repeat penalty',
    integer: false,
    min: 0,
    max: 5,
    defaultText: '1.1',
    help: 'Above 1 discourages repeating recent tokens; 1 turns it off.',
  }),
} as const satisfies Record<NumericKey, NumberParameter>;

export const STOP_PARAMETER: StopParameter = {
  kind: 'stop',
  key: 'stop',
  label: 'Stop sequences',
  maxItems: 16,
  maxChars: 200,
  defaultText: 'the model’s own',
  help: 'The answer ends where the model writes one of these (one per line).',
};

export const KEEP_ALIVE_PARAMETER: KeepAliveParameter = {
  kind: 'keep_alive',
  key: 'keep_alive',
  label: 'Keep model loaded for',
  minSeconds: -1,
  maxSeconds: KEEP_ALIVE_MAX_SECONDS,
  defaultText: 'the model’s or app’s setting (Ollama: 5m)',
  help: 'How long the model stays in memory after an answer: seconds, 10m, 1h, or -1 for ever.',
};

export const THINK_PARAMETER: ThinkParameter = {
  kind: 'think',
  key: 'think',
  label: 'Thinking',
  values: [true, false, ...THINK_LEVELS],
  defaultText: 'the model’s default (on)',
  help: 'Reasoning models think before answering; low/medium/high set how much (where supported).',
};

export const FORMAT_PARAMETER: FormatParameter = {
  kind: 'format',
  key: 'format',
  label: 'JSON output',
  values: ['json'],
  defaultText: 'off (free text)',
  help: 'Forces the answer to be valid JSON; say in the prompt what shape you want.',
};

/** Every parameter, in display order. */
export const PARAMETERS: readonly Parameter[] = [
  NUMBER_PARAMETERS.temperature,
  NUMBER_PARAMETERS.top_p,
  NUMBER_PARAMETERS.top_k,
  NUMBER_PARAMETERS.min_p,
  NUMBER_PARAMETERS.num_ctx,
  NUMBER_PARAMETERS.num_predict,
  NUMBER_PARAMETERS.seed,
  NUMBER_PARAMETERS.repeat_penalty,
  STOP_PARAMETER,
  KEEP_ALIVE_PARAMETER,
  THINK_PARAMETER,
  FORMAT_PARAMETER,
];

/** "0 to 5", "a whole number from 256 to 4194304": the range as the hint under a field says it. */
export function rangeText(p: Parameter): string {
  switch (p.kind) {
    case 'number':
      return `${p.integer ? 'a whole number' : 'a number'} from ${p.min} to ${p.max}${p.special ? ` (${p.special})` : ''}`;
    case 'stop':
      return `up to ${p.maxItems} sequences of at most ${p.maxChars} characters`;
    case 'keep_alive':
      return `seconds from ${p.minSeconds} to ${p.maxSeconds}, or a duration such as 10m or 1h30m`;
    case 'think':
      return 'on, off, low, medium or high';
    case 'format':
      return 'json, or empty for free text';
  }
}

/** The reason a value is refused, naming the parameter and its range (server and GUI word it alike). */
export function parameterError(p: Parameter): string {
  return `${p.key} must be ${rangeText(p)}`;
}

export type ParameterCheck<T> = { ok: true; value: T } | { ok: false; error: string };

/** Checks one number against its parameter (used by the GUI to mark a field before it sends). */
export function checkNumber(p: NumberParameter, value: number): ParameterCheck<number> {
  if (!Number.isFinite(value) || value < p.min || value > p.max || (p.integer && !Number.isInteger(value))) {
    return { ok: false, error: parameterError(p) };
  }
  return { ok: true, value };
}
