/**
 * Where the main thread's time goes while a `huge` answer streams into the GUI (a tool, not a bench
 * section): records a Chromium trace of one paced run and prints the renderer main thread's self time
 * per trace event (style, layout, paint, script, GC…) and the hottest JS functions of a CPU profile.
 *
 *   npx tsx bench/profile-gui-streaming.ts [--tps 2000 | --slow-tokens 3000 --slow-tps 200] [--gui dist/gui] [--out /tmp/trace.json]
 *
 * `--profile` adds a sampled CPU profile (written to `<out>.cpuprofile` too, for DevTools). Function names are only readable against an unminified build (`npx vite build --minify false --outDir …`).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { installCleanup, ROOT } from './lib/children';
import { createChat } from './lib/client';
import { sendAndAwaitAnswer } from './lib/gui-answer';
import { startFake, startServer } from './lib/server';

const { values } = parseArgs({
  options: {
    tps: { type: 'string', default: '2000' },
    gui: { type: 'string', default: path.join(ROOT, 'dist', 'gui') },
    out: { type: 'string', default: '' },
    profile: { type: 'boolean', default: false },
    'slow-tokens': { type: 'string', default: '' },
    heap: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    'slow-tps': { type: 'string', default: '200' },
  },
});

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

function selfTimes(events: TraceEvent[]): { byName: Map<string, number>; total: number; count: Map<string, number> } {
  const threadName = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const mains = [...threadName].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k);
  // The page's renderer: the main thread with the most complete events.
  const counts = new Map<string, number>();
  for (const e of events) if (e.ph === 'X') counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = mains.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))[0];
  const xs = events
    .filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const count = new Map<string, number>();
  for (const e of xs) count.set(e.name, (count.get(e.name) ?? 0) + 1);
  const byName = new Map<string, number>();
  const stack: { end: number; name: string; child: number; dur: number }[] = [];
  const pop = () => {
    const top = stack.pop();
    if (top) byName.set(top.name, (byName.get(top.name) ?? 0) + (top.dur - top.child));
  };
  let total = 0;
  for (const e of xs) {
    const dur = e.dur ?? 0;
    while (stack.length && (stack.at(-1)?.end ?? 0) <= e.ts) pop();
    const parent = stack.at(-1);
    if (parent) parent.child += Math.min(dur, parent.end - e.ts);
    else total += dur;
    stack.push({ end: e.ts + dur, name: e.name, child: 0, dur });
  }
  while (stack.length) pop();
  return { byName, total, count };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

/** The page's heap after GC once the answer has settled, by constructor (strings by length class), largest first. */
async function heapSummary(page: import('@playwright/test').Page): Promise<void> {
  await page.waitForTimeout(1000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  const snap = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snap.snapshot.meta.node_types[0];
  const by = new Map<string, { size: number; count: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] ?? 0] ?? '?';
    const name = snap.strings[snap.nodes[i + nameAt] ?? 0] ?? '?';
    const size = snap.nodes[i + sizeAt] ?? 0;
    total += size;
    const key =
      type === 'object' || type === 'closure'
        ? `${type} ${name}`
        : type === 'string' || type === 'concatenated string' || type === 'sliced string'
          ? `${type} ${size > 10_000 ? '>10k' : size > 1000 ? '>1k' : 'small'}`
          : type;
    const e = by.get(key) ?? { size: 0, count: 0 };
    e.size += size;
    e.count += 1;
    by.set(key, e);
  }
  console.log(`\nheap snapshot: ${(total / 1e6).toFixed(1)} MB`);
  for (const [k, v] of [...by].sort((a, b) => b[1].size - a[1].size).slice(0, 30)) {
    console.log(`${(v.size / 1e6).toFixed(2).padStart(8)} MB ${String(v.count).padStart(8)}×  ${k.slice(0, 90)}`);
  }
  // Who holds the long strings (copies of the answer): each one's retainers, two levels up.
  const edgeFields = (snap.snapshot.meta as unknown as { edge_fields: string[]; edge_types: [string[]] }).edge_fields;
  const edgeTypes = (snap.snapshot.meta as unknown as { edge_types: [string[]] }).edge_types[0];
  const edges = (snap as unknown as { edges: number[] }).edges;
  const ew = edgeFields.length;
  const countAt = fields.indexOf('edge_count');
  const retainers = new Map<number, { from: number; edge: string }[]>();
  let e = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const n = snap.nodes[i + countAt] ?? 0;
    for (let k = 0; k < n; k++, e += ew) {
      const to = edges[e + 2] ?? 0;
      const et = edgeTypes[edges[e] ?? 0];
      if (et === 'weak') continue;
      const nameOrIndex = edges[e + 1] ?? 0;
      const edge = et === 'element' || et === 'hidden' ? `[${nameOrIndex}]` : (snap.strings[nameOrIndex] ?? '?');
      const list = retainers.get(to) ?? [];
      list.push({ from: i, edge });
      retainers.set(to, list);
    }
  }
  const label = (i: number) =>
    `${types[snap.nodes[i + typeAt] ?? 0]} ${(snap.strings[snap.nodes[i + nameAt] ?? 0] ?? '').slice(0, 40)}`;
  const paths = new Map<string, number>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] ?? 0];
    if (!(type === 'string' || type === 'concatenated string') || (snap.nodes[i + sizeAt] ?? 0) < 10_000) continue;
    for (const r1 of retainers.get(i) ?? []) {
      const up = (retainers.get(r1.from) ?? [])
        .slice(0, 2)
        .map((r2) => `${label(r2.from)} .${r2.edge}`)
        .join(' / ');
      const key = `${label(r1.from)} .${r1.edge}  <=  ${up}`;
      paths.set(key, (paths.get(key) ?? 0) + 1);
    }
  }
  // The heads of ropes (concatenated strings not held by another one): what keeps a rope of deltas alive.
  for (let i = 0; i < snap.nodes.length; i += width) {
    if (types[snap.nodes[i + typeAt] ?? 0] !== 'concatenated string') continue;
    const rs = retainers.get(i) ?? [];
    if (rs.some((r) => types[snap.nodes[r.from + typeAt] ?? 0] === 'concatenated string')) continue;
    for (const r1 of rs) {
      const up = (retainers.get(r1.from) ?? [])
        .slice(0, 2)
        .map((r2) => `${label(r2.from)} .${r2.edge}`)
        .join(' / ');
      const key = `rope head: ${label(r1.from)} .${r1.edge}  <=  ${up}`;
      paths.set(key, (paths.get(key) ?? 0) + 1);
    }
  }
  console.log('\nretainers of strings > 10k:');
  for (const [k, n] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${String(n).padStart(5)}×  ${k.slice(0, 220)}`);
  await cdp.detach();
}

// The fake and the servers go with this process however it ends (a closed pipe, Ctrl-C, a throw).
installCleanup();
const slow = values['slow-tokens'] !== '';
const fake = await startFake(Number(values.tps), {
  tokens: slow ? Number(values['slow-tokens']) : 100,
  tokensPerSecond: Number(values['slow-tps']),
});
const server = await startServer({
  ollamaUrl: values.full ? fake.url : slow ? fake.slowUrl : fake.pacedUrl,
  env: { GUI_DIR: path.resolve(values.gui) },
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const chat = await createChat(server.base, 'huge');
  await page.goto(`${server.base}/c/${chat.id}`);
  await page.getByTestId('composer-input').waitFor();
  const cdp = await page.context().newCDPSession(page);
  if (values.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'],
  });
  const t0 = performance.now();
  await sendAndAwaitAnswer(page, 'Write a very long answer', 600_000);
  const wall = performance.now() - t0;
  const trace = await browser.stopTracing();
  if (values.out) writeFileSync(values.out, trace);
  const { traceEvents } = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] };
  const { byName, total, count } = selfTimes(traceEvents);
  console.log(`wall ${wall.toFixed(0)} ms; main thread in top-level events ${(total / 1000).toFixed(0)} ms`);
  for (const [name, us] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${String(count.get(name)).padStart(7)}×  ${name}`);
  }
  for (const name of [
    'FireAnimationFrame',
    'WebFrameWidgetImpl::BeginMainFrame',
    'Paint',
    'ParseHTML',
    'Blink.ForcedStyleAndLayout.UpdateTime',
  ]) {
    console.log(`${String(count.get(name) ?? 0).padStart(8)}×  ${name}`);
  }
  if (values.heap) await heapSummary(page);
  if (values.profile) {
    const { profile } = await cdp.send('Profiler.stop');
    if (values.out) writeFileSync(`${values.out}.cpuprofile`, JSON.stringify(profile));
    const nodes = profile.nodes as ProfileNode[];
    const interval = (profile.endTime - profile.startTime) / (profile.samples?.length || 1) / 1000;
    const self = new Map<string, number>();
    for (const n of nodes) {
      const f = n.callFrame;
      const key = `${f.functionName || '(anon)'} ${path.basename(f.url)}:${f.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0) * interval);
    }
    console.log('\nJS self time (sampled):');
    for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
      console.log(`${ms.toFixed(0).padStart(8)} ms  ${k}`);
    }
    // Inclusive time per function (each sample counts once per function on its stack).
    const parent = new Map<number, number>();
    for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const inclusive = new Map<string, number>();
    for (const n of nodes) {
      const hits = (n.hitCount ?? 0) * interval;
      if (!hits) continue;
      const seen = new Set<string>();
      for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
        const f = byId.get(id)?.callFrame;
        if (f?.functionName) seen.add(`${f.functionName} ${path.basename(f.url)}`);
      }
      for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + hits);
    }
    console.log('\nJS inclusive time (sampled):');
    for (const [k, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 400)) {
      console.log(`${ms.toFixed(0).padStart(8)} ms  ${k}`);
    }
    // Inclusive time per bundle file, to see which library the time is in.
    const byFile = new Map<string, number>();
    for (const n of nodes) {
      const file = path.basename(n.callFrame.url) || n.callFrame.functionName;
      byFile.set(file, (byFile.get(file) ?? 0) + (n.hitCount ?? 0) * interval);
    }
    console.log('\nJS self time per file:');
    for (const [k, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
      console.log(`${ms.toFixed(0).padStart(8)} ms  ${k}`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
  await fake.stop();
}
