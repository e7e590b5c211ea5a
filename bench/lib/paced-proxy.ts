/**
 * A pass-through HTTP proxy in front of the fake Ollama that re-times the NDJSON lines of
 * `POST /api/chat` to a fixed rate (tokens/s), so a 20,000-token answer can last as long as it
 * would on a real GPU. Everything else is forwarded untouched.
 */
import http from 'node:http';
import { failWith502, listenOnLoopback } from './proxy-server';

const TICK_MS = 10;

export interface PacedProxy {
  url: string;
  close(): Promise<void>;
}

export async function startPacedProxy(upstreamUrl: string, tokensPerSecond: number): Promise<PacedProxy> {
  const upstream = new URL(upstreamUrl);
  const server = http.createServer((req, res) => {
    const up = http.request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (upRes) => {
        const paced = req.method === 'POST' && req.url === '/api/chat' && upRes.statusCode === 200;
        const headers = { ...upRes.headers };
        if (paced) delete headers['content-length'];
        res.writeHead(upRes.statusCode ?? 502, headers);
        if (!paced) {
          upRes.pipe(res);
          return;
        }
        const queue: string[] = [];
        let partial = '';
        let ended = false;
        let credit = 0;
        upRes.setEncoding('utf8');
        upRes.on('data', (text: string) => {
          const lines = (partial + text).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) queue.push(`${line}\n`);
        });
        upRes.on('end', () => {
          if (partial !== '') queue.push(partial);
          ended = true;
        });
        const timer = setInterval(() => {
          credit += (tokensPerSecond * TICK_MS) / 1000;
          const n = Math.min(queue.length, Math.floor(credit));
          credit -= n;
          if (n > 0) res.write(queue.splice(0, n).join(''));
          if (ended && queue.length === 0) {
            clearInterval(timer);
            res.end();
          }
        }, TICK_MS);
        res.once('close', () => {
          clearInterval(timer);
          upRes.destroy();
        });
      },
    );
    up.on('error', (err) => failWith502(res, 'paced proxy', err));
    req.pipe(up);
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, close };
}
