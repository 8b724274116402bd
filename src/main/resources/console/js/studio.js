/*
 * The scenario studio: a code editor (CodeMirror 5: line numbers, YAML highlighting, search) for a channel's
 * scenario; Validate lists every problem at its line and jumps there; Deploy makes a new version; the versions can be
 * compared and restored; the Try it pane talks to the deployed bot and shows how it decided.
 */
import { $, el, clear, button, fieldError, formatTime, parseJson } from './dom.js';
import { channelPath } from './api.js';
import { diffLines } from './diff.js';

const PROBLEM_LINE = 'problem-line';

export class StudioView {
  constructor(context) {
    this.context = context;
    this.channelId = null;
    this.editor = null;
    this.marked = [];
    this.versions = [];
    this.sources = new Map(); // version → source, fetched once
    $('studio-channel').addEventListener('change', () => this.open(Number($('studio-channel').value)));
    $('studio-validate').addEventListener('click', () => this.validate());
    $('studio-deploy').addEventListener('click', () => this.deploy());
    $('studio-search').addEventListener('click', () => this.search());
    $('diff-show').addEventListener('click', () => this.compare());
    $('try-form').addEventListener('submit', (e) => { e.preventDefault(); this.tryIt(); });
  }

  async enter(channelId) {
    this.ensureEditor();
    let channels = [];
    try {
      channels = ((await this.context.api.get('/api/v1/channels')) || {}).items || [];
    } catch (error) {
      fieldError($('studio-error'), 'Could not load the channels: ' + error.message);
      return;
    }
    const select = $('studio-channel');
    clear(select);
    channels.forEach((c) => select.appendChild(el('option', '', c.name, { value: c.id })));
    const wanted = channelId !== undefined ? channelId : this.channelId;
    const chosen = channels.find((c) => c.id === wanted) || channels[0];
    if (!chosen) {
      fieldError($('studio-error'), 'There is no channel yet: create one in Channels.');
      return;
    }
    select.value = String(chosen.id);
    if (chosen.id === this.channelId) {
      // back from another view: keep what is in the editor, deployed or not
      if (this.editor) { this.editor.refresh(); }
      this.loadVersions();
      return;
    }
    await this.open(chosen.id);
  }

  leave() {}

  /** CodeMirror is a classic script loaded before the modules; without it the plain text area still works. */
  ensureEditor() {
    if (this.editor || !window.CodeMirror) {
      if (!window.CodeMirror) { fieldError($('studio-error'), 'The code editor did not load: editing as plain text.'); }
      return;
    }
    this.editor = window.CodeMirror.fromTextArea($('scenario-editor'), {
      mode: 'yaml', lineNumbers: true, indentUnit: 2, tabSize: 2, indentWithTabs: false, lineWrapping: false,
      screenReaderLabel: 'Scenario (YAML)',
      extraKeys: { Tab: (cm) => cm.execCommand('insertSoftTab'), Esc: (cm) => cm.getInputField().blur() }
    });
    this.editor.getWrapperElement().setAttribute('data-test', 'scenario-editor');
    $('scenario-editor-label').addEventListener('click', () => this.editor.focus());
  }

  get source() { return this.editor ? this.editor.getValue() : $('scenario-editor').value; }

  set source(text) {
    if (this.editor) {
      this.editor.setValue(text);
      this.editor.clearHistory();
      this.editor.refresh();
    } else {
      $('scenario-editor').value = text;
    }
  }

  async open(id) {
    this.channelId = id;
    this.sources.clear();
    fieldError($('studio-error'), '');
    this.clearResults();
    try {
      const channel = await this.context.api.get(channelPath(id));
      this.source = typeof channel.scenario === 'string' ? channel.scenario : '';
    } catch (error) {
      fieldError($('studio-error'), 'Could not load the scenario: ' + error.message);
    }
    this.loadVersions();
  }

  clearResults() {
    clear($('studio-problems'));
    clear($('studio-tests'));
    $('studio-result').textContent = '';
    this.unmark();
  }

  unmark() {
    if (this.editor) { this.marked.forEach((line) => this.editor.removeLineClass(line, 'background', PROBLEM_LINE)); }
    this.marked = [];
  }

  async validate() {
    this.clearResults();
    try {
      const report = await this.context.api.post(channelPath(this.channelId, '/scenario/validate'), this.source);
      this.showProblems(report.problems || []);
      this.showTests(report.tests || []);
      $('studio-result').textContent = report.valid ? 'Valid.' : (report.problems || []).length + ' problem(s).';
    } catch (error) {
      $('studio-result').textContent = error.missing
        ? 'This server cannot validate without deploying yet: Deploy checks the scenario too.'
        : 'Could not validate: ' + error.message;
    }
  }

