// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelNameSchema, UpdateModelPreferencesBodySchema } from '../../src/backend/schemas';
import {
  formatBytes,
  formatEta,
  formatExpiry,
  formatSeconds,
  formatSpeed,
  parameterCount,
  percentOf,
  processorSplit,
  sameDigest,
  shortDigest,
  splitModelName,
} from '../../src/gui/model-selector/format';
import { JobCard, jobPercent, jobStatsText } from '../../src/gui/model-selector/job-card';
import { displayModelName, jobErrorText, phaseText } from '../../src/gui/model-selector/job-text';
import { histogram, median, niceStep } from '../../src/gui/model-selector/metrics-math';
import { matchesFilter, sortModels } from '../../src/gui/model-selector/model-table';
import { OlderVersionMarker } from '../../src/gui/model-selector/older-version-marker';
import type { ModelSummary } from '../../src/shared/api';
import { KEEP_ALIVE_DURATION_PATTERN, parseKeepAlive, validateModelName } from '../../src/shared/model-name';
import type { Job } from '../../src/shared/models-api';

afterEach(cleanup);

const NAMES = [
  'llama3.2',
  'llama3.2:latest',
  'qwen3:0.6b',
  'hf.co/org/repo:Q4_K_M',
  'registry.example.com:5000/ns/model:tag',
  'library/llama3.2:3b-instruct-q4_K_M',
  'a',
  'A_b-c.d',
  'ns/sub/model',
  '',
  ' ',
  'has space',
  ':tag',
  'name:',
  '-leading',
  '.leading',
  'name:-tag',
  'a/b/c/d/e',
  'name:tag:more',
  'ünïcode',
  'x'.repeat(80),
  'x'.repeat(81),
  `host/${'n'.repeat(80)}:${'t'.repeat(128)}`,
  `host/${'n'.repeat(80)}:${'t'.repeat(129)}`,
  'model/',
  '/model',
  'name:_under',
  'http://host/model',
  'host:99999/model',
  'host:123456/model',
];

describe('model name validation mirrors the shared contract', () => {
  it.each(NAMES)('accepts or refuses %j exactly like ModelNameSchema', (name) => {
    const server = ModelNameSchema.safeParse(name).success;
    expect(validateModelName(name) === null).toBe(server);
  });

  it('says what to fix', () => {
    expect(validateModelName('')).toMatch(/Enter a model name/);
    expect(validateModelName('has space')).toMatch(/no spaces/);
    expect(validateModelName(':x')).toMatch(/Not a valid model name/);
    expect(validateModelName('  qwen3:0.6b  ')).toBeNull();
  });

  it('keep-alive durations follow the preferences schema', () => {
    const schemaPattern = UpdateModelPreferencesBodySchema.shape.keepAlive;
    for (const text of ['5m', '1h30m', '-1m', '0', '300', '-1', '10', '1.5h', 'abc', '5 m', '-2', '31536001', '']) {
      const parsed = parseKeepAlive(text);
      if (text === '') {
        expect(parsed).toEqual({ ok: true, value: null });
        continue;
      }
      const value = parsed.ok ? parsed.value : text;
      expect(parsed.ok, text).toBe(schemaPattern.safeParse(value).success);
    }
    expect(parseKeepAlive('300')).toEqual({ ok: true, value: 300 });
    expect(parseKeepAlive('10m')).toEqual({ ok: true, value: '10m' });
    expect(KEEP_ALIVE_DURATION_PATTERN.test('1h30m')).toBe(true);
  });
});

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: 'job-1',
    kind: 'pull',
    model: 'llama3.2',
    status: 'running',
    phase: 'pulling dde5aa3fc5ff',
    completed: 1_200_000_000,
    total: 2_000_000_000,
    layers: [
      {
        digest: 'sha256:dde5aa3fc5ffc17176b5e8bdc82f587b24b2678c6c66101bf7da77af9f7ccdff',
        total: 2_000_000_000,
        completed: 1_200_000_000,
      },
    ],
    bytesPerSecond: 25_300_000,
    etaSeconds: 32,
    createdAt: '2025-01-01T00:00:00.000Z',
    finishedAt: null,
    error: null,
    previousDigest: null,
    newDigest: null,
    ...overrides,
  };
}

