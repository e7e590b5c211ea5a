/** Every react-query key in one place, so invalidations cannot drift from the queries. */
export const queryKeys = {
  health: ['health'] as const,
  chats: (q = '') => ['chats', q] as const,
  allChats: ['chats'] as const,
  messages: (chatId: string, leaf: string | null) => ['messages', chatId, leaf] as const,
  chatMessages: (chatId: string) => ['messages', chatId] as const,
  models: ['models'] as const,
  model: (name: string) => ['model', name] as const,
  settings: ['settings'] as const,
  generations: ['generations'] as const,
};
