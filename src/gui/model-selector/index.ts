export { CapabilityBadges } from './capability-badges';
export { ModelPicker } from './model-picker';
export { NoModels, SUGGESTED_PULL } from './no-models';
export { formatBytes } from './format';
