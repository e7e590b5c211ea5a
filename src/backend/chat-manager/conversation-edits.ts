/**
 * Fork, edit an answer, delete a subtree (issue 11): each runs in the chat's turn, so it sees the
 * branch every earlier send left, and refuses to touch an answer that is still being written.
 * Deleting a subtree with a running answer is refused (409) rather than cancelling it: stopping an
 * answer is the user's decision, and the GUI offers Stop first.
 */
import type { Chat, Message } from '../../shared/api';
import type { DeleteMessageResponse, SubtreeInfo } from '../../shared/conversation-api';
import { TREE_ERRORS } from '../error-hints';
import { ConflictError, ValidationError } from '../errors';
import type { History } from '../history-manager';
import type { ChatManager } from './chat-manager';

export class ConversationEdits {
  constructor(
    private readonly history: History,
    private readonly chats: ChatManager,
  ) {}

  async fork(chatId: string, messageId: string): Promise<Chat> {
    const record = await this.chats.exclusive(chatId, () => this.history.tree.fork(chatId, messageId));
    return { ...record, generating: false };
  }

  async editAnswer(chatId: string, messageId: string, content: string): Promise<Message> {
    return this.chats.exclusive(chatId, async (running) => {
      const original = await this.history.tree.messageOf(chatId, messageId);
      if (original.role !== 'assistant') throw new ValidationError(TREE_ERRORS.editNotAnswer);
      if (running.has(original.id) || original.status === 'queued' || original.status === 'streaming') {
        throw new ConflictError(TREE_ERRORS.editRunning.message, { text: TREE_ERRORS.editRunning.hint });
      }
      if (content === original.content) throw new ValidationError(TREE_ERRORS.editUnchanged);
      return this.history.tree.addEditedAnswer(original, content);
    });
  }

  async subtree(chatId: string, messageId: string): Promise<SubtreeInfo> {
    await this.history.tree.messageOf(chatId, messageId);
    const ids = await this.history.tree.subtreeIds(messageId);
    const running = new Set(this.chats.listGenerations().map((g) => g.id));
    return { count: ids.length, generating: ids.some((id) => running.has(id)) };
  }

  async deleteSubtree(chatId: string, messageId: string): Promise<DeleteMessageResponse> {
    return this.chats.exclusive(chatId, async (running) => {
      await this.history.tree.messageOf(chatId, messageId);
      const ids = await this.history.tree.subtreeIds(messageId);
      if (ids.some((id) => running.has(id))) {
        throw new ConflictError(TREE_ERRORS.deleteRunning.message, { text: TREE_ERRORS.deleteRunning.hint });
      }
      return this.history.tree.deleteSubtree(chatId, messageId);
    });
  }
}
