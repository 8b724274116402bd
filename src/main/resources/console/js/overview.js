/*
 * Overview (admins): messages per hour over the last day and per day over the last 30 days, for all channels or one,
 * drawn with uPlot and given as tables too (the tables are what screen readers and tests read), plus the figures of
 * the moment: active clients, conversations waiting for an agent, webhook health, sync turn latency.
 */
import uPlot from '../vendor/uplot.js';
import { $, el, clear, fieldError, formatTime } from './dom.js';

const REFRESH_MS = 30000;
/** The three message series, in the charts' and the tables' order; colours are also the legend's. */
const SERIES = [
  { key: 'clientMessages', label: 'Client', stroke: '#2b5fd9' },
  { key: 'botMessages', label: 'Bot', stroke: '#b26b00', dash: [6, 4] },
  { key: 'agentMessages', label: 'Agent', stroke: '#137333' }
];
const CHARTS = [
  { bucket: 'hour', chart: 'overview-hours-chart', table: 'overview-hours-rows', summary: 'overview-hours-summary',
    what: 'in the last 24 hours' },
  { bucket: 'day', chart: 'overview-days-chart', table: 'overview-days-rows', summary: 'overview-days-summary',
    what: 'in the last 30 days' }
];

export class OverviewView {
  constructor(context) {
    this.context = context;
    this.plots = {};
    this.timer = null;
    this.channelsLoaded = false;
    $('overview-channel').addEventListener('change', () => this.refresh());
    $('overview-refresh').addEventListener('click', () => this.refresh());
    window.addEventListener('resize', () => this.resize());
  }

  enter() {
    this.loadChannels().then(() => this.refresh());
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  leave() {
    if (this.timer) { clearInterval(this.timer); }
    this.timer = null;
  }

  async loadChannels() {
    const select = $('overview-channel');
    const chosen = select.value;
    try {
      const data = await this.context.api.get('/api/v1/channels');
      clear(select);
      select.appendChild(el('option', '', 'All channels', { value: '' }));
      ((data && data.items) || []).forEach((c) => select.appendChild(el('option', '', c.name, { value: c.id })));
      select.value = [...select.options].some((o) => o.value === chosen) ? chosen : '';
    } catch (error) {
      fieldError($('overview-error'), 'Could not load the channels: ' + error.message);
    }
  }

  async refresh() {
    const channel = $('overview-channel').value;
    const query = channel ? 'channelId=' + encodeURIComponent(channel) : '';
    try {
      const [hours, days, overview] = await Promise.all([
        this.context.api.get('/api/v1/stats?bucket=hour&' + query),
        this.context.api.get('/api/v1/stats?bucket=day&' + query),
        this.context.api.get('/api/v1/overview?' + query)
      ]);
      fieldError($('overview-error'), '');
      this.show(CHARTS[0], hours.series);
      this.show(CHARTS[1], days.series);
      this.figures(overview);
      $('overview-view').setAttribute('data-loaded', 'true');
    } catch (error) {
      fieldError($('overview-error'), error.missing ? 'This server has no statistics.'
        : 'Could not load the overview: ' + error.message);
    }
  }

  show(spec, series) {
    this.table(spec, series);
    const totals = SERIES.map((s) => series.reduce((sum, p) => sum + p[s.key], 0));
    $(spec.summary).textContent = totals[0] + ' client, ' + totals[1] + ' bot and ' + totals[2]
      + ' agent messages ' + spec.what + '.';
    const data = [series.map((p) => Date.parse(p.t) / 1000)].concat(SERIES.map((s) => series.map((p) => p[s.key])));
    const plot = this.plots[spec.bucket];
    if (plot) {
      plot.setData(data);
      return;
    }
    const node = $(spec.chart);
    this.plots[spec.bucket] = new uPlot({
      width: width(node),
      height: 220,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(4, max)] } },
      axes: [{}, { size: 48 }],
      // days are UTC days: drawn in UTC so that each point sits on its own date whatever the browser's zone
      tzDate: spec.bucket === 'day' ? (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') : (ts) => new Date(ts * 1000),
      series: [{ label: spec.bucket === 'hour' ? 'Hour' : 'Day' }].concat(SERIES.map((s) => ({
        label: s.label, stroke: s.stroke, dash: s.dash, width: 2, points: { show: true, size: 4 }
      })))
    }, data, node);
  }

  table(spec, series) {
    const rows = $(spec.table);
    clear(rows);
    series.slice().reverse().forEach((p) => {
      const tr = el('tr');
      tr.appendChild(el('th', 'meta', label(spec.bucket, p.t), { scope: 'row', 'data-t': p.t }));
      SERIES.forEach((s) => tr.appendChild(el('td', 'number', p[s.key], { 'data-series': s.key })));
      tr.appendChild(el('td', 'number', p.activeClients, { 'data-series': 'activeClients' }));
      rows.appendChild(tr);
    });
  }

  figures(o) {
    $('figure-active').textContent = String(o.activeClients24h);
    $('figure-waiting').textContent = String(o.waitingForAgent.conversations);
    $('figure-wait').textContent = o.waitingForAgent.conversations ? duration(o.waitingForAgent.longestWaitSeconds) : '—';
    $('figure-pending').textContent = String(o.webhooks.pending);
    $('figure-dead').textContent = String(o.webhooks.dead);
    const last = o.webhooks.lastError;
    $('figure-error').textContent = last ? last.message + ' (' + formatTime(last.at) + ')' : 'none';
    $('figure-latency').textContent = o.syncTurns.count
      ? o.syncTurns.p50Ms + ' ms / ' + o.syncTurns.p99Ms + ' ms' : 'no sync turns yet';
  }

  resize() {
    CHARTS.forEach((spec) => {
      const plot = this.plots[spec.bucket];
      if (plot && !$('overview-view').hidden) { plot.setSize({ width: width($(spec.chart)), height: 220 }); }
    });
  }
}

function width(node) {
  return Math.max(240, Math.floor(node.getBoundingClientRect().width) || 600);
}

function label(bucket, iso) {
  const date = new Date(iso);
  return bucket === 'hour' ? date.toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

function duration(seconds) {
  if (seconds < 60) { return seconds + ' s'; }
  if (seconds < 3600) { return Math.floor(seconds / 60) + ' min'; }
  return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
}
