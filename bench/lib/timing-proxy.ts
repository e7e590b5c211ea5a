/**
 * A pass-through proxy in front of the fake Ollama that notes, for every `POST /api/chat`, when the
 * request arrived and when the first byte of the answer came from the fake and went on to the
 * server. The times are wall-clock milliseconds (performance.timeOrigin + performance.now()), so the
 * bench, another process on the same machine, can put them on one time line with its own. `GET
 * /__bench/chats` returns the notes (oldest first) and forgets them.
 */
import http from 'node:http';
import { failWith502, listenOnLoopback } from './proxy-server';

export interface ChatTiming {
  arrivedAt: number;
  upstreamFirstByteAt: number | null;
  forwardedFirstByteAt: number | null;
}

export const wallNow = () => performance.timeOrigin + performance.now();

export interface TimingProxy {
  url: string;
  close(): Promise<void>;
}

export async function startTimingProxy(upstreamUrl: string): Promise<TimingProxy> {
  const upstream = new URL(upstreamUrl);
  let notes: ChatTiming[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    if (req.url === '/__bench/chats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(notes));
      notes = [];
      return;
    }
    const isChat = req.method === 'POST' && req.url === '/api/chat';
    const note: ChatTiming = { arrivedAt: wallNow(), upstreamFirstByteAt: null, forwardedFirstByteAt: null };
    if (isChat) notes.push(note);
    const up = http.request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
        agent,
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.on('data', (chunk: Buffer) => {
          if (isChat && note.upstreamFirstByteAt === null) note.upstreamFirstByteAt = wallNow();
          res.write(chunk);
          if (isChat && note.forwardedFirstByteAt === null) note.forwardedFirstByteAt = wallNow();
        });
        upRes.on('end', () => res.end());
        res.once('close', () => upRes.destroy());
      },
    );
    up.on('error', (err) => failWith502(res, 'timing proxy', err));
    req.pipe(up);
  });
  const { url, close } = await listenOnLoopback(server, () => agent.destroy());
  return { url, close };
}
