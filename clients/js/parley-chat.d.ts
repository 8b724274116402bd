// Type declarations for parley-chat.js, the Parley Chat API client.

/** Where the client keeps its generated clientId and its place in the event log; `localStorage` fits. */
export interface ChatStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ParleyChatOptions {
  /** The server's base URL, such as `https://chat.example.com`. */
  server: string;
  /** The channel's token. */
  token: string;
  /** Your name for the user; without it a random id is generated once and kept in `storage`. */
  clientId?: string;
  /** Default: `localStorage` in browsers, memory elsewhere (so Node gets a new id per instance). */
  storage?: ChatStorage;
  /** The connection (tab, device): echoed by the server and used to filter events. */
  cid?: string;
  /** Proof of the user's identity, from your backend: sent as `X-Client-Signature` and `clientSignature`. */
  clientSignature?: string;
  /** How many times a failed call is retried (network error, 5xx, 429); default 5. */
  retries?: number;
  /** The back-off between retries, doubled each time; default `{initialMs: 500, maxMs: 30000}`. */
  backoff?: { initialMs: number; maxMs: number };
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Default: the global `EventSource`; `null` (or none, as in Node) receives by long polling. */
  EventSource?: typeof EventSource | null;
}

export interface Reply {
  type: string;
  [field: string]: unknown;
}

/** A message to the user: the answer to `send`, or a message that arrived later. */
export interface Envelope {
  token: string;
  clientId: string;
  questionId: string;
  cid?: string;
  data: {
    replies: Reply[];
    answer: string;
    nlpClass: string;
    confidence: number;
    newSessionStarted: boolean;
    endSession: boolean;
    debugData: unknown[];
    agent?: { id: number; name: string };
    [field: string]: unknown;
  };
  timestamp: string;
  blockForm: boolean;
}

/** A file as stored by the server; `url` is absolute and needs no credentials. */
export interface UploadedFile {
  url: string;
  name: string;
  mimeType: string;
  size: number;
}

export interface HistoryEntry {
  questionId: string;
  author: 'CLIENT' | 'BOT' | 'OPERATOR' | 'SYSTEM';
  textMessage?: string;
  eventData?: { event: string; data: Record<string, unknown> };
  replies?: Reply[];
  status?: string;
  timestamp: string;
}

export interface HistoryPage {
  /** Oldest first. */
  messages: HistoryEntry[];
  totalCount: number;
  /** Pass as `before` for the page before this one; `null` when this page is empty. */
  before: string | null;
}

export type Message = string | { query: string; data?: Record<string, unknown> }
  | { event: string; data?: Record<string, unknown> };

export class ParleyError extends Error {
  /** The HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  /** The server's stable error code, such as `chatapi.state.precondition_failed`. */
  readonly code: string;
  readonly body: unknown;
}

export class ParleyChat {
  constructor(options: ParleyChatOptions);
  readonly clientId: string;
  send(message: Message, options?: { idempotencyKey?: string }): Promise<Envelope>;
  on(type: 'message', listener: (envelope: Envelope) => void): () => void;
  on(type: 'connection', listener: (state: 'online' | 'offline') => void): () => void;
  /** An agent is typing to this user (EventSource only; nothing says when it stops: hide it after a few seconds). */
  on(type: 'typing', listener: (typing: { clientId: string; agent: { id: number; name: string } }) => void): () => void;
  history(options?: { limit?: number; before?: string | number | Date }): Promise<HistoryPage>;
  getState<T extends object = Record<string, unknown>>(): Promise<T>;
  saveState(state: object, options?: { force?: boolean }): Promise<void>;
  markRead(questionIds: Iterable<string>): Promise<void>;
  /** Marks messages as shown to the user (not necessarily read yet). */
  markDelivered(questionIds: Iterable<string>): Promise<void>;
  /** Uploads a file; send the answer on as `{event: 'fileEvent', data: {files: [file]}}`. */
  uploadFile(file: Blob, name?: string): Promise<UploadedFile>;
  /** Tells the agent handling this user that the user is typing. */
  typing(): Promise<void>;
  unreadCount(): Promise<number>;
  close(): void;
}

/** A storage in memory, for Node or for tests. */
export function memoryStorage(): ChatStorage & { removeItem(key: string): void };
