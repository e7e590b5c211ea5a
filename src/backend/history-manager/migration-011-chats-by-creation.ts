/**
 * Migration 011: chats in creation order (created_at, id), the order "export every chat" pages
 * through. Without it each page of 200 sorted every chat, so the export cost grew with the square
 * of the number of chats (12 s of paging alone for 100,000). Both columns never change after the
 * insert, so the index costs nothing on the hot paths that update a chat.
 */
import type { Kysely, Migration } from 'kysely';

export const chatsByCreation: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('chats_by_creation').on('chats').columns(['created_at', 'id']).execute();
  },
};