  async deploy() {
    this.clearResults();
    try {
      const channel = await this.context.api.call('PUT', channelPath(this.channelId, '/scenario'), this.source);
      $('studio-result').textContent = 'Deployed as version ' + channel.scenarioVersion + '.';
      this.context.status('The scenario is deployed (version ' + channel.scenarioVersion + ').');
      this.loadVersions();
    } catch (error) {
      const problems = error.body && Array.isArray(error.body.problems) ? error.body.problems : [];
      this.showProblems(problems);
      $('studio-result').textContent = 'Not deployed: ' + error.message;
    }
  }

  showProblems(problems) {
    const list = $('studio-problems');
    clear(list);
    this.unmark();
    problems.forEach((p) => {
      const problem = typeof p === 'string' ? { message: p } : p;
      const line = Number(problem.line) > 0 ? Number(problem.line) : null;
      const where = (line ? 'Line ' + line : 'Scenario') + (problem.state ? ' · ' + problem.state : '');
      const li = el('li', 'problem', null, line ? { 'data-line': line } : {});
      li.appendChild(button(where, () => this.jumpTo(line), {
        className: 'link', ariaLabel: (line ? 'Go to line ' + line + ': ' : '') + String(problem.message) }));
      li.appendChild(el('span', 'problem-message', problem.message));
      list.appendChild(li);
      if (line && this.editor && line <= this.editor.lineCount()) {
        this.editor.addLineClass(line - 1, 'background', PROBLEM_LINE);
        this.marked.push(line - 1);
      }
    });
    if (problems.length && problems[0].line) { this.jumpTo(Number(problems[0].line), false); }
  }

  jumpTo(line, focus = true) {
    if (!line || !this.editor) { return; }
    this.editor.setCursor({ line: line - 1, ch: 0 });
    this.editor.scrollIntoView({ line: line - 1, ch: 0 }, 80);
    if (focus) { this.editor.focus(); }
  }

  showTests(tests) {
    const list = $('studio-tests');
    clear(list);
    tests.forEach((t) => {
      const li = el('li', 'test', null, { 'data-ok': String(t.ok === true) });
      li.appendChild(el('span', 'test-mark', t.ok ? 'passed' : 'failed'));
      li.appendChild(el('span', 'test-say', 'say: ' + (t.say === undefined ? '' : t.say)));
      if (t.message) { li.appendChild(el('span', 'test-message', t.message)); }
      list.appendChild(li);
    });
  }

  search() {
    if (!this.editor) { $('scenario-editor').focus(); return; }
    this.editor.focus();
    this.editor.execCommand('find');
  }

  // ---------- versions ----------

  async loadVersions() {
    const list = $('versions');
    clear(list);
    fieldError($('versions-error'), '');
    try {
      const data = await this.context.api.get(channelPath(this.channelId, '/scenario/versions'));
      this.versions = (data && data.items) || [];
    } catch (error) {
      this.versions = [];
      fieldError($('versions-error'), error.missing ? 'This server keeps no scenario versions yet.'
        : 'Could not load the versions: ' + error.message);
    }
    const names = await this.accountNames();
    this.versions.forEach((v) => list.appendChild(this.versionItem(v, names)));
    this.fillDiffSelects();
  }

  /** Versions name their author as account:<id>; the accounts list turns that into a name where it can. */
  async accountNames() {
    const names = new Map([['admin-token', 'the admin token']]);
    try {
      const data = await this.context.api.get('/api/v1/accounts');
      ((data && data.items) || []).forEach((a) => names.set('account:' + a.id, a.name));
    } catch (error) {
      // without the accounts API the labels are shown as they are
    }
    return names;
  }

  versionItem(v, names) {
    const li = el('li', 'version', null, { 'data-version': v.version });
    const label = 'Version ' + v.version + (v.current ? ' (current)' : '');
    li.appendChild(el('strong', '', label));
    const author = v.createdBy ? names.get(v.createdBy) || v.createdBy : '';
    li.appendChild(el('span', 'meta', formatTime(v.createdAt) + (author ? ' · by ' + author : '')));
    const actions = el('span', 'row-actions');
    actions.appendChild(button('Open', () => this.openVersion(v.version),
      { className: 'secondary', ariaLabel: 'Open version ' + v.version + ' in the editor' }));
    if (!v.current) {
      actions.appendChild(button('Restore', () => this.restore(v.version),
        { className: 'secondary', ariaLabel: 'Restore version ' + v.version }));
    }
    li.appendChild(actions);
    return li;
  }

  fillDiffSelects() {
    const from = $('diff-from');
    const to = $('diff-to');
    clear(from);
    clear(to);
    this.versions.forEach((v) => {
      from.appendChild(el('option', '', 'v' + v.version, { value: v.version }));
      to.appendChild(el('option', '', 'v' + v.version, { value: v.version }));
    });
    if (this.versions.length > 1) { from.value = String(this.versions[1].version); }
    if (this.versions.length > 0) { to.value = String(this.versions[0].version); }
    $('diff-show').disabled = this.versions.length < 2;
    clear($('diff'));
  }

