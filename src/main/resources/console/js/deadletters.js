/*
 * Dead letters (admins): per channel, the webhook deliveries that gave up, with the last error and when; redeliver
 * one, or all of them after a confirmation on the page. The list is loaded again after each action and every few
 * seconds while the view is open, since redelivered calls may fail again.
 */
import { $, el, clear, button, fieldError, formatTime } from './dom.js';
import { channelPath } from './api.js';
import { fillChannels } from './picker.js';

const REFRESH_MS = 5000;

export class DeadLettersView {
  constructor(context) {
    this.context = context;
    this.items = [];
    this.timer = null;
    this.wire();
  }

  wire() {
    $('deadletters-channel').addEventListener('change', () => { this.closeConfirm(); this.refresh(); });
    $('deadletters-refresh').addEventListener('click', () => this.refresh());
    $('deadletters-all').addEventListener('click', () => this.openConfirm());
    $('deadletters-all-no').addEventListener('click', () => { this.closeConfirm(); $('deadletters-all').focus(); });
    $('deadletters-all-yes').addEventListener('click', () => this.redeliverAll());
  }

  async enter() {
    try {
      await fillChannels($('deadletters-channel'), this.context.api);
    } catch (error) {
      fieldError($('deadletters-error'), 'Could not load the channels: ' + error.message);
      return;
    }
    this.refresh();
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  leave() {
    clearInterval(this.timer);
    this.timer = null;
    this.closeConfirm();
  }

  channelId() { return $('deadletters-channel').value; }

  channelName() {
    const select = $('deadletters-channel');
    return select.selectedIndex >= 0 ? select.options[select.selectedIndex].textContent : '';
  }

  async refresh() {
    const channel = this.channelId();
    if (!channel) { this.render([]); return; }
    try {
      const data = await this.context.api.get(channelPath(channel, '/dead-letters'));
      if (channel !== this.channelId()) { return; }
      fieldError($('deadletters-error'), '');
      const fresh = (data && data.items) || [];
      if (JSON.stringify(fresh) !== JSON.stringify(this.items) || $('deadletter-rows').childElementCount !== fresh.length) {
        this.render(fresh);
      }
    } catch (error) {
      fieldError($('deadletters-error'), 'Could not load the dead letters: ' + error.message);
    }
  }

  /** Re-rendered while a keyboard user may be on a row's button: focus goes back to the same button if it remains. */
  render(items) {
    this.items = items;
    const rows = $('deadletter-rows');
    const focused = rows.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
    clear(rows);
    items.forEach((d) => rows.appendChild(this.row(d)));
    $('deadletters-empty').hidden = items.length > 0;
    $('deadletters-all').disabled = items.length === 0;
    if (items.length === 0) { this.closeConfirm(); }
    const again = focused && [...rows.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === focused);
    if (again) { again.focus(); }
  }

  row(d) {
    const tr = el('tr', '', null, { 'data-dead-letter-id': d.id });
    tr.appendChild(el('th', 'client-id', d.clientId, { scope: 'row' }));
    tr.appendChild(el('td', 'last-error', d.lastError || '—', { 'data-label': 'Last error' }));
    tr.appendChild(el('td', 'meta', formatTime(d.failedAt), { 'data-label': 'Failed', title: d.failedAt || '' }));
    tr.appendChild(el('td', 'number', d.attempts, { 'data-label': 'Attempts' }));
    const actions = el('td', 'row-actions');
    actions.appendChild(button('Redeliver', () => this.redeliver(d),
      { className: 'secondary', ariaLabel: 'Redeliver dead letter ' + d.id + ' to ' + d.clientId }));
    tr.appendChild(actions);
    return tr;
  }

  async redeliver(d) {
    try {
      await this.context.api.post('/api/v1/dead-letters/' + encodeURIComponent(d.id) + '/redeliver');
      this.context.status('Dead letter ' + d.id + ' for ' + d.clientId + ' is back in line.');
    } catch (error) {
      fieldError($('deadletters-error'), 'Could not redeliver ' + d.clientId + ': ' + error.message);
    }
    this.refresh();
  }

  openConfirm() {
    const n = this.items.length;
    $('deadletters-confirm-text').textContent = 'Put ' + (n === 1 ? 'the dead letter' : 'all ' + n + ' dead letters')
      + ' of ' + this.channelName() + ' back in line? Their webhook calls start again with fresh attempts.';
    $('deadletters-confirm').hidden = false;
    $('deadletters-all-no').focus();
  }

  closeConfirm() { $('deadletters-confirm').hidden = true; }

  async redeliverAll() {
    const channel = this.channelId();
    this.closeConfirm();
    try {
      const done = await this.context.api.post(channelPath(channel, '/dead-letters/redeliver'));
      const n = done ? done.redelivered : 0;
      this.context.status(n === 1 ? 'One dead letter is back in line.' : n + ' dead letters are back in line.');
    } catch (error) {
      fieldError($('deadletters-error'), 'Could not redeliver them: ' + error.message);
    }
    $('deadletters-all').focus();
    this.refresh();
  }
}
