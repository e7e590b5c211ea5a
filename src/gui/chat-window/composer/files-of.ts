/** The files of a file input, a paste or a drop (a drop's items may include strings: skipped). */
export function filesOf(list: FileList | DataTransferItemList | null | undefined): File[] {
  if (!list) return [];
  const files: File[] = [];
  for (const entry of Array.from(list as ArrayLike<File | DataTransferItem>)) {
    if (entry instanceof File) files.push(entry);
    else if (entry.kind === 'file') {
      const file = entry.getAsFile();
      if (file) files.push(file);
    }
  }
  return files;
}
