/**
 * Normalises OLLAMA_HOST the way Ollama's own clients do (envconfig.Host / ollama-js formatHost):
 * default scheme http, default port 11434 without a scheme, 80/443 with one, base path kept.
 * Bind-all addresses are rewritten to loopback, as envconfig.ConnectableHost() does.
 */
const DEFAULT_PORT = 11434;

export function normalizeOllamaHost(raw: string | undefined): string {
  let value = (raw ?? '').trim();
  if (value === '') return `http://127.0.0.1:${DEFAULT_PORT}`;
  if (value === 'ollama.com') return 'https://ollama.com:443';

  let scheme = 'http';
  let explicitScheme = false;
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(value);
  if (schemeMatch?.[1]) {
    scheme = schemeMatch[1].toLowerCase();
    explicitScheme = true;
    value = value.slice(schemeMatch[0].length);
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw new Error(`unsupported scheme '${scheme}' (use http or https)`);
  }

  const slash = value.indexOf('/');
  const authority = slash === -1 ? value : value.slice(0, slash);
  let path = slash === -1 ? '' : value.slice(slash);
  // A loop, not /\/+$/: that pattern is quadratic on a long run of slashes followed by a character.
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  path = path.slice(0, end);

  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? '' : authority.slice(0, at + 1);
  const hostPort = at === -1 ? authority : authority.slice(at + 1);

  let host: string;
  let portText: string | undefined;
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    if (end === -1) throw new Error(`invalid IPv6 address in '${raw}'`);
    host = hostPort.slice(0, end + 1);
    const rest = hostPort.slice(end + 1);
    portText = rest.startsWith(':') ? rest.slice(1) : undefined;
  } else {
    const colon = hostPort.lastIndexOf(':');
    host = colon === -1 ? hostPort : hostPort.slice(0, colon);
    portText = colon === -1 ? undefined : hostPort.slice(colon + 1);
  }
  if (host === '') host = '127.0.0.1';
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '[::]') host = '[::1]';

  const defaultPort = explicitScheme ? (scheme === 'https' ? 443 : 80) : DEFAULT_PORT;
  const parsedPort = portText === undefined || portText === '' ? Number.NaN : Number(portText);
  const port = Number.isInteger(parsedPort) && parsedPort > 0 && parsedPort < 65536 ? parsedPort : defaultPort;

  return `${scheme}://${userinfo}${host}:${port}${path}`;
}
