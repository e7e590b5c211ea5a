export { type FileForContext, fileContextBlock, withFileContext } from './file-context';
export { servedContentType } from './file-kind';
export { type PreparedAttachment, prepareAttachments, type RawFile } from './prepare';
