import { type ComponentProps, lazy, Suspense } from 'react';

type NoModelsModule = typeof import('./no-models');

// The pull form and job cards show only when Ollama has no models: most first loads never need them.
const Lazy = lazy(async () => ({ default: (await import('./no-models')).NoModels }));

export function NoModels(props: ComponentProps<NoModelsModule['NoModels']>) {
  return (
    <Suspense fallback={null}>
      <Lazy {...props} />
    </Suspense>
  );
}
