import type { Contact, listContactsQuerySchema } from '@renum/contracts';
import type { z } from 'zod';
import { segment, type Transport } from '../transport.ts';
import type { List, Page } from './page.ts';

/** What an agent remembers about a contact. */
export interface ContactMemory {
  id: string;
  agent_id: string;
  contact_id: string;
  content: string;
  source_conversation_id: string | null;
  created_at: string;
}

/** Contacts, their memories, and their erasure. */
export function createContactsApi(transport: Transport) {
  const path = (id: string) => `/v1/contacts/${segment(id)}`;
  return {
    /** A page of contacts, newest first; `q` matches part of the name, phone, email or external id. */
    list: (
      query: Partial<z.output<typeof listContactsQuerySchema>> = {},
      options: { signal?: AbortSignal } = {},
    ) => transport.json<Page<Contact>>({ method: 'GET', path: '/v1/contacts', query, ...options }),
    get: (id: string) => transport.json<Contact>({ method: 'GET', path: path(id) }),
    /** Erases the contact with its conversations, messages, runs and memories. */
    delete: (id: string) => transport.json<void>({ method: 'DELETE', path: path(id) }),
    memories: (id: string) =>
      transport.json<List<ContactMemory>>({ method: 'GET', path: `${path(id)}/memories` }),
    deleteMemories: (id: string) =>
      transport.json<{ deleted: number }>({ method: 'DELETE', path: `${path(id)}/memories` }),
    deleteMemory: (id: string, memoryId: string) =>
      transport.json<{ deleted: number }>({
        method: 'DELETE',
        path: `${path(id)}/memories/${segment(memoryId)}`,
      }),
  };
}
