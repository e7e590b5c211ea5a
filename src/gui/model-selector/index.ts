export { NoModels } from './lazy-no-models';
export { findModel } from './model-names';
export { ModelPicker } from './model-picker';
