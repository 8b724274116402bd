// Parley Chat API client: one ES module without dependencies, for browsers and Node 18+.
// Licensed under the Apache License, Version 2.0. Served by every Parley server at /sdk/parley-chat.js.

// Node 18 has Web Crypto only as a module, not as a global; browsers and Node 19+ have the global, so this import
// never runs there (the specifier is built at run time so that bundlers for browsers leave it alone).
const webCrypto = globalThis.crypto && globalThis.crypto.getRandomValues
  ? globalThis.crypto
  : (await import('node:' + 'crypto')).webcrypto;

const KEY_PREFIX = 'parley-chat:';
const DELIVERED_TYPES = new Set(['botResponse', 'humanResponse']);
const REMEMBERED_KEYS = 1000;
const POLL_SECONDS = 25;
const STATUS_BATCH = 1000;
const STABLE_STREAM_MS = 5000;

/** An error answered by the server (`status`, `code` as in its JSON error) or a failed request (`status` 0). */
export class ParleyError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.name = 'ParleyError';
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/** A client of one channel for one user: sends messages, receives the ones that arrive later, reads client data. */
export class ParleyChat {
  constructor(options) {
    const { server, token, clientId, storage, cid, clientSignature } = options || {};
    if (typeof server !== 'string' || !server) throw new TypeError('ParleyChat: server (a URL) is required');
    if (typeof token !== 'string' || !token) throw new TypeError('ParleyChat: token is required');
    this.server = server.replace(/\/+$/, '');
    this.token = token;
    this.cid = cid;
    this.clientSignature = clientSignature;
    this.storage = storage || defaultStorage();
    this.retries = options.retries ?? 5;
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 30000 };
    this._fetch = options.fetch || ((...args) => globalThis.fetch(...args));
    this._EventSource = 'EventSource' in options ? options.EventSource : globalThis.EventSource;
    this._tokenKey = KEY_PREFIX + token.split(':')[0] + ':';
    this.clientId = clientId != null ? String(clientId) : this._storedClientId();
    this._positionKey = this._tokenKey + 'position:' + this.clientId;
    this._listeners = { message: [], connection: [], typing: [] };
    this._seen = new Set();
    this._answered = new Set();
    this._etag = null;
    this._closed = false;
    this._receiving = false;
    this._online = null;
    this._last = null;
    this._stop = () => {};
    this._unwatch = () => {};
    this._sleepers = new Set();
  }

  /**
   * Listens to `message` (an envelope), `connection` (`'online'` / `'offline'`) or `typing` (`{agent: {id, name}}`, an
   * agent typing to this user; over EventSource only); returns a function to stop.
   */
  on(type, fn) {
    const list = this._listeners[type];
    if (!list) throw new TypeError('ParleyChat.on: unknown event type ' + type);
    list.push(fn);
    if (!this._receiving && !this._closed) {
      this._receiving = true;
      this._watchNetwork();
      this._receive();
    }
    return () => list.splice(list.indexOf(fn) >>> 0, 1);
  }

  /** Sends a text, or `{event, data}` / `{query, data}`; resolves to the reply envelope. */
  async send(message, { idempotencyKey } = {}) {
    const body = { clientId: this.clientId };
    if (typeof message === 'string') {
      body.query = message;
    } else if (message && (message.query != null || message.event != null)) {
      if (message.query != null) body.query = message.query;
      if (message.event != null) body.event = message.event;
      if (message.data != null) body.data = message.data;
    } else {
      throw new TypeError('ParleyChat.send: a text or {event, data} is required');
    }
    if (this.cid) body.cid = this.cid;
    const key = idempotencyKey || randomId();
    const envelope = await this._request('POST', '', { body, headers: { 'Idempotency-Key': key }, retry: true });
    remember(this._answered, envelope.questionId);
    return envelope;
  }

  /** A page of the conversation, oldest first: `limit` entries before the time `before` (all by default). */
  async history({ limit = 50, before } = {}) {
    const query = { order: 'desc', limit };
    if (before != null) query.to = toMillis(before) - 1;
    const page = await this._request('GET', this._clientPath('/history'), { query, retry: true });
    const messages = page.messages.slice().reverse();
    return { messages, totalCount: page.totalCount,
      before: messages.length ? messages[0].timestamp : null };
  }

  /** Your app's saved state for this user (`{}` when none); remembers its ETag for the next `saveState`. */
  async getState() {
    const { body, etag } = await this._exchange('GET', this._clientPath('/state'), { retry: true });
    this._etag = etag;
    return body;
  }

  /**
   * Saves the state. It is refused with a ParleyError of status 412 when someone saved since this client's last
   * `getState` or `saveState`: load it again, merge, save again. `{force: true}` overwrites whatever is there.
   */
  async saveState(state, { force = false } = {}) {
    const headers = {};
    if (!force && this._etag) headers['If-Match'] = this._etag;
    const query = this.cid ? { cid: this.cid } : {};
    const { etag } = await this._exchange('POST', this._clientPath('/state'), { body: state, headers, query,
      retry: true });
    this._etag = etag;
  }

  /** Marks the messages with these questionIds as read. */
  markRead(questionIds) {
    return this._mark(questionIds, 'READ');
  }

  /** Marks the messages with these questionIds as delivered: shown to the user, not necessarily read yet. */
  markDelivered(questionIds) {
    return this._mark(questionIds, 'DELIVERED');
  }

  /**
   * Uploads a file (a `Blob` or `File`; in Node a `Blob` with a `name`) for this conversation; resolves to
   * `{url, name, mimeType, size}` with an absolute `url`. Send it on with `send({event: 'fileEvent', data: {files:
   * [file]}})`. Too large → ParleyError 413, a type the server does not take → 415, too many uploads → 429.
   */
  async uploadFile(file, name) {
    if (!file || typeof file.size !== 'number') throw new TypeError('ParleyChat.uploadFile: a File or Blob is required');
    const form = new FormData();
    form.append('file', file, name || file.name || 'file');
    const uploaded = await this._request('POST', this._clientPath('/files'), { form });
    return { ...uploaded, url: new URL(uploaded.url, this.server + '/').href };
  }

  /** Tells the agent handling this user that the user is typing (nothing happens while a bot answers). */
  async typing() {
    await this._request('POST', this._clientPath('/typing'));
  }

  async _mark(questionIds, status) {
    const ids = Array.from(questionIds || []);
    for (let i = 0; i < ids.length; i += STATUS_BATCH) {
      const statuses = ids.slice(i, i + STATUS_BATCH).map((questionId) => ({ questionId, status }));
      await this._request('POST', this._clientPath('/message-statuses'), { body: { statuses }, retry: true });
    }
  }

  /** How many messages to this user are not read yet. */
  async unreadCount() {
    return (await this._request('GET', this._clientPath('/message-not-read-count'), { retry: true })).count;
  }

  /** Stops receiving; sends and reads still work. */
  close() {
    this._closed = true;
    this._unwatch();
    this._stop();
  }

  // ---- receiving -------------------------------------------------------------------------------------------------

  /**
   * In a browser, follows its own view of the network: a stream whose network is gone may stay silently open for
   * minutes, so going offline ends it at once (it resumes from the last event), and coming back online retries at
   * once instead of at the end of the back-off.
   */
  _watchNetwork() {
    if (typeof globalThis.addEventListener !== 'function') return;
    const offline = () => {
      this._connection('offline');
      this._stop();
    };
    const online = () => [...this._sleepers].forEach((wake) => wake());
    globalThis.addEventListener('offline', offline);
    globalThis.addEventListener('online', online);
    this._unwatch = () => {
      globalThis.removeEventListener('offline', offline);
      globalThis.removeEventListener('online', online);
    };
  }

  async _receive() {
    let failures = 0;
    while (!this._closed) {
      try {
        const position = await this._position();
        if (this._closed) return;
        const ok = this._EventSource ? await this._stream(position) : await this._poll(position);
        failures = ok ? 0 : failures + 1;
      } catch (e) {
        failures++;
      }
      if (failures > 0 && !this._closed) {
        this._connection('offline');
        await this._sleep(this._delay(failures - 1));
      }
    }
  }

  /** Where to resume: the stored position, else the newest entry of the history (so old messages are not replayed). */
  async _position() {
    if (this._last != null) return this._last;
    const stored = this.storage.getItem(this._positionKey);
    if (stored != null && /^\d+$/.test(stored)) {
      this._last = Number(stored);
    } else {
      const page = await this._request('GET', this._clientPath('/history'), { query: { order: 'desc', limit: 1 } });
      this._last = page.messages.length ? Date.parse(page.messages[0].timestamp) : 0;
      this.storage.setItem(this._positionKey, String(this._last));
    }
    return this._last;
  }

  /** One long poll; resolves true when it was answered, false after a failure. */
  async _poll(position) {
    const controller = new AbortController();
    this._stop = () => controller.abort();
    // a proxy that holds a poll open past the server's own timeout must not stall receiving
    const limit = setTimeout(() => controller.abort(), (POLL_SECONDS + 15) * 1000);
    // after a start or a failure, the first poll answers at once, so that being online is known at once
    const query = this._eventQuery({ ts: position, timeout: this._online === 'online' ? POLL_SECONDS : 0 });
    let page;
    try {
      page = await this._request('GET', '/events', { query, signal: controller.signal });
    } catch (e) {
      return false;
    } finally {
      clearTimeout(limit);
    }
    this._connection('online');
    for (const item of page.events) this._deliver(item, Date.parse(item.event.timestamp + 'Z'));
    return true;
  }

  /**
   * One EventSource until it fails; resolves true when it had stayed open a while, false when it failed before or soon
   * after opening (so a server that closes every stream at once is retried with back-off, not in a tight loop).
   */
  _stream(position) {
    return new Promise((resolve) => {
      const url = this._url('/events/stream', this._eventQuery({ ts: position }));
      const source = new this._EventSource(url);
      let openedAt = null;
      const end = () => {
        source.close();
        this._stop = () => {};
        resolve(openedAt !== null && Date.now() - openedAt >= STABLE_STREAM_MS);
      };
      this._stop = end;
      source.addEventListener('open', () => {
        openedAt = Date.now();
        this._connection('online');
      });
      for (const type of DELIVERED_TYPES) {
        source.addEventListener(type, (e) => this._deliver(JSON.parse(e.data), Number(e.lastEventId)));
      }
      source.addEventListener('typing', (e) => {
        if (!this._closed) this._emit('typing', JSON.parse(e.data));
      });
      // the browser would reconnect by itself, but not after every kind of failure: reconnecting here always
      // resumes from the last delivered event, whatever failed
      source.addEventListener('error', () => {
        this._connection('offline');
        end();
      });
    });
  }

  _eventQuery(extra) {
    const query = { clientId: this.clientId, all: false, ...extra };
    if (this.cid) query.cid = this.cid;
    if (this.clientSignature) query.clientSignature = this.clientSignature;
    return query;
  }

  /** Hands one event to the listeners unless it was already delivered or came back from `send`. */
  _deliver(item, ts) {
    if (this._closed || !DELIVERED_TYPES.has(item.type)) return;
    if (Number.isFinite(ts) && ts <= this._last) return;
    const key = item.type + ':' + item.event.questionId;
    const fresh = !this._seen.has(key) && !(item.type === 'botResponse' && this._answered.has(item.event.questionId));
    remember(this._seen, key);
    if (fresh) this._emit('message', item.event);
    if (Number.isFinite(ts)) {
      this._last = ts;
      // tabs sharing the storage each keep their own place; a reload resumes from the furthest
      const stored = Number(this.storage.getItem(this._positionKey) || 0);
      if (ts > stored) this.storage.setItem(this._positionKey, String(ts));
    }
  }

  _connection(state) {
    if (this._online === state) return;
    this._online = state;
    this._emit('connection', state);
  }

  _emit(type, value) {
    for (const fn of this._listeners[type].slice()) {
      try {
        fn(value);
      } catch (e) {
        setTimeout(() => { throw e; });
      }
    }
  }

  // ---- requests --------------------------------------------------------------------------------------------------

  async _request(method, path, options) {
    return (await this._exchange(method, path, options)).body;
  }

  /** One call, retried (when `retry`) on network errors, 5xx and 429 with back-off; resolves to {body, etag}. */
  async _exchange(method, path, { body, form, headers = {}, query, retry = false, signal } = {}) {
    const init = { method, headers: { Accept: 'application/json', ...headers }, signal };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    // the browser writes a form's Content-Type itself, with its boundary
    if (form !== undefined) init.body = form;
    if (this.clientSignature) init.headers['X-Client-Signature'] = this.clientSignature;
    const url = this._url(path, query);
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await this._fetch(url, init);
      } catch (e) {
        if (!retry || attempt >= this.retries || (signal && signal.aborted)) {
          throw new ParleyError(0, 'network', 'Could not reach the server: ' + e.message);
        }
        await this._sleep(this._delay(attempt));
        continue;
      }
      const retriable = response.status >= 500 || response.status === 429;
      if (retriable && retry && attempt < this.retries) {
        await this._sleep(retryAfter(response) ?? this._delay(attempt));
        continue;
      }
      return { body: await parse(response), etag: response.headers.get('ETag') };
    }
  }

  _clientPath(suffix) {
    return '/client/' + encodeURIComponent(this.clientId) + suffix;
  }

  _url(path, query) {
    let url = this.server + '/chatapi/' + encodeURIComponent(this.token).replace(/%3A/gi, ':') + path;
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query || {})) params.append(name, String(value));
    const text = params.toString();
    return text ? url + '?' + text : url;
  }

  /** Exponential back-off with full jitter. */
  _delay(attempt) {
    const ceiling = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** attempt);
    return ceiling / 2 + Math.random() * ceiling / 2;
  }

  /** Waits, or less when the browser comes back online. */
  _sleep(ms) {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this._sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this._sleepers.add(wake);
    });
  }

  _storedClientId() {
    const key = this._tokenKey + 'clientId';
    const stored = this.storage.getItem(key);
    if (stored) return stored;
    const generated = randomId();
    this.storage.setItem(key, generated);
    return generated;
  }
}

