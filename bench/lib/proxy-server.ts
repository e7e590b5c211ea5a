/** What the bench's HTTP proxies share: the upstream error answer and listening on a free loopback port. */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers 502 with a JSON error when the upstream request fails. */
export function failWith502(res: http.ServerResponse, proxyName: string, err: Error): void {
  if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: `${proxyName}: ${err.message}` }));
}

/** Listens on a free loopback port; `close` also drops open connections (and runs `onClose`). */
export async function listenOnLoopback(
  server: http.Server,
  onClose?: () => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        onClose?.();
      }),
  };
}
