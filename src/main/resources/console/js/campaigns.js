/*
 * Campaigns (admins): per channel, start one to a list of clients (pasted, or the first column of a CSV file) with a
 * text or an event at a rate; watch its progress live (polled about every second while it runs) and cancel it; list
 * the channel's past campaigns, newest first, a page at a time. The server validates the list: its messages, which
 * count recipients from 0, are shown with the line of the list they are about.
 */
import { $, el, clear, button, fieldError, formatTime, parseJson } from './dom.js';
import { channelPath } from './api.js';
import { idsFromCsv, idsFromLines } from './csv.js';
import { fillChannels } from './picker.js';

const POLL_MS = 1000;
const PAGE = 20;

/** "clientIds[3]: …" from the server, said about the line of the pasted list it came from. */
function withLine(message, lines) {
  return String(message).replace(/clientIds\[(\d+)\]/g, (all, index) => {
    const line = lines[Number(index)];
    return line ? 'line ' + line : all;
  });
}

function describe(c) {
  return c.event ? 'Event ' + c.event : (c.text || '');
}

function progressOf(c) {
  const done = c.sent + c.failed;
  const percent = c.total > 0 ? Math.floor((done * 100) / c.total) : 100;
  return { done, percent: c.status === 'DONE' ? 100 : percent };
}

export class CampaignsView {
  constructor(context) {
    this.context = context;
    this.channelId = null;
    this.current = null; // the campaign shown with its progress
    this.poll = null;
    this.cursor = null;
    this.wire();
  }

  wire() {
    $('campaign-channel').addEventListener('change', () => this.openChannel());
    $('campaign-form').addEventListener('submit', (e) => { e.preventDefault(); this.start(); });
    $('campaign-file').addEventListener('change', () => this.readFile());
    $('campaign-kind-text').addEventListener('change', () => this.renderKind());
    $('campaign-kind-event').addEventListener('change', () => this.renderKind());
    $('campaign-cancel').addEventListener('click', () => this.cancel());
    $('campaigns-more').addEventListener('click', () => this.loadPage(false));
  }

  async enter() {
    try {
      await fillChannels($('campaign-channel'), this.context.api);
      fieldError($('campaigns-error'), '');
    } catch (error) {
      fieldError($('campaigns-error'), 'Could not load the channels: ' + error.message);
      return;
    }
    if (String(this.channelId) !== $('campaign-channel').value) {
      this.openChannel();
    } else {
      this.loadPage(true);
      if (this.current && this.current.status === 'RUNNING') { this.follow(this.current); }
    }
  }

  leave() { this.stopPolling(); }

  openChannel() {
    this.stopPolling();
    this.channelId = $('campaign-channel').value || null;
    this.current = null;
    $('campaign-current').hidden = true;
    this.loadPage(true);
  }

  renderKind() {
    const event = $('campaign-kind-event').checked;
    $('campaign-text-fields').hidden = event;
    $('campaign-event-fields').hidden = !event;
  }

  /** The file's client ids go into the list, where they can be checked before starting. */
  async readFile() {
    const file = $('campaign-file').files[0];
    if (!file) { return; }
    try {
      const { ids, header } = idsFromCsv(await file.text());
      $('campaign-ids').value = ids.join('\n');
      $('campaign-ids-hint').textContent = ids.length + (ids.length === 1 ? ' client id' : ' client ids') + ' read from '
        + file.name + (header ? ' (its header line left out)' : '') + '.';
    } catch (error) {
      fieldError($('campaign-form-error'), 'Could not read ' + file.name + ': ' + error.message);
    }
  }

  /** The request, or null after showing what is missing; checks only what the server cannot word for this form. */
  request(lines) {
    const body = { clientIds: lines.ids, ratePerSecond: Number($('campaign-rate').value) };
    if (!Number.isInteger(body.ratePerSecond)) {
      fieldError($('campaign-form-error'), 'Messages per second must be a whole number.');
      return null;
    }
    if ($('campaign-kind-event').checked) {
      body.event = $('campaign-event').value.trim();
      const data = $('campaign-data').value.trim();
      if (data) {
        body.data = parseJson(data);
        if (!body.data || typeof body.data !== 'object' || Array.isArray(body.data)) {
          fieldError($('campaign-form-error'), 'Event data must be a JSON object, such as {"order": 42}.');
          return null;
        }
      }
    } else {
      body.text = $('campaign-text').value;
    }
    return body;
  }

  async start() {
    fieldError($('campaign-form-error'), '');
    if (!this.channelId) {
      fieldError($('campaign-form-error'), 'Create a channel first.');
      return;
    }
    const lines = idsFromLines($('campaign-ids').value);
    const body = this.request(lines);
    if (!body) { return; }
    $('campaign-start').disabled = true;
    try {
      const started = await this.context.api.post(channelPath(this.channelId, '/campaigns'), body);
      this.context.status('Campaign ' + started.id + ' started: ' + started.total + ' recipients.');
      $('campaign-ids').value = '';
      $('campaign-file').value = '';
      $('campaign-ids-hint').textContent = '';
      this.follow(started);
      $('campaign-current').scrollIntoView({ block: 'nearest' });
      this.loadPage(true);
    } catch (error) {
      fieldError($('campaign-form-error'), 'The campaign was not started: ' + withLine(error.message, lines.lines));
    } finally {
      $('campaign-start').disabled = false;
    }
  }

