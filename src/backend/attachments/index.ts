export { type FileForContext, withFileContext } from './file-context';
export { servedContentType } from './file-kind';
export { prepareAttachments, type RawFile } from './prepare';
