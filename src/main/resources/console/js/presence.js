/*
 * Agents (admins): who is signed in to the console now, each with the conversations they hold, and how many clients
 * wait in the queue; refreshed every few seconds while the view is open.
 */
import { $, el, clear, fieldError, formatTime } from './dom.js';

const REFRESH_MS = 3000;

export class AgentsView {
  constructor(context) {
    this.context = context;
    this.timer = null;
    this.shown = '';
    this.channelNames = new Map();
  }

  enter() {
    this.shown = '';
    this.loadChannels();
    this.refresh();
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  leave() {
    clearInterval(this.timer);
    this.timer = null;
  }

  /** Channel names for the conversations; without them a conversation shows its channel's id. */
  async loadChannels() {
    try {
      const data = await this.context.api.get('/api/v1/channels');
      this.channelNames = new Map(((data && data.items) || []).map((c) => [c.id, c.name]));
      this.shown = '';
      this.refresh();
    } catch (error) {
      // the ids will do
    }
  }

  async refresh() {
    try {
      const data = await this.context.api.get('/api/v1/presence');
      fieldError($('agents-error'), '');
      const raw = JSON.stringify(data);
      if (raw !== this.shown) {
        this.shown = raw;
        this.render(data);
      }
    } catch (error) {
      fieldError($('agents-error'), error.missing ? 'This server cannot tell who is online yet.'
        : 'Could not load who is online: ' + error.message);
    }
  }

  render(data) {
    const items = (data && data.items) || [];
    const queued = data && typeof data.queued === 'number' ? data.queued : 0;
    $('agents-queued').textContent = queued === 0 ? 'Nobody waits in the queue.'
      : queued + (queued === 1 ? ' client waits' : ' clients wait') + ' in the queue.';
    const list = $('agent-cards');
    clear(list);
    items.forEach((a) => list.appendChild(this.card(a)));
    $('agents-empty').hidden = items.length > 0;
  }

  card(a) {
    const li = el('li', 'agent-card', null, { 'data-account-id': a.id });
    const head = el('div', 'agent-card-head');
    head.appendChild(el('h3', 'agent-card-name', a.name));
    head.appendChild(el('span', 'meta', a.login));
    head.appendChild(el('span', 'badge role', a.role));
    li.appendChild(head);
    const open = a.conversations || [];
    li.appendChild(el('p', 'meta', open.length === 0 ? 'No open conversations.'
      : open.length + (open.length === 1 ? ' open conversation' : ' open conversations')));
    if (open.length > 0) {
      const ul = el('ul', 'agent-conversations', null, { 'aria-label': 'Conversations of ' + a.name });
      open.forEach((c) => ul.appendChild(this.conversation(c)));
      li.appendChild(ul);
    }
    return li;
  }

  conversation(c) {
    const li = el('li', 'agent-conversation', null, { 'data-conversation-id': c.id });
    li.appendChild(el('span', 'client', c.clientId));
    li.appendChild(el('span', 'meta', (this.channelNames.get(c.channelId) || 'channel ' + c.channelId)
      + ' · since ' + formatTime(c.updatedAt)));
    if (c.firstMessage) { li.appendChild(el('span', 'preview', 'First message: ' + c.firstMessage)); }
    return li;
  }
}
