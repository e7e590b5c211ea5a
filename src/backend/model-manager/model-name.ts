/** Ollama lists `name:tag` but accepts `name`; compare with `:latest` appended (ollama-api.md §5.2). */
export function canonicalModelName(name: string): string {
  const trimmed = name.trim();
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return (lastSegment.includes(':') ? trimmed : `${trimmed}:latest`).toLowerCase();
}