  /** Shows a campaign's progress, polling it while it runs. */
  follow(campaign) {
    this.stopPolling();
    this.current = campaign;
    this.renderCurrent();
    if (campaign.status === 'RUNNING') {
      this.poll = setInterval(() => this.refreshCurrent(), POLL_MS);
    }
  }

  stopPolling() {
    clearInterval(this.poll);
    this.poll = null;
  }

  async refreshCurrent() {
    const id = this.current.id;
    try {
      const fresh = await this.context.api.get('/api/v1/campaigns/' + encodeURIComponent(id));
      if (!this.current || this.current.id !== id) { return; }
      this.current = fresh;
      this.renderCurrent();
      if (fresh.status !== 'RUNNING') {
        this.stopPolling();
        this.loadPage(true);
      }
    } catch (error) {
      fieldError($('campaign-cancel-error'), 'Could not update the progress: ' + error.message);
    }
  }

  renderCurrent() {
    const c = this.current;
    const { done, percent } = progressOf(c);
    $('campaign-current').hidden = false;
    $('campaign-current-heading').textContent = 'Campaign ' + c.id;
    $('campaign-current-what').textContent = describe(c);
    const bar = $('campaign-progress');
    bar.setAttribute('aria-valuenow', String(percent));
    bar.setAttribute('aria-valuetext', percent + '%, ' + done + ' of ' + c.total + ' handled, ' + c.status.toLowerCase());
    bar.setAttribute('data-status', c.status);
    // the CSSOM, which the page's Content-Security-Policy allows, unlike a style attribute
    bar.firstElementChild.style.width = percent + '%';
    $('campaign-progress-text').textContent = percent + '% · ' + c.sent + ' sent, ' + c.failed + ' failed of '
      + c.total + ' · ' + (c.status === 'RUNNING' ? 'running at ' + c.ratePerSecond + '/s' : c.status.toLowerCase());
    const cancel = $('campaign-cancel');
    cancel.hidden = c.status !== 'RUNNING';
    cancel.setAttribute('aria-label', 'Cancel campaign ' + c.id);
  }

  async cancel() {
    if (!this.current) { return; }
    fieldError($('campaign-cancel-error'), '');
    try {
      this.current = await this.context.api.post('/api/v1/campaigns/' + encodeURIComponent(this.current.id) + '/cancel');
      this.stopPolling();
      this.renderCurrent();
      this.context.status('Campaign ' + this.current.id + ' is cancelled.');
      this.loadPage(true);
    } catch (error) {
      fieldError($('campaign-cancel-error'), 'Could not cancel: ' + error.message);
      this.refreshCurrent();
    }
  }

  /** The first page again, or (first = false) the next older page added below. */
  async loadPage(first) {
    if (!this.channelId) { this.renderRows([], true, null); return; }
    const channel = this.channelId;
    const query = '?limit=' + PAGE + (first || !this.cursor ? '' : '&cursor=' + encodeURIComponent(this.cursor));
    try {
      const page = await this.context.api.get(channelPath(channel, '/campaigns' + query));
      if (channel !== this.channelId) { return; }
      this.renderRows((page && page.items) || [], first, page ? page.nextCursor : null);
    } catch (error) {
      fieldError($('campaigns-error'), error.missing ? 'This server cannot list campaigns yet.'
        : 'Could not load the campaigns: ' + error.message);
    }
  }

  renderRows(items, first, nextCursor) {
    const rows = $('campaign-rows');
    if (first) { clear(rows); }
    items.forEach((c) => rows.appendChild(this.row(c)));
    this.cursor = nextCursor || null;
    $('campaigns-more').hidden = !this.cursor;
    $('campaigns-empty').hidden = rows.childElementCount > 0;
  }

  row(c) {
    const tr = el('tr', '', null, { 'data-campaign-id': c.id });
    tr.appendChild(el('td', 'meta', formatTime(c.createdAt), { 'data-label': 'Started' }));
    tr.appendChild(el('td', 'campaign-message', describe(c), { 'data-label': 'Message' }));
    const status = el('td', '', null, { 'data-label': 'Status' });
    status.appendChild(el('span', 'badge', c.status, { 'data-campaign-status': c.status }));
    tr.appendChild(status);
    tr.appendChild(el('td', 'number', c.sent + ' / ' + c.total + (c.failed ? ' (' + c.failed + ' failed)' : ''),
      { 'data-label': 'Sent' }));
    const actions = el('td', 'row-actions');
    actions.appendChild(button('Progress', () => this.follow(c),
      { className: 'secondary', ariaLabel: 'Show the progress of campaign ' + c.id }));
    tr.appendChild(actions);
    return tr;
  }
}
