export { ModelCatalog } from './model-catalog';
export { canonicalModelName } from './model-name';
