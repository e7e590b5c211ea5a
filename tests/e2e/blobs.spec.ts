import type { SendMessageResponse } from '../../src/shared/api';
import { expect, test } from './fixtures';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

test('a stored image shows as a thumbnail from /api/blobs after a reload and links to full size', async ({
  page,
  app,
}) => {
  const chat = (await (
    await fetch(`${app.url}/api/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'llava' }),
    })
  ).json()) as { id: string };
  const res = await fetch(`${app.url}/api/chats/${chat.id}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content: 'look', attachments: [{ name: 'dot.png', mime: 'image/png', data: PNG }] }),
  });
  const sent = (await res.json()) as SendMessageResponse;
  const sha256 = sent.userMessage.attachments[0]?.sha256;
  expect(sha256).toMatch(/^[0-9a-f]{64}$/);

  await page.goto(`${app.url}/c/${chat.id}`);
  const thumb = page.getByTestId('message-user').locator('img[alt="dot.png"]');
  await expect(thumb).toHaveAttribute('src', `/api/blobs/${sha256}`);
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await expect(page.getByTestId('message-user').locator(`a[href="/api/blobs/${sha256}"]`)).toHaveAttribute(
    'target',
    '_blank',
  );
});