describe('progress math and formatting', () => {
  it('formats bytes in decimal units like the CLI', () => {
    expect(formatBytes(0)).toBe('—');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 KB');
    expect(formatBytes(2_019_393_189)).toBe('2.0 GB');
    expect(formatBytes(522_653_767)).toBe('523 MB');
    expect(formatBytes(Number.NaN)).toBe('—');
  });

  it('formats speed and ETA', () => {
    expect(formatSpeed(25_300_000)).toBe('25.3 MB/s');
    expect(formatSpeed(null)).toBeNull();
    expect(formatSpeed(0)).toBeNull();
    expect(formatEta(32)).toBe('32 s left');
    expect(formatEta(250)).toBe('4 min 10 s left');
    expect(formatEta(3900)).toBe('1 h 5 min left');
    expect(formatEta(0.2)).toBe('1 s left');
    expect(formatEta(null)).toBeNull();
    expect(formatEta(-5)).toBeNull();
    expect(formatEta(Number.POSITIVE_INFINITY)).toBeNull();
    expect(formatSeconds(120)).toBe('2 min');
    expect(formatSeconds(90_000)).toBe('1 d 1 h');
  });

  it('computes percentages that only reach 100 when done', () => {
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(50, 100)).toBe(50);
    expect(percentOf(999, 1000)).toBe(99);
    expect(percentOf(2000, 1000)).toBe(100);
    expect(jobPercent(job())).toBe(60);
    expect(jobPercent(job({ status: 'done', completed: 10, total: 20 }))).toBe(100);
    expect(jobPercent(job({ status: 'queued', completed: 0, total: 0 }))).toBe(0);
  });

  it('summarises a job as bytes, %, speed and ETA', () => {
    expect(jobStatsText(job())).toBe('1.2 GB of 2.0 GB · 60% · 25.3 MB/s · 32 s left');
    expect(jobStatsText(job({ bytesPerSecond: null, etaSeconds: null }))).toBe('1.2 GB of 2.0 GB · 60%');
    expect(jobStatsText(job({ status: 'done', completed: 2_000_000_000 }))).toBe('2.0 GB of 2.0 GB · 100%');
    expect(jobStatsText(job({ total: 0, completed: 0, bytesPerSecond: null, etaSeconds: null }))).toBe('');
  });

  it('says what a cancelled pull had done without a percentage, and nothing for a queued one', () => {
    const cancelledAtTheEnd = job({ status: 'cancelled', completed: 2_000_000_000, total: 2_000_000_000 });
    expect(jobStatsText(cancelledAtTheEnd)).toBe('2.0 GB of 2.0 GB downloaded');
    expect(jobStatsText(cancelledAtTheEnd)).not.toContain('%');
    expect(jobStatsText(job({ status: 'cancelled', completed: 0 }))).toBe('');
    expect(jobStatsText(job({ status: 'queued' }))).toBe('');
  });

  it('describes phases and errors', () => {
    expect(phaseText(job())).toBe('Downloading dde5aa3fc5ff');
    expect(phaseText(job({ phase: 'verifying sha256 digest' }))).toBe('Verifying sha256 digest');
    expect(phaseText(job({ status: 'queued' }))).toBe('Queued');
    expect(phaseText(job({ kind: 'update', status: 'done', previousDigest: 'a', newDigest: 'a' }))).toBe(
      'Already up to date',
    );
    // The server words job errors (message and hint); the GUI shows them as they are.
    expect(
      jobErrorText(
        job({
          status: 'error',
          model: 'nope',
          error: {
            code: 'model_not_found',
            message: "'nope' was not found on the registry (file does not exist).",
            hint: { text: 'Check the spelling and the tag on https://ollama.com/library, then pull again.' },
          },
        }),
      ),
    ).toBe(
      "'nope' was not found on the registry (file does not exist). Check the spelling and the tag on https://ollama.com/library, then pull again.",
    );
    expect(jobErrorText(job({ status: 'error', error: null }))).toBe('Pulling llama3.2 failed.');
    expect(displayModelName('llama3.2:latest')).toBe('llama3.2');
  });

  it('splits CPU/GPU like `ollama ps`', () => {
    expect(processorSplit(4_000, 0)).toBe('100% CPU');
    expect(processorSplit(4_000, 4_000)).toBe('100% GPU');
    expect(processorSplit(4_000, 1_000)).toBe('75%/25% CPU/GPU');
    expect(processorSplit(3_000, 1_000)).toBe('67%/33% CPU/GPU');
    expect(processorSplit(1_000, 2_000)).toBe('Unknown');
  });

  it('counts down to unload', () => {
    const now = Date.parse('2025-01-01T12:00:00.000Z');
    expect(formatExpiry(null, now)).toBe('Forever');
    expect(formatExpiry('2025-01-01T12:04:32.000Z', now)).toBe('4 min 32 s');
    expect(formatExpiry('2025-01-01T12:00:00.400Z', now)).toBe('1 s');
    expect(formatExpiry('2025-01-01T11:59:59.000Z', now)).toBe('Unloading…');
    expect(formatExpiry('2025-01-01T13:30:00.000Z', now)).toBe('1 h 30 min');
    // Ollama's "never" is a date centuries away.
    expect(formatExpiry('2318-01-01T00:00:00.000Z', now)).toBe('Forever');
    expect(formatExpiry('not a date', now)).toBe('Forever');
  });

  it('reads names, digests and parameter sizes', () => {
    expect(splitModelName('llama3.2:latest')).toEqual({ base: 'llama3.2', tag: 'latest' });
    expect(splitModelName('registry:5000/ns/model')).toEqual({ base: 'registry:5000/ns/model', tag: 'latest' });
    expect(splitModelName('hf.co/org/repo:Q4_K_M')).toEqual({ base: 'hf.co/org/repo', tag: 'Q4_K_M' });
    expect(shortDigest('sha256:a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72')).toBe('a80c4f17acd5');
    expect(shortDigest('a80c4f17acd55265feec')).toBe('a80c4f17acd5');
    expect(sameDigest('sha256:ABC', 'abc')).toBe(true);
    expect(sameDigest(null, 'abc')).toBe(false);
    expect(parameterCount('3.2B')).toBe(3.2e9);
    expect(parameterCount('751.63M')).toBeCloseTo(751.63e6);
    expect(parameterCount(null)).toBe(-1);
  });
});

