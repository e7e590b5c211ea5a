/**
 * XSS corpus (issue #8): ≥ 50 payloads in model answers (the fake echoes what it is sent) and in
 * chat titles, rendered in Chromium with the CSP bypassed, so the sanitizer alone must hold. Every
 * payload calls `window.__xss()`; the hook must never fire.
 */
import { expect, test } from './fixtures';

test.use({ bypassCSP: true, viewport: { width: 1280, height: 4000 } });

const X = '__xss()';
const PAYLOADS = [
  `<script>${X}</script>`,
  `<img src=x onerror="${X}">`,
  `<img src="x" onerror=${X}>`,
  `<svg onload="${X}"></svg>`,
  `<svg><script>${X}</script></svg>`,
  `<svg><a xlink:href="javascript:${X}"><text y="20">svg link</text></a></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${X}"></style></mglyph></table></mtext></math>`,
  `<math href="javascript:${X}">math</math>`,
  `<iframe src="javascript:${X}"></iframe>`,
  `<iframe srcdoc="<script>parent.${X}</script>"></iframe>`,
  `<object data="javascript:${X}"></object>`,
  `<embed src="javascript:${X}">`,
  `<body onload="${X}">`,
  `<details open ontoggle="${X}">d</details>`,
  `<video><source onerror="${X}"></video>`,
  `<audio src=x onerror="${X}"></audio>`,
  `<input autofocus onfocus="${X}">`,
  `<marquee onstart="${X}">m</marquee>`,
  `<a href="javascript:${X}">click</a>`,
  `<a href="JaVaScRiPt:${X}">click2</a>`,
  `<a href="&#106;avascript:${X}">entity</a>`,
  `<a href="data:text/html,<script>${X}</script>">data link</a>`,
  `<form action="javascript:${X}"><button>go</button></form>`,
  `<div style="background:url(javascript:${X})">style</div>`,
  `<style>@import 'javascript:${X}';</style>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${X}">`,
  `<base href="javascript:${X}//">`,
  `<link rel="import" href="data:text/html,<script>${X}</script>">`,
  `<noscript><p title="</noscript><img src=x onerror=${X}>">`,
  `<template><img src=x onerror="${X}"></template>`,
  `<img src="x" onerror="&#95;&#95;xss()">`,
  `<img/src="x"/onerror=${X}>`,
  `<scr<script>ipt>${X}</scr</script>ipt>`,
  `[md link](javascript:${X})`,
  `[md link 2](JAVASCRIPT:${X})`,
  `[data link](data:text/html;base64,PHNjcmlwdD5fX3hzcygpPC9zY3JpcHQ+)`,
  `![img](x" onerror="${X})`,
  `![img2](javascript:${X})`,
  `[ref]: javascript:${X}\n\n[ref]`,
  `<javascript:${X}>`,
  `<https://example.com/" onmouseover="${X}>`,
  `[t](https://example.com "title\\" onmouseover=\\"${X}")`,
  `\`\`\`html\n<script>${X}</script>\n\`\`\``,
  `\`\`\`"><img src=x onerror=${X}>\n code\n\`\`\``,
  `\`<img src=x onerror=${X}>\``,
  `$\\href{javascript:${X}}{katex link}$`,
  `$$\\href{javascript:${X}}{katex block}$$`,
  `$\\url{javascript:${X}}$`,
  `$\\htmlData{x=1}{\\text{<img src=x onerror=${X}>}}$`,
  `<a href="javascript&colon;${X}">colon entity</a>`,
  `<svg><animate onbegin="${X}" attributeName="x" dur="1s"/></svg>`,
  `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='${X}'/></svg>#x"/></svg>`,
  `<isindex type=image src=1 onerror=${X}>`,
  `<x onclick=${X} style="display:block;width:2000px;height:2000px">big</x>`,
];

test(`renders ${PAYLOADS.length} XSS payloads in answers and titles without running any`, async ({ page, app }) => {
  test.setTimeout(180_000);
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(50);
  const api = async (path: string, method: string, body: unknown) => {
    const res = await fetch(app.url + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.ok, `${method} ${path} → ${res.status}`).toBe(true);
    return (await res.json()) as { id: string; generationId: string };
  };
  const chatIds: { id: string; answers: number }[] = [];
  const GROUP = 6;
  for (let i = 0; i < PAYLOADS.length; i += GROUP) {
    const group = PAYLOADS.slice(i, i + GROUP);
    const chat = await api('/api/chats', 'POST', { model: 'llama3.2', title: group[0]?.slice(0, 200) });
    chatIds.push({ id: chat.id, answers: group.length });
    for (const payload of group) {
      const sent = await api(`/api/chats/${chat.id}/messages`, 'POST', { content: payload });
      await expect
        .poll(
          async () =>
            ((await (await fetch(`${app.url}/api/messages/${sent.generationId}`)).json()) as { status: string }).status,
          {
            timeout: 30_000,
          },
        )
        .toBe('complete');
    }
  }

  await page.addInitScript(() => {
    const w = window as unknown as { __xss: () => void; __xssFired: number };
    w.__xssFired = 0;
    w.__xss = () => {
      w.__xssFired++;
    };
  });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  for (const { id, answers } of chatIds) {
    await page.goto(`${app.url}/c/${id}`);
    // Every answer of the chat is rendered (each ends with the fake's "reply from" sentence).
    await expect(page.getByText(/reply from/)).toHaveCount(answers, { timeout: 15_000 });
    // Hover and click over the rendered answers: mouse-event payloads get their chance too.
    await page.mouse.move(400, 400);
    await page.mouse.move(700, 900);
    const fired = await page.evaluate(() => (window as unknown as { __xssFired: number }).__xssFired);
    expect(fired, `chat ${id}`).toBe(0);
  }
  expect(dialogs).toEqual([]);
  // The hook is live in the page: a payload that ran would have been counted.
  expect(
    await page.evaluate(() => {
      const w = window as unknown as { __xss: () => void; __xssFired: number };
      w.__xss();
      return w.__xssFired;
    }),
  ).toBe(1);
});
