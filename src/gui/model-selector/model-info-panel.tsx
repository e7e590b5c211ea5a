import { useState } from 'react';
import { errorText, useModelDetails } from '../api';
import { CodeText } from '../ui/code-text';
import { Dialog } from '../ui/dialog';
import { CapabilityBadges } from './capability-badges';
import { formatBytes, formatDateTime } from './format';

function Section({ title, text, initiallyOpen = false }: { title: string; text: string; initiallyOpen?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  if (!text.trim()) return null;
  return (
    <section className="mt-4">
      <button
        type="button"
        className="text-sm font-semibold hover:underline"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? '▾' : '▸'} {title}
      </button>
      {open && (
        <pre className="mt-2 max-h-72 overflow-auto rounded-lg bg-muted p-3 font-mono text-xs whitespace-pre-wrap">
          {text}
        </pre>
      )}
    </section>
  );
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return Array.isArray(value) ? `[${value.length} items]` : JSON.stringify(value);
  return String(value);
}

/** Details of one model: size, quantization, context, capabilities, parameters, template, license. */
export function ModelInfoPanel({ name, expanded = false }: { name: string; expanded?: boolean }) {
  const details = useModelDetails(name);
  if (details.isPending) return <p className="text-sm text-muted-foreground">Loading details…</p>;
  if (details.isError) {
    return (
      <p className="text-sm text-danger" role="alert">
        <CodeText text={errorText(details.error)} />
      </p>
    );
  }
  const m = details.data;
  const facts: [string, string | null][] = [
    ['Family', m.family],
    ['Parameters', m.parameterSize],
    ['Quantization', m.quantization],
    ['Context length', m.contextLength ? `${m.contextLength.toLocaleString()} tokens` : null],
    ['Size on disk', formatBytes(m.size)],
    ['Modified', m.modifiedAt ? formatDateTime(m.modifiedAt) : null],
    ['Digest', m.digest ? m.digest.replace(/^sha256[:-]/, '').slice(0, 12) : null],
  ];
  const info = Object.entries(m.modelInfo).filter(([, v]) => !Array.isArray(v) || v.length < 20);
  return (
    <div data-testid="model-info">
      <dl className="m-0 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
        {facts
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted-foreground">{k}</dt>
              <dd className="m-0 break-all">{v}</dd>
            </div>
          ))}
        <dt className="text-muted-foreground">Capabilities</dt>
        <dd className="m-0">
          {m.capabilities.length > 0 ? <CapabilityBadges capabilities={m.capabilities} /> : '—'}
          {!m.canChat && <span className="ml-2 text-xs font-medium">can't chat</span>}
        </dd>
      </dl>
      <Section title="Parameters" text={m.parameters} initiallyOpen />
      <Section title="System prompt" text={m.system} initiallyOpen={expanded} />
      <Section title="Template" text={m.template} initiallyOpen={expanded} />
      <Section title="License" text={m.license} />
      {info.length > 0 && (
        <Section title="Model info" text={info.map(([k, v]) => `${k}: ${displayValue(v)}`).join('\n')} />
      )}
    </div>
  );
}

export default function ModelInfoDialog({ name, onClose }: { name: string; onClose: () => void }) {
  return (
    <Dialog title={name} onClose={onClose} width="max-w-2xl" testId="model-info-dialog">
      <ModelInfoPanel name={name} />
    </Dialog>
  );
}
