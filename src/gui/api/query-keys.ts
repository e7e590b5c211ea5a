/** Every react-query key in one place, so invalidations cannot drift from the queries. */
export const queryKeys = {
  health: ['health'] as const,
  chats: (q = '') => ['chats', q] as const,
  allChats: ['chats'] as const,
  models: ['models'] as const,
  model: (name: string) => ['model', name] as const,
  settings: ['settings'] as const,
  jobs: ['jobs'] as const,
  runningModels: ['models-running'] as const,
  modelVersions: (name: string) => ['model-versions', name] as const,
  modelPreferences: (name: string) => ['model-preferences', name] as const,
  modelUsage: (name: string) => ['model-usage', name] as const,
  modelMetrics: (name: string) => ['model-metrics', name] as const,
  allModelMetrics: ['model-metrics'] as const,
  metricsComparison: ['metrics-comparison'] as const,
  generations: ['generations'] as const,
};
