export { CapabilityBadges } from './capability-badges';
export { formatBytes } from './format';
export { findModel, normalizeModelName, sameModel } from './model-names';
export { ModelPicker } from './model-picker';
export { NoModels, SUGGESTED_PULL } from './no-models';
