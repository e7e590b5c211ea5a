export { CapabilityBadges } from './capability-badges';
export { NoModels } from './lazy-no-models';
export { findModel, normalizeModelName, sameModel } from './model-names';
export { ModelPicker } from './model-picker';
