export { canonicalModelName } from '../../shared/model-name';
