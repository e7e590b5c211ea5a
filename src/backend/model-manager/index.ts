export { AutoUpdater, type AutoUpdaterOptions } from './auto-updater';
export { defaultKeepAlive } from './keep-alive';
export { ModelCatalog } from './model-catalog';
export type { JobEvent } from './model-job';
export { ModelJobs } from './model-jobs';
export { type DeleteModelResponse, ModelOperations } from './model-operations';
