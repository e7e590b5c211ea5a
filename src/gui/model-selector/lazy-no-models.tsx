import type { ComponentProps } from 'react';
import { Deferred, lazyNamed } from '../ui/lazy-named';

// The pull form and job cards show only when Ollama has no models: most first loads never need them.
const Lazy = lazyNamed(
  () => import('./no-models'),
  (m) => m.NoModels,
);

export function NoModels(props: ComponentProps<typeof Lazy>) {
  return (
    <Deferred>
      <Lazy {...props} />
    </Deferred>
  );
}
