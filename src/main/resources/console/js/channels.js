/*
 * Channels: every channel with its status, webhook, clients and last activity, refreshed while the view is open;
 * a form to create and edit one, copy its token and a ready curl line, rotate the token, send a webhook test call,
 * and delete (after typing the name). Errors from the API are shown beside the field they concern.
 */
import { $, el, clear, button, copy, fieldError, formatTime } from './dom.js';
import { channelPath } from './api.js';
import { scenarioTemplate } from './templates.js';

const REFRESH_MS = 4000;

/** The form field an API error message is about, so it is shown there rather than at the bottom of the form. */
function fieldOf(message) {
  const text = String(message);
  if (/webhook/i.test(text)) { return 'channel-webhook-error'; }
  if (/\btoken\b/i.test(text)) { return 'channel-token-error'; }
  if (/\bname\b/i.test(text)) { return 'channel-name-error'; }
  return 'channel-form-error';
}

function problemText(problem) {
  if (typeof problem === 'string') { return problem; }
  if (problem && typeof problem === 'object') {
    return [problem.code, problem.message].filter((p) => typeof p === 'string' && p).join(': ') || JSON.stringify(problem);
  }
  return String(problem);
}

export class ChannelsView {
  constructor(context) {
    this.context = context;
    this.channels = [];
    this.editing = null; // the channel being edited, or null when creating one
    this.timer = null;
    this.wire();
  }

  wire() {
    $('new-channel').addEventListener('click', () => this.openForm(null));
    $('channel-form').addEventListener('submit', (e) => { e.preventDefault(); this.save(); });
    $('channel-cancel').addEventListener('click', () => this.closeForm());
    $('bot-scenario').addEventListener('change', () => this.renderBotKind());
    $('bot-external').addEventListener('change', () => this.renderBotKind());
    $('copy-token').addEventListener('click', () => this.copyField('channel-token', 'The token'));
    $('copy-curl').addEventListener('click', () => this.copyField('channel-curl', 'The curl command'));
    $('rotate-token').addEventListener('click', () => { $('rotate-confirm').hidden = false; $('rotate-no').focus(); });
    $('rotate-no').addEventListener('click', () => { $('rotate-confirm').hidden = true; $('rotate-token').focus(); });
    $('rotate-yes').addEventListener('click', () => this.rotate());
    $('webhook-test').addEventListener('click', () => this.testWebhook());
    $('delete-name').addEventListener('input', () => {
      $('channel-delete').disabled = !this.editing || $('delete-name').value !== this.editing.name;
    });
    $('channel-delete').addEventListener('click', () => this.remove());
  }

