import { describe, expect, it } from 'vitest';
import { groupChats } from '../../src/gui/app/sidebar/group-chats';
import { makeChat } from '../support/thread-fixtures';

describe('grouping the sidebar by date', () => {
  it('puts pinned first, then Today … Previous 30 days, then a group per month, with the year when not this one', () => {
    const now = new Date(2026, 11, 3, 12); // 3 December 2026, local time
    const at = (y: number, m: number, d: number, id: string, pinned = false) =>
      makeChat({ id, pinned, updatedAt: new Date(y, m, d, 9).toISOString() });
    const groups = groupChats(
      [
        at(2026, 11, 3, 'today'),
        at(2026, 11, 2, 'yesterday'),
        at(2026, 10, 29, 'week'),
        at(2026, 10, 10, 'month'),
        at(2026, 9, 1, 'october'),
        at(2025, 9, 20, 'older', false),
        at(2024, 0, 1, 'pinned', true),
      ],
      now,
    );
    expect(groups.map((g) => [g.label, g.chats.map((c) => c.id)])).toEqual([
      ['Pinned', ['pinned']],
      ['Today', ['today']],
      ['Yesterday', ['yesterday']],
      ['Previous 7 days', ['week']],
      ['Previous 30 days', ['month']],
      ['October', ['october']],
      ['October 2025', ['older']],
    ]);
  });
});