/** 128 random bits as a UUID (version 4), from the platform's cryptographic generator. */
function randomId() {
  const bytes = webCrypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Adds to a set that keeps only the newest keys, so a long session does not grow it without end. */
function remember(set, key) {
  set.delete(key);
  set.add(key);
  if (set.size > REMEMBERED_KEYS) set.delete(set.values().next().value);
}

function defaultStorage() {
  try {
    if (globalThis.localStorage) return globalThis.localStorage;
  } catch (e) {
    // a browser with storage disabled throws on access: fall back to memory
  }
  return memoryStorage();
}

/** A Storage-like object in memory, for Node and for browsers without localStorage. */
export function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
}

function toMillis(time) {
  if (time instanceof Date) return time.getTime();
  if (typeof time === 'number') return time;
  const parsed = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(time) ? time : time + 'Z');
  if (Number.isNaN(parsed)) throw new TypeError('ParleyChat.history: before is not a time: ' + time);
  return parsed;
}

function retryAfter(response) {
  const header = response.headers.get('Retry-After');
  if (header == null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

async function parse(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : {};
  } catch (e) {
    body = { message: text };
  }
  if (!response.ok) {
    throw new ParleyError(response.status, (body && body.error) || 'http.' + response.status,
      (body && body.message) || 'HTTP ' + response.status, body);
  }
  return body;
}