  async versionSource(version) {
    if (!this.sources.has(version)) {
      const data = await this.context.api.get(channelPath(this.channelId, '/scenario/versions/' + version));
      this.sources.set(version, data.source);
    }
    return this.sources.get(version);
  }

  async openVersion(version) {
    try {
      this.source = await this.versionSource(version);
      this.clearResults();
      $('studio-result').textContent = 'Version ' + version + ' is in the editor; Deploy makes it a new version.';
    } catch (error) {
      fieldError($('versions-error'), 'Could not open version ' + version + ': ' + error.message);
    }
  }

  async restore(version) {
    try {
      const restored = await this.context.api.post(channelPath(this.channelId, '/scenario/versions/' + version + '/restore'));
      this.context.status('Version ' + version + ' is restored as version ' + restored.scenarioVersion + '.');
      this.source = await this.versionSource(version);
      this.clearResults();
      await this.loadVersions();
    } catch (error) {
      fieldError($('versions-error'), 'Could not restore version ' + version + ': ' + error.message);
    }
  }

  async compare() {
    const list = $('diff');
    clear(list);
    try {
      const from = Number($('diff-from').value);
      const to = Number($('diff-to').value);
      const lines = diffLines(await this.versionSource(from), await this.versionSource(to));
      lines.forEach((d) => {
        const li = el('li', 'diff-line', null, { 'data-op': d.op === ' ' ? 'same' : d.op === '+' ? 'added' : 'removed' });
        li.appendChild(el('span', 'diff-op', d.op === ' ' ? ' ' : d.op, { 'aria-hidden': 'true' }));
        li.appendChild(el('span', 'visually-hidden', d.op === '+' ? 'added: ' : d.op === '-' ? 'removed: ' : ''));
        li.appendChild(el('span', 'diff-text', d.text));
        list.appendChild(li);
      });
    } catch (error) {
      fieldError($('versions-error'), 'Could not compare: ' + error.message);
    }
  }

  // ---------- try it ----------

  async tryIt() {
    fieldError($('try-error'), '');
    const clientId = $('try-client').value.trim();
    const message = $('try-message').value;
    if (!clientId || !message.trim()) {
      fieldError($('try-error'), 'Give a client id and a message.');
      return;
    }
    const body = { clientId };
    body[$('try-kind').value] = message;
    const rawData = $('try-data').value.trim();
    if (rawData) {
      const data = parseJson(rawData);
      if (!data || typeof data !== 'object' || Array.isArray(data)) {
        fieldError($('try-error'), 'Event data must be a JSON object.');
        return;
      }
      body.data = data;
    }
    $('try-send').disabled = true;
    try {
      const answer = await this.context.api.post(channelPath(this.channelId, '/try'), body);
      this.logTurn(clientId, message, answer);
      this.showDebug(answer.debug);
      $('try-message').value = '';
    } catch (error) {
      fieldError($('try-error'), error.missing ? 'This server cannot try a scenario from the studio yet.'
        : 'The bot did not answer: ' + error.message);
    } finally {
      $('try-send').disabled = false;
      $('try-message').focus();
    }
  }

  logTurn(clientId, message, answer) {
    const log = $('try-log');
    log.appendChild(el('li', 'try-client', clientId + ': ' + message));
    const data = (answer && answer.data) || {};
    const texts = [];
    if (typeof data.answer === 'string' && data.answer) { texts.push(data.answer); }
    (Array.isArray(data.replies) ? data.replies : []).forEach((r) => {
      if (r && r.type !== 'text' && typeof r.text === 'string' && r.text) { texts.push('[' + r.type + '] ' + r.text); }
      if (r && Array.isArray(r.buttons)) { texts.push('[buttons] ' + r.buttons.map((b) => b && b.text).join(' | ')); }
    });
    log.appendChild(el('li', 'try-bot', texts.length ? texts.join('\n') : '(no reply)'));
    log.scrollTop = log.scrollHeight;
  }

  showDebug(debug) {
    $('try-debug').hidden = !debug;
    if (!debug) { return; }
    $('debug-state').textContent = debug.state || '';
    $('debug-class').textContent = debug.nlpClass || '—';
    $('debug-confidence').textContent = typeof debug.confidence === 'number' ? debug.confidence.toFixed(2) : '—';
    const candidates = $('debug-candidates');
    clear(candidates);
    (debug.candidates || []).forEach((c) => candidates.appendChild(el('li', '', c.state + ' '
      + (typeof c.confidence === 'number' ? c.confidence.toFixed(2) : ''))));
    if (!candidates.firstChild) { candidates.appendChild(el('li', 'none', 'none (a pattern or button decided)')); }
    $('debug-variables').textContent = JSON.stringify(debug.variables || {}, null, 2);
  }
}