describe('models table logic', () => {
  const m = (name: string, extra: Partial<ModelSummary> = {}): ModelSummary => ({
    name,
    size: 1,
    digest: 'd',
    modifiedAt: '2025-01-01T00:00:00Z',
    family: 'llama',
    parameterSize: '1B',
    quantization: 'Q4_K_M',
    contextLength: 4096,
    capabilities: ['completion'],
    canChat: true,
    ...extra,
  });
  const list = [
    m('b:latest', { size: 5, parameterSize: '8B', modifiedAt: '2025-03-01T00:00:00Z' }),
    m('a:latest', {
      size: 9,
      parameterSize: '500M',
      modifiedAt: '2025-01-01T00:00:00Z',
      capabilities: ['completion', 'vision'],
    }),
    m('c:latest', { size: 1, parameterSize: '70B', family: 'qwen2', modifiedAt: '2025-02-01T00:00:00Z' }),
  ];
  const names = (xs: ModelSummary[]) => xs.map((x) => x.name[0]).join('');
  it('sorts by name, size, modified and parameters', () => {
    expect(names(sortModels(list, 'name', 'asc'))).toBe('abc');
    expect(names(sortModels(list, 'size', 'desc'))).toBe('abc');
    expect(names(sortModels(list, 'modified', 'desc'))).toBe('bca');
    expect(names(sortModels(list, 'params', 'desc'))).toBe('cba');
    expect(names(sortModels(list, 'params', 'asc'))).toBe('abc');
  });
  it('filters by text and capability', () => {
    expect(list.filter((x) => matchesFilter(x, 'qwen', '')).map((x) => x.name)).toEqual(['c:latest']);
    expect(list.filter((x) => matchesFilter(x, '', 'vision')).map((x) => x.name)).toEqual(['a:latest']);
    expect(list.filter((x) => matchesFilter(x, 'llama q4', '')).length).toBe(2);
  });
});

describe('metrics helpers', () => {
  it('bins tokens/s into nice buckets', () => {
    expect(niceStep(3.7)).toBe(5);
    expect(niceStep(0.23)).toBe(0.25);
    const h = histogram([10, 12, 14, 31, 33, 50], 4);
    expect(h.binWidth).toBe(10);
    expect(h.starts).toEqual([10, 20, 30, 40, 50]);
    expect(h.counts).toEqual([3, 0, 2, 0, 1]);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(histogram([]).counts).toEqual([]);
    expect(histogram([7, 7, 7]).counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('job card and older-version marker', () => {
  it('shows a progress bar with aria-valuenow, stats, layers and Cancel', () => {
    const layers = [
      { digest: `sha256:${'1'.repeat(64)}`, total: 1_999_000_000, completed: 1_199_000_000 },
      { digest: `sha256:${'2'.repeat(64)}`, total: 1_000_000, completed: 1_000_000 },
    ];
    render(<JobCard job={job({ layers })} />);
    const bar = screen.getByTestId('job-progress');
    expect(bar.getAttribute('role')).toBe('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('60');
    expect(screen.getByTestId('job-stats').textContent).toContain('25.3 MB/s');
    expect(screen.getByTestId('job-cancel')).toBeTruthy();
    expect(screen.getByTestId('job-card').getAttribute('data-status')).toBe('running');
    // The overall bar and one per layer.
    expect(screen.getAllByRole('progressbar').length).toBe(3);
    expect(screen.getByTestId('job-layers').textContent).toContain('111111111111');
  });

  it('shows the error on a failed card, with Retry', () => {
    render(
      <JobCard
        job={job({
          status: 'error',
          model: 'nope',
          error: { code: 'model_not_found', message: "'nope' was not found on the registry." },
        })}
      />,
    );
    expect(screen.getByTestId('job-error').textContent).toMatch(/was not found on the registry/);
    expect(screen.getByTestId('job-retry')).toBeTruthy();
    expect(screen.queryByTestId('job-cancel')).toBeNull();
  });

  it('marks an answer written by an earlier digest only', () => {
    const client = new QueryClient();
    client.setQueryData(['models'], {
      fetchedAt: '',
      models: [{ name: 'llama3.2:latest', digest: 'newdigest000000' }],
    });
    const { rerender } = render(
      <QueryClientProvider client={client}>
        <OlderVersionMarker model="llama3.2" digest="olddigest000000" />
      </QueryClientProvider>,
    );
    expect(screen.getByTestId('older-version-marker').textContent).toContain('earlier version');
    rerender(
      <QueryClientProvider client={client}>
        <OlderVersionMarker model="llama3.2" digest="sha256:newdigest000000" />
      </QueryClientProvider>,
    );
    expect(screen.queryByTestId('older-version-marker')).toBeNull();
  });
});