  enter() {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  leave() {
    clearInterval(this.timer);
    this.timer = null;
  }

  async refresh() {
    try {
      const data = await this.context.api.get('/api/v1/channels');
      const fresh = (data && data.items) || [];
      fieldError($('channels-error'), '');
      if (JSON.stringify(fresh) === JSON.stringify(this.channels) && $('channel-rows').childElementCount === fresh.length) {
        return;
      }
      this.channels = fresh;
      this.renderList();
      this.renderLive();
    } catch (error) {
      fieldError($('channels-error'), 'Could not load the channels: ' + error.message);
    }
  }

  /** Re-rendered live, so a keyboard user's focus on a row's button is put back on the same button. */
  renderList() {
    const rows = $('channel-rows');
    const focused = rows.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
    clear(rows);
    this.channels.forEach((c) => rows.appendChild(this.row(c)));
    $('channels-empty').hidden = this.channels.length > 0;
    const again = focused && [...rows.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === focused);
    if (again) { again.focus(); }
  }

  row(c) {
    const tr = el('tr', '', null, { 'data-channel-id': c.id });
    const name = el('th', 'channel-name', c.name, { scope: 'row' });
    tr.appendChild(name);
    const status = el('td', '', null, { 'data-label': 'Status' });
    status.appendChild(el('span', 'badge', c.status, { 'data-status': c.status }));
    tr.appendChild(status);
    tr.appendChild(el('td', 'url', c.webhookUrl || '—', { 'data-label': 'Webhook' }));
    tr.appendChild(el('td', 'number', typeof c.clients === 'number' ? c.clients : '—', { 'data-label': 'Clients' }));
    tr.appendChild(el('td', 'meta', c.lastActivityAt ? formatTime(c.lastActivityAt) : '—',
      { 'data-label': 'Last activity' }));
    const actions = el('td', 'row-actions');
    actions.appendChild(button('Edit', () => this.openForm(c), { className: 'secondary', ariaLabel: 'Edit channel ' + c.name }));
    actions.appendChild(button('Studio', () => this.context.show('studio', c.id),
      { className: 'secondary', ariaLabel: 'Open channel ' + c.name + ' in the studio' }));
    tr.appendChild(actions);
    return tr;
  }

  /** The open form's status line follows the list: CONNECTED, or what keeps the channel from connecting. */
  renderLive() {
    if (!this.editing) { return; }
    const fresh = this.channels.find((c) => c.id === this.editing.id);
    if (!fresh) { return; }
    this.editing = fresh;
    $('channel-live').hidden = false;
    $('channel-status').textContent = fresh.status;
    $('channel-status').setAttribute('data-status', fresh.status);
    const list = $('channel-problems');
    clear(list);
    (Array.isArray(fresh.problems) ? fresh.problems : []).forEach((p) => list.appendChild(el('li', '', problemText(p))));
  }

  openForm(channel) {
    this.editing = channel;
    const editing = channel !== null;
    ['channel-name-error', 'channel-token-error', 'channel-webhook-error', 'channel-form-error',
      'channel-delete-error'].forEach((id) => fieldError($(id), ''));
    $('webhook-test-result').hidden = true;
    $('rotate-confirm').hidden = true;
    $('channel-form-heading').textContent = editing ? 'Edit channel' : 'New channel';
    $('channel-name').value = editing ? channel.name : '';
    $('channel-token').value = editing ? channel.token : '';
    $('channel-token-hint').hidden = editing;
    $('channel-blockform').checked = editing && channel.blockForm === true;
    $('channel-webhook-url').value = editing && channel.webhookUrl ? channel.webhookUrl : '';
    $('channel-webhook-secret').value = '';
    $('channel-webhook-secret').placeholder = editing && channel.hasWebhookSecret ? 'unchanged (set)' : '';
    const external = editing && channel.bot && channel.bot.type === 'http';
    $('bot-external').checked = external;
    $('bot-scenario').checked = !external;
    $('channel-bot-url').value = external && channel.bot.url ? channel.bot.url : '';
    ['copy-token', 'rotate-token', 'curl-row', 'delete-zone'].forEach((id) => { $(id).hidden = !editing; });
    $('channel-live').hidden = !editing;
    $('delete-name').value = '';
    $('channel-delete').disabled = true;
    if (editing) { this.renderTokenBits(); this.renderLive(); }
    this.renderBotKind();
    $('channel-form').hidden = false;
    $('channel-name').focus();
  }

  closeForm() {
    this.editing = null;
    $('channel-form').hidden = true;
    $('new-channel').focus();
  }

  renderBotKind() {
    const external = $('bot-external').checked;
    $('external-bot').hidden = !external;
    $('scenario-start').hidden = external || !this.needsScenario();
    $('scenario-kept').hidden = external || this.needsScenario();
  }

  /** A new channel, or one leaving its external bot, starts from a template; otherwise its scenario is kept. */
  needsScenario() {
    return !this.editing || (this.editing.bot !== undefined && this.editing.bot !== null && this.editing.bot.type === 'http');
  }

  renderTokenBits() {
    // a generated token's colon is fine in a path; anything else unusual is escaped
    const url = location.origin + '/chatapi/' + encodeURIComponent(this.editing.token).replace(/%3A/gi, ':');
    $('channel-curl').value = "curl -s -X POST '" + url + "' -H 'Content-Type: application/json' "
      + "-d '{\"clientId\": \"me\", \"query\": \"hello\"}'";
  }

  async copyField(id, what) {
    const outcome = await copy($(id).value, $(id));
    this.context.status(outcome === 'copied' ? what + ' is copied.' : what + ' is selected: press Ctrl+C to copy it.');
  }

  async body() {
    const body = {
      name: $('channel-name').value.trim(),
      blockForm: $('channel-blockform').checked,
      webhookUrl: $('channel-webhook-url').value.trim()
    };
    const token = $('channel-token').value.trim();
    if (token && (!this.editing || token !== this.editing.token)) { body.token = token; }
    const secret = $('channel-webhook-secret').value;
    if (secret) { body.webhookSecret = secret; }
    if ($('bot-external').checked) {
      body.bot = { type: 'http', url: $('channel-bot-url').value.trim() };
    } else if (this.needsScenario()) {
      body.scenario = await scenarioTemplate(this.context.api, $('scenario-template').value);
    }
    return body;
  }

  async save() {
    ['channel-name-error', 'channel-token-error', 'channel-webhook-error', 'channel-form-error']
      .forEach((id) => fieldError($(id), ''));
    if (!$('channel-name').value.trim()) {
      fieldError($('channel-name-error'), 'Give the channel a name.');
      $('channel-name').focus();
      return;
    }
    $('channel-save').disabled = true;
    try {
      const body = await this.body();
      const saved = this.editing ? await this.context.api.patch(channelPath(this.editing.id), body)
        : await this.context.api.post('/api/v1/channels', body);
      this.context.status('Channel ' + saved.name + ' is saved.');
      await this.refresh();
      this.openForm(this.channels.find((c) => c.id === saved.id) || saved);
    } catch (error) {
      fieldError($(fieldOf(error.message)), error.message);
    } finally {
      $('channel-save').disabled = false;
    }
  }

  async rotate() {
    $('rotate-confirm').hidden = true;
    try {
      const updated = await this.context.api.post(channelPath(this.editing.id, '/token'));
      this.editing = updated;
      $('channel-token').value = updated.token;
      this.renderTokenBits();
      this.context.status('The token is rotated: the old one no longer works.');
      this.refresh();
    } catch (error) {
      fieldError($('channel-token-error'), 'Could not rotate the token: ' + error.message);
    }
    $('rotate-token').focus();
  }

  /** Tests the webhook as typed, saved or not; the answer is shown beside the field. */
  async testWebhook() {
    const result = $('webhook-test-result');
    fieldError($('channel-webhook-error'), '');
    if (!this.editing) {
      fieldError($('channel-webhook-error'), 'Save the channel first, then send a test call.');
      return;
    }
    const body = {};
    const url = $('channel-webhook-url').value.trim();
    if (url) { body.url = url; }
    if ($('channel-webhook-secret').value) { body.secret = $('channel-webhook-secret').value; }
    result.hidden = false;
    result.removeAttribute('data-ok');
    result.textContent = 'Calling the webhook…';
    try {
      const answer = await this.context.api.post(channelPath(this.editing.id, '/webhook/test'), body);
      const ok = typeof answer.status === 'number' && answer.status >= 200 && answer.status < 300;
      result.setAttribute('data-ok', String(ok));
      result.textContent = (answer.status ? 'HTTP ' + answer.status : 'No answer')
        + (typeof answer.latencyMs === 'number' ? ' in ' + answer.latencyMs + ' ms' : '')
        + (answer.error ? ' — ' + answer.error : '')
        + (answer.responseBody ? ' — ' + String(answer.responseBody).slice(0, 300) : '');
    } catch (error) {
      result.hidden = true;
      fieldError($('channel-webhook-error'), error.missing
        ? 'This server cannot send webhook test calls yet.' : 'The test call failed: ' + error.message);
    }
  }

  async remove() {
    const channel = this.editing;
    if (!channel || $('delete-name').value !== channel.name) { return; }
    try {
      await this.context.api.delete(channelPath(channel.id));
      this.context.status('Channel ' + channel.name + ' is deleted.');
      this.closeForm();
      this.refresh();
    } catch (error) {
      fieldError($('channel-delete-error'), 'Could not delete the channel: ' + error.message);
    }
  }
}
