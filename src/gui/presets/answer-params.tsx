import type { GenerationParams } from '../../shared/api';
import { keepAliveText } from '../../shared/model-name';
import { PARAMETERS } from '../../shared/parameters';

function shown(value: unknown): string {
  if (value === true) return 'on';
  if (value === false) return 'off';
  if (Array.isArray(value)) return value.map((v) => JSON.stringify(v)).join(', ');
  return String(value);
}

/** The parameters an answer was generated with (Message.params), in the answer's info. */
export function AnswerParams({ params }: { params: GenerationParams }) {
  const rows: [string, string][] = [['Model', params.model]];
  for (const p of PARAMETERS) {
    if (p.key === 'think') {
      if (params.think !== undefined) rows.push([p.label, shown(params.think)]);
    } else if (p.key === 'format') {
      if (params.format) rows.push([p.label, params.format]);
    } else if (p.key === 'keep_alive') {
      if (params.keepAlive !== undefined) rows.push([p.label, keepAliveText(params.keepAlive)]);
    } else if (p.key === 'num_ctx') {
      const set = params.options.num_ctx !== undefined;
      if (params.numCtx !== null) rows.push([p.label, `${params.numCtx}${set ? '' : ' (model default)'}`]);
    } else {
      const value = params.options[p.key];
      if (value !== undefined) rows.push([p.label, shown(value)]);
    }
  }
  return (
    <details className="relative text-xs text-muted-foreground" data-testid="answer-params">
      <summary className="cursor-pointer select-none rounded px-1 hover:text-foreground">Parameters</summary>
      <dl className="absolute bottom-full left-0 z-20 m-0 mb-1 grid min-w-56 grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 rounded-lg border border-border bg-background p-2 shadow-lg">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium">{label}</dt>
            <dd className="m-0 tabular-nums" data-testid={`answer-param-${label}`}>
              {value}
            </dd>
          </div>
        ))}
        {rows.length === 1 && <dd className="col-span-2 m-0">Every parameter at its default.</dd>}
      </dl>
    </details>
  );
}
