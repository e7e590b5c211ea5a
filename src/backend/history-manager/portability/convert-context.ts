import type { TreeRepair } from './tree';
import type { ImportLocation, ImportNote, PortableChat } from './types';

/** What every per-element converter gets: where the element is, and "now" for missing times. */
export interface ConvertContext {
  file: string;
  /** Index of the element in the file. */
  index: number;
  /** ISO time used when a format has no time at all (Markdown without front matter). */
  now: string;
}

export interface Converted {
  chat: PortableChat | null;
  notes: ImportNote[];
}

export function elementLocation(ctx: ConvertContext, conversationId?: string | null): ImportLocation {
  const location: ImportLocation = { file: ctx.file, conversation: ctx.index };
  if (conversationId) location.conversationId = conversationId;
  return location;
}

export function repairNotes(repairs: TreeRepair[], base: ImportLocation): ImportNote[] {
  return repairs.map((r) => ({ level: 'warning', reason: r.reason, location: { ...base, messageId: r.id } }));
}

export function skipped(reason: string, location: ImportLocation): Converted {
  return { chat: null, notes: [{ level: 'skipped', reason, location }] };
}
