/**
 * Issue 11: how far the context meter's token count is from what the model counts. Varied
 * conversations go through the real server to the fake Ollama, whose `prompt_eval_count` is a
 * tokenizer-like count of the prompt it received (tests/fakes/fake-ollama/tokens.ts). For every
 * answer two figures are compared with that count:
 * - the estimate alone (src/shared/token-estimate.ts) of the prompt the answer was given;
 * - the meter's prediction as it stood before that send: the previous answer's measured count for
 *   the turns it covers plus the estimate of what is new (src/shared/context-plan.ts).
 */
import type { Message, MessagesResponse } from '../../src/shared/api';
import { branchCosts, type ContextMessage, isContextTurn, planContext } from '../../src/shared/context-plan';
import { createChat, getJson, readGenerationEvents, sendMessage } from '../lib/client';
import { type ServerChild, startServer } from '../lib/server';
import { fmt, median } from '../lib/stats';
import { type Row, row } from '../lib/table';

interface Conversation {
  name: string;
  system: string;
  turns: string[];
}

const PROSE = [
  'I am planning a two week trip through Portugal in late September. Which cities would you visit first, and how many days would you spend in each of them?',
  'That sounds lovely. We would rather avoid long bus rides, so could the route follow the railway lines instead? We also travel with a small dog.',
  'Could you also suggest a few quiet beaches near Lagos that are reachable on foot from the old town, and tell me whether dogs are allowed there in autumn?',
  'Finally, what should we pack for the weather, considering that the evenings on the coast can be windy and that we want to hike in the Serra da Estrela?',
];

const CODE = [
  'Why does this function sometimes return undefined?\n\n```ts\nexport function findUser(users: User[], id: string) {\n  users.forEach((u) => {\n    if (u.id === id) return u;\n  });\n}\n```',
  'Now make it generic over any array of objects with an `id` field, and add a unit test:\n\n```ts\ninterface HasId { id: string }\nconst items: HasId[] = [{ id: "a" }, { id: "b" }];\nexpect(findById(items, "b")).toEqual({ id: "b" });\n```',
  'And in Python?\n\n```python\ndef find_user(users, user_id):\n    for u in users:\n        if u["id"] == user_id:\n            return u\n    return None\n```',
];

const NUMBERS = [
  'Here are our quarterly figures: Q1 revenue 1,284,330 EUR, costs 982,117 EUR; Q2 revenue 1,402,950 EUR, costs 1,013,480 EUR; Q3 revenue 1,377,006 EUR, costs 1,120,774 EUR. What was the margin in each quarter, in percent?',
  '| month | visitors | signups |\n|---|---|---|\n| 2026-01 | 48213 | 1204 |\n| 2026-02 | 51877 | 1342 |\n| 2026-03 | 60115 | 1690 |\n\nWhich month converted best?',
];

const CJK = [
  '東京で三日間の旅行を計画しています。おすすめの観光地と、移動に便利な交通手段を教えてください。',
  '京都にも一日行きたいのですが、新幹線で日帰りは可能ですか？費用はどのくらいかかりますか？',
];

const SHORT = ['hi', 'thanks!', 'ok, and then?', 'why?', 'yes please', 'no', 'cool', 'go on'];

const LONG_DOC = `Summarise the following notes in five bullet points.\n\n${Array.from(
  { length: 12 },
  (_, i) =>
    `Paragraph ${i + 1}. The committee met again to review the proposal for the new community garden. Members discussed the budget, the schedule for planting, the rota for watering during the summer holidays, and whether the local school could use two of the raised beds for its science lessons. Several neighbours asked for a compost area and a tool shed.`,
).join('\n\n')}`;

const MIXED = [
  'Can you explain **why** `Array.prototype.sort()` sorts numbers "wrongly" by default? e.g. [10, 9, 1].sort() → [1, 10, 9]!',
  'What about `localeCompare` — is it slow for 100,000 strings? (Chrome 131, Node 20.19)',
  'Make a markdown table comparing: sort(), toSorted(), and a Schwartzian transform; columns: mutates?, stable?, cost.',
];

export const CONVERSATIONS: Conversation[] = [
  { name: 'English prose', system: 'You are a helpful travel agent. Answer in short paragraphs.', turns: PROSE },
  { name: 'code', system: 'You are a senior TypeScript engineer. Show code.', turns: CODE },
  { name: 'numbers and tables', system: '', turns: NUMBERS },
  { name: 'Japanese', system: '日本語で答えてください。', turns: CJK },
  { name: 'short turns', system: '', turns: SHORT },
  { name: 'long document', system: 'Be concise.', turns: [LONG_DOC, 'Now in three bullet points.'] },
  { name: 'markdown and symbols', system: '', turns: MIXED },
];

interface Sample {
  conversation: string;
  measured: number;
  estimate: number;
  /** null for the first answer: nothing was measured before it. */
  reconciled: number | null;
}

const asTurn = (m: Message): ContextMessage => m;
const unmeasured = (m: ContextMessage): ContextMessage => ({ ...m, metrics: null });

/** Tokens of system + turns as the estimate (or the reconciled meter) counts them. */
function count(system: string, turns: ContextMessage[]): number {
  const costs = branchCosts(system, turns);
  return costs.systemTokens + costs.costs.reduce((a, b) => a + b, 0);
}

