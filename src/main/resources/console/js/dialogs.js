/*
 * Dialogs: a channel's clients, most recently active first (filtered by the start of their id, paged with "Load
 * more"), a search over what clients, bots and agents said, and one client's whole dialog with its saved state and
 * hand-offs, where an admin can export its transcript or erase it. Pages follow the server's opaque cursors. Every
 * piece of data from users is rendered as text (see dom.js and the agent view's message rendering, reused here).
 */
import { $, el, clear, fieldError, formatTime } from './dom.js';
import { channelPath } from './api.js';
import { messageNode } from './agent.js';

const PAGE = 50;
const HISTORY_PAGE = 200;
const PREFIX_DELAY_MS = 250;
const AUTHORS = { CLIENT: 'Client', BOT: 'Bot', OPERATOR: 'Agent', SYSTEM: 'System' };

function clientPath(channelId, clientId, rest = '') {
  return channelPath(channelId, '/clients/' + encodeURIComponent(clientId) + rest);
}

function author(name) { return AUTHORS[name] || String(name || ''); }

function query(params) {
  const parts = Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v));
  return parts.length ? '?' + parts.join('&') : '';
}

/** One line of a list: a button that opens the client, with what it shows as its accessible name. */
function openButton(clientId, onOpen) {
  const node = el('button', 'dialogs-open', null, { type: 'button', 'data-client-id': clientId });
  node.addEventListener('click', () => onOpen(clientId));
  return node;
}

export class DialogsView {
  constructor(context) {
    this.context = context;
    this.channelId = null;
    this.clientsCursor = null;
    this.hitsCursor = null;
    this.searched = '';
    this.clientId = null;
    this.messages = [];
    this.historyTotal = 0;
    this.listGeneration = 0;
    this.hitsGeneration = 0;
    this.clientGeneration = 0;
    this.prefixTimer = null;
    this.wire();
  }

  wire() {
    $('dialogs-channel').addEventListener('change', () => this.openChannel(Number($('dialogs-channel').value)));
    $('dialogs-search-form').addEventListener('submit', (e) => { e.preventDefault(); this.search(); });
    $('dialogs-hits-close').addEventListener('click', () => this.closeHits());
    $('dialogs-hits-more').addEventListener('click', () => this.loadHits(false));
    $('dialogs-prefix').addEventListener('input', () => {
      clearTimeout(this.prefixTimer);
      this.prefixTimer = setTimeout(() => this.loadClients(true), PREFIX_DELAY_MS);
    });
    $('dialogs-clients-more').addEventListener('click', () => this.loadClients(false));
    $('dialog-back').addEventListener('click', () => this.closeClient());
    $('dialog-earlier').addEventListener('click', () => this.loadHistory(false));
    $('dialog-export-json').addEventListener('click', () => this.exportTranscript('json'));
    $('dialog-export-csv').addEventListener('click', () => this.exportTranscript('csv'));
    $('dialog-erase').addEventListener('click', () => this.askErase());
    $('erase-cancel').addEventListener('click', () => $('erase-dialog').close());
    $('erase-confirm').addEventListener('click', () => this.erase());
  }

  async enter(channelId) {
    let channels = [];
    try {
      channels = ((await this.context.api.get('/api/v1/channels')) || {}).items || [];
    } catch (error) {
      fieldError($('dialogs-error'), 'Could not load the channels: ' + error.message);
      return;
    }
    const select = $('dialogs-channel');
    clear(select);
    channels.forEach((c) => select.appendChild(el('option', '', c.name, { value: c.id })));
    const wanted = channelId !== undefined ? channelId : this.channelId;
    const chosen = channels.find((c) => c.id === wanted) || channels[0];
    if (!chosen) {
      fieldError($('dialogs-error'), 'There is no channel yet: create one in Channels.');
      return;
    }
    select.value = String(chosen.id);
    if (chosen.id !== this.channelId) {
      await this.openChannel(chosen.id);
    } else {
      await this.loadClients(true);
    }
  }

  leave() {
    clearTimeout(this.prefixTimer);
    if ($('erase-dialog').open) { $('erase-dialog').close(); }
  }

  async openChannel(id) {
    this.channelId = id;
    $('dialogs-prefix').value = '';
    $('dialogs-search').value = '';
    this.closeHits();
    this.closeClient();
    await this.loadClients(true);
  }

  // ---------- clients ----------