export async function collectSamples(base: string, conversations = CONVERSATIONS): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const c of conversations) {
    const chat = await createChat(base, 'llama3.2');
    if (c.system) {
      const res = await fetch(`${base}/api/chats/${chat.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        // A window large enough that nothing is dropped: the count then covers the whole prompt.
        body: JSON.stringify({ systemPrompt: c.system, options: { num_ctx: 131072 } }),
      });
      if (!res.ok) throw new Error(`PATCH chat → ${res.status}`);
    } else {
      await fetch(`${base}/api/chats/${chat.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ options: { num_ctx: 131072 } }),
      });
    }
    for (const text of c.turns) {
      // The meter's view just before sending: the branch so far (with its measured counts) plus the draft.
      const before = await getJson<MessagesResponse>(`${base}/api/chats/${chat.id}/messages`);
      const draft: ContextMessage = { role: 'user', content: text, status: 'complete', attachments: [] };
      const shown = before.messages.filter(isContextTurn).map(asTurn);
      const anyMeasured = branchCosts(c.system, [...shown, draft]).measuredTurns > 0;
      const reconciled = anyMeasured ? count(c.system, [...shown, draft]) : null;

      const sent = await sendMessage(base, chat.id, text);
      const end = await readGenerationEvents(base, sent.generationId);
      const measured = end.done?.message.metrics?.promptEvalCount;
      if (end.finalEvent !== 'done' || !measured) throw new Error(`${c.name}: answer ended with ${end.finalEvent}`);
      const estimate = count(c.system, [...shown.map(unmeasured), draft]);
      samples.push({ conversation: c.name, measured, estimate, reconciled });
    }
  }
  return samples;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x * 100, 1)} %`;

export async function contextEstimate(server: ServerChild): Promise<Row[]> {
  const samples = await collectSamples(server.base);
  const err = (s: Sample, v: number) => (v - s.measured) / s.measured;
  const rows: Row[] = [];
  for (const c of CONVERSATIONS) {
    const of = samples.filter((s) => s.conversation === c.name);
    const estimate = median(of.map((s) => err(s, s.estimate)));
    const recon = of.filter((s) => s.reconciled !== null).map((s) => err(s, s.reconciled as number));
    rows.push(
      row(
        `17. context estimate error, ${c.name} (${of.length} prompts)`,
        `estimate ${pct(estimate)}${recon.length > 0 ? `, meter ${pct(median(recon))}` : ''} (median)`,
        '±5 %',
        // What the user sees is the meter once an answer was measured; the estimate alone before that.
        Math.abs(recon.length > 0 ? median(recon) : estimate) <= 0.05,
      ),
    );
  }
  const all = samples.map((s) => Math.abs(err(s, s.estimate)));
  const reconciled = samples.filter((s) => s.reconciled !== null).map((s) => Math.abs(err(s, s.reconciled as number)));
  const within = (xs: number[]) => xs.filter((x) => x <= 0.05).length;
  rows.push(
    row(
      `17. context estimate, all ${samples.length} prompts: median |error|`,
      `${fmt(median(all) * 100, 1)} % (max ${fmt(Math.max(...all) * 100, 1)} %, ${within(all)}/${all.length} within 5 %)`,
      '±5 %',
      median(all) <= 0.05,
    ),
    row(
      `17. context meter (measured + estimate), ${reconciled.length} prompts: median |error|`,
      `${fmt(median(reconciled) * 100, 1)} % (max ${fmt(Math.max(...reconciled) * 100, 1)} %, ${within(reconciled)}/${reconciled.length} within 5 %)`,
      '±5 %',
      median(reconciled) <= 0.05,
    ),
  );
  return rows;
}

/**
 * A branch of `turns` turns as the server plans it (texts by their stored estimate) in a chat whose window holds it
 * all: every answer measured with Ollama's prompt cache warm, so each counts only its newest turn and none is a
 * plausible measure of what came before it but the first.
 */
function warmCacheBranch(turns: number): ContextMessage[] {
  return Array.from({ length: turns }, (_, i) =>
    i % 2 === 0
      ? { role: 'user', content: '', textTokens: 30 + (i % 17), status: 'complete', attachments: [] }
      : {
          role: 'assistant',
          content: '',
          textTokens: 110 + (i % 23),
          status: 'complete',
          attachments: [],
          metrics: { promptEvalCount: i === 1 ? 45 : 35 + (i % 17) },
        },
  );
}

/**
 * Growth: the shared context plan (`branchCosts` + `planContext`, what every send runs on the server's thread and the
 * GUI's meter on every change of the branch) over branches of each length, in this process.
 */
export function planVsBranchLength(lengths: readonly number[], runs: number): Row[] {
  const rows: Row[] = [row('growth: context plan vs branch length (answers measured with a warm prompt cache)', '')];
  for (const n of lengths) {
    const branch = warmCacheBranch(n);
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const { systemTokens, costs } = branchCosts('Be brief.', branch);
      // A window that holds every turn, as the branch's answers say (none left anything out).
      planContext({ systemTokens, costs, contextLength: Number.MAX_SAFE_INTEGER });
      times.push(performance.now() - t0);
    }
    rows.push(row(`   ${fmt(n, 0)} turns, median of ${runs}`, `${fmt(median(times), 2)} ms`));
  }
  return rows;
}

/** Runs `fn` against a server child of its own, stopped afterwards. */
export async function withServer<T>(ollamaUrl: string, fn: (server: ServerChild) => Promise<T>): Promise<T> {
  const server = await startServer({ ollamaUrl });
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}