  async loadClients(fresh) {
    const generation = ++this.listGeneration;
    const list = $('dialogs-clients');
    const params = { prefix: $('dialogs-prefix').value, limit: PAGE, cursor: fresh ? null : this.clientsCursor };
    fieldError($('dialogs-error'), '');
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await this.context.api.get(channelPath(this.channelId, '/clients' + query(params)));
      if (generation !== this.listGeneration) { return; }
      if (fresh) { clear(list); }
      (page.items || []).forEach((c) => list.appendChild(this.clientItem(c)));
      this.clientsCursor = page.nextCursor || null;
      $('dialogs-clients-more').hidden = !this.clientsCursor;
      $('dialogs-clients-empty').hidden = list.childElementCount > 0;
      $('dialogs-clients-empty').textContent = params.prefix ? 'No client id starts with that.' : 'No clients yet.';
    } catch (error) {
      if (generation === this.listGeneration) {
        fieldError($('dialogs-error'), 'Could not load the clients: ' + error.message);
      }
    } finally {
      if (generation === this.listGeneration) { list.setAttribute('aria-busy', 'false'); }
    }
  }

  clientItem(c) {
    const li = el('li', 'dialogs-item');
    const open = openButton(c.clientId, (id) => this.openClient(id));
    open.appendChild(el('span', 'dialogs-client', c.clientId));
    open.appendChild(el('span', 'meta', formatTime(c.lastActivityAt)));
    if (c.unread > 0) { open.appendChild(el('span', 'badge', c.unread + ' unread')); }
    if (c.withAgent) { open.appendChild(el('span', 'badge', 'with an agent', { 'data-status': 'ASSIGNED' })); }
    if (c.lastMessage) {
      open.appendChild(el('span', 'dialogs-preview', author(c.lastMessage.author) + ': ' + c.lastMessage.text));
    }
    li.appendChild(open);
    return li;
  }

  // ---------- search ----------

  async search() {
    const text = $('dialogs-search').value.trim();
    if (!text) {
      fieldError($('dialogs-error'), 'Type the words to search for.');
      $('dialogs-search').focus();
      return;
    }
    this.searched = text;
    await this.loadHits(true);
  }

  async loadHits(fresh) {
    const generation = ++this.hitsGeneration;
    const list = $('dialogs-hits');
    const params = { text: this.searched, limit: PAGE, cursor: fresh ? null : this.hitsCursor };
    fieldError($('dialogs-error'), '');
    $('dialogs-search-button').disabled = true;
    try {
      const page = await this.context.api.get(channelPath(this.channelId, '/search' + query(params)));
      if (generation !== this.hitsGeneration) { return; }
      if (fresh) { clear(list); }
      (page.items || []).forEach((hit) => list.appendChild(this.hitItem(hit)));
      this.hitsCursor = page.nextCursor || null;
      $('dialogs-hits-heading').textContent = 'Messages that say “' + this.searched + '”';
      $('dialogs-hits-more').hidden = !this.hitsCursor;
      $('dialogs-hits-empty').hidden = list.childElementCount > 0;
      $('dialogs-hits-pane').hidden = false;
      $('dialogs-clients-pane').hidden = true;
    } catch (error) {
      if (generation === this.hitsGeneration) { fieldError($('dialogs-error'), 'Search failed: ' + error.message); }
    } finally {
      $('dialogs-search-button').disabled = false;
    }
  }

  hitItem(hit) {
    const li = el('li', 'dialogs-item');
    const open = openButton(hit.clientId, (id) => this.openClient(id));
    open.appendChild(el('span', 'dialogs-client', hit.clientId));
    open.appendChild(el('span', 'meta', author(hit.author) + ' · ' + formatTime(hit.timestamp)));
    open.appendChild(el('span', 'dialogs-preview dialogs-hit-text', hit.text));
    li.appendChild(open);
    return li;
  }

  closeHits() {
    this.hitsGeneration++;
    this.hitsCursor = null;
    clear($('dialogs-hits'));
    $('dialogs-hits-pane').hidden = true;
    $('dialogs-clients-pane').hidden = false;
  }

  // ---------- one client ----------

  async openClient(clientId) {
    const generation = ++this.clientGeneration;
    this.clientId = clientId;
    this.messages = [];
    fieldError($('dialog-error'), '');
    $('dialog-client').textContent = clientId;
    $('dialog-meta').textContent = '';
    clear($('dialog-history'));
    clear($('dialog-handoffs'));
    $('dialog-state').textContent = '';
    $('dialog-pane').hidden = false;
    $('dialogs-view').setAttribute('data-open', 'true');
    this.markCurrent();
    try {
      const detail = await this.context.api.get(clientPath(this.channelId, clientId));
      if (generation !== this.clientGeneration) { return; }
      this.renderDetail(detail);
      await this.loadHistory(true);
    } catch (error) {
      if (generation === this.clientGeneration) {
        fieldError($('dialog-error'), 'Could not load the client: ' + error.message);
      }
    }
    $('dialog-client').setAttribute('tabindex', '-1');
    $('dialog-client').focus();
  }

  markCurrent() {
    document.querySelectorAll('#dialogs-view .dialogs-open').forEach((b) => {
      if (b.getAttribute('data-client-id') === this.clientId) {
        b.setAttribute('aria-current', 'true');
      } else {
        b.removeAttribute('aria-current');
      }
    });
  }

  renderDetail(d) {
    const parts = [d.messageCount + (d.messageCount === 1 ? ' message' : ' messages'), d.unread + ' unread',
      'last active ' + formatTime(d.lastActivityAt)];
    if (d.withAgent) { parts.push('with an agent'); }
    $('dialog-meta').textContent = parts.join(' · ');
    const empty = !d.state || Object.keys(d.state).length === 0;
    $('dialog-state').textContent = empty ? 'Nothing saved.'
      : JSON.stringify(d.state, null, 2) + '\n(version ' + d.stateVersion + ')';
    const list = $('dialog-handoffs');
    (d.handoffs || []).forEach((h) => list.appendChild(this.handoffItem(h)));
    $('dialog-handoffs-empty').hidden = list.childElementCount > 0;
  }

  handoffItem(h) {
    const li = el('li', 'dialog-handoff');
    li.appendChild(el('span', 'badge', h.status, { 'data-status': h.status }));
    li.appendChild(el('span', '', h.agent ? 'Agent ' + h.agent.name : 'No agent yet'));
    li.appendChild(el('span', 'meta', 'from ' + formatTime(h.createdAt) + ', changed ' + formatTime(h.updatedAt)));
    li.appendChild(el('span', 'dialog-handoff-first', 'Started with: ' + h.firstMessage));
    return li;
  }

  /** The newest page first; "Load earlier messages" adds the page before it at the top. */
  async loadHistory(fresh) {
    const generation = this.clientGeneration;
    const offset = fresh ? 0 : this.messages.length;
    const params = { order: 'desc', limit: HISTORY_PAGE, offset };
    try {
      const page = await this.context.api.get(clientPath(this.channelId, this.clientId, '/history' + query(params)));
      if (generation !== this.clientGeneration) { return; }
      const older = (page.messages || []).slice().reverse();
      this.messages = older.concat(fresh ? [] : this.messages);
      this.historyTotal = page.totalCount || 0;
      this.renderHistory(fresh);
    } catch (error) {
      if (generation === this.clientGeneration) {
        fieldError($('dialog-error'), 'Could not load the dialog: ' + error.message);
      }
    }
  }

  renderHistory(scrollToEnd) {
    const list = $('dialog-history');
    clear(list);
    this.messages.forEach((m) => list.appendChild(this.messageItem(m)));
    $('dialog-earlier').hidden = this.messages.length >= this.historyTotal;
    if (scrollToEnd) { list.scrollTop = list.scrollHeight; }
  }

  /** The agent view's rendering of a message, with the delivery status of messages to the client. */
  messageItem(m) {
    const li = messageNode(m);
    if (m.author !== 'CLIENT' && m.status) {
      const meta = li.querySelector('.meta');
      if (meta) { meta.appendChild(document.createTextNode(' · ' + m.status)); }
    }
    return li;
  }

  closeClient() {
    this.clientGeneration++;
    this.clientId = null;
    $('dialog-pane').hidden = true;
    $('dialogs-view').removeAttribute('data-open');
    this.markCurrent();
  }

  // ---------- export and erasure ----------

  async exportTranscript(format) {
    fieldError($('dialog-error'), '');
    try {
      const file = await this.context.api.download(
        clientPath(this.channelId, this.clientId, '/transcript?format=' + format));
      const url = URL.createObjectURL(file.blob);
      const link = el('a', 'visually-hidden', null,
        { href: url, download: file.name || ('transcript-' + this.clientId + '.' + format) });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (error) {
      fieldError($('dialog-error'), error.missing ? 'This server cannot export transcripts yet.'
        : 'Could not export the transcript: ' + error.message);
    }
  }

  askErase() {
    fieldError($('erase-error'), '');
    $('erase-text').textContent = 'Everything stored about ' + this.clientId + ' — its dialog, saved state, files'
      + ' and hand-offs — is deleted at once. This cannot be undone.';
    $('erase-dialog').showModal();
    $('erase-cancel').focus();
  }

  async erase() {
    const clientId = this.clientId;
    $('erase-confirm').disabled = true;
    try {
      await this.context.api.delete(clientPath(this.channelId, clientId));
      await this.erased('Client ' + clientId + ' is erased.');
    } catch (error) {
      if (error.status === 404 && error.body && error.body.error === 'admin.client.not_found') {
        // erased meanwhile (another admin, another tab): what was asked for is done
        await this.erased('Client ' + clientId + ' was already erased.');
      } else {
        fieldError($('erase-error'), error.missing ? 'This server cannot erase clients yet.'
          : 'Could not erase the client: ' + error.message);
      }
    } finally {
      $('erase-confirm').disabled = false;
    }
  }

  /** Back to the clients, not to search hits that would still show what was erased. */
  async erased(message) {
    $('erase-dialog').close();
    this.context.status(message);
    this.closeClient();
    this.closeHits();
    await this.loadClients(true);
    $('dialogs-search').focus();
  }
}
