/*
 * The console's shell: sign-in (an account, or the server's admin token), the header, and the views a role may see.
 * Agents see Conversations only; admins see Channels, Studio, Accounts, Campaigns, Dead letters and Agents, and
 * Conversations when signed in with an account (an admin can take conversations too). The session lives in sessionStorage, so it ends with the tab; the
 * admin token is kept in localStorage only when the user asks.
 */
import { $, fieldError, parseJson } from './dom.js';
import { Api } from './api.js';
import { startAgentView, stopAgentView } from './agent.js';
import { ChannelsView } from './channels.js';
import { StudioView } from './studio.js';
import { AccountsView } from './accounts.js';
import { DialogsView } from './dialogs.js';
import { CampaignsView } from './campaigns.js';
import { DeadLettersView } from './deadletters.js';
import { AgentsView } from './presence.js';
import { OverviewView } from './overview.js';

const SESSION_KEY = 'parley.console.session';
const REMEMBERED_TOKEN_KEY = 'parley.console.adminToken';
const ADMIN_TOKEN_NAME = 'Admin token';

let session = null; // {kind: 'account' | 'token', token, agent: {id, name}, role}
let statusTimer = null;
const api = new Api(() => (session ? session.token : null),
  () => endSession('Your session has expired. Please sign in again.'));

function showStatus(message, kind) {
  const node = $('status');
  node.textContent = message;
  node.setAttribute('data-kind', kind || 'info');
  node.hidden = false;
  if (statusTimer) { clearTimeout(statusTimer); }
  statusTimer = setTimeout(() => { node.hidden = true; }, kind === 'error' ? 10000 : 5000);
}

const context = { api, status: showStatus, show: (name, arg) => show(name, arg) };
const views = {
  overview: new OverviewView(context),
  channels: new ChannelsView(context),
  studio: new StudioView(context),
  accounts: new AccountsView(context),
  dialogs: new DialogsView(context),
  campaigns: new CampaignsView(context),
  deadletters: new DeadLettersView(context),
  agents: new AgentsView(context),
  conversations: {
    enter() { startAgentView(session, api, showStatus); },
    leave() {}
  }
};
const viewNodes = { overview: 'overview-view', channels: 'channels-view', studio: 'studio-view', conversations: 'app-view',
  accounts: 'accounts-view' };
Object.assign(viewNodes, { campaigns: 'campaigns-view', deadletters: 'deadletters-view', agents: 'agents-view',
  dialogs: 'dialogs-view' });
let current = null;

function isAdmin() { return session && session.role === 'admin'; }

/** Which views this session may open: admins' views need the admin role; Conversations needs an account's session. */
function allowed(name) {
  if (name === 'conversations') { return session.kind === 'account'; }
  return isAdmin();
}

function show(name, arg) {
  if (!session || !allowed(name)) { return; }
  if (current && current !== name) { views[current].leave(); }
  Object.entries(viewNodes).forEach(([view, id]) => { $(id).hidden = view !== name; });
  document.querySelectorAll('#views button').forEach((b) => {
    if (b.dataset.view === name) { b.setAttribute('aria-current', 'page'); } else { b.removeAttribute('aria-current'); }
  });
  current = name;
  views[name].enter(arg);
}

function startSession(next) {
  session = next;
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
  $('agent-name').textContent = next.agent && next.agent.name ? next.agent.name : '';
  $('user-role').textContent = next.role;
  $('login-view').hidden = true;
  $('session').hidden = false;
  document.querySelectorAll('#views button').forEach((b) => { b.hidden = !allowed(b.dataset.view); });
  $('views').hidden = false;
  if (next.kind === 'account') { startAgentView(next, api, showStatus); }
  if (isAdmin()) {
    show('channels');
    if (next.kind === 'token') { views.accounts.offerFirstAdmin(); }
  } else {
    show('conversations');
  }
}

function endSession(message) {
  stopAgentView();
  if (current) { views[current].leave(); }
  current = null;
  session = null;
  sessionStorage.removeItem(SESSION_KEY);
  Object.values(viewNodes).forEach((id) => { $(id).hidden = true; });
  $('views').hidden = true;
  $('session').hidden = true;
  $('login-view').hidden = false;
  $('password').value = '';
  $('admin-token').value = '';
  fieldError($('login-error'), message || '');
  $('login').focus();
}

async function onLogin(event) {
  event.preventDefault();
  const login = $('login').value.trim();
  const password = $('password').value;
  fieldError($('login-error'), '');
  if (!login || !password) {
    fieldError($('login-error'), 'Enter your login and password.');
    return;
  }
  $('login-button').disabled = true;
  try {
    const data = await api.post('/api/v1/agent/login', { login, password });
    $('password').value = '';
    startSession({ kind: 'account', token: data.token, agent: data.agent, role: data.role === 'admin' ? 'admin' : 'agent' });
  } catch (error) {
    fieldError($('login-error'), error.status === 401 ? 'Wrong login or password.'
      : error.status === 429 ? 'Too many failed attempts. Please wait a while and try again.'
        : 'Sign-in failed: ' + error.message);
  } finally {
    $('login-button').disabled = false;
  }
}

/** The admin token is checked with a harmless admin call before it is kept. */
async function onTokenLogin(event) {
  event.preventDefault();
  const token = $('admin-token').value.trim();
  fieldError($('token-error'), '');
  if (!token) {
    fieldError($('token-error'), 'Enter the admin token.');
    return;
  }
  $('token-button').disabled = true;
  try {
    await signInWithToken(token);
    if ($('remember-token').checked) { localStorage.setItem(REMEMBERED_TOKEN_KEY, token); }
  } catch (error) {
    fieldError($('token-error'), error.status === 401 || error.status === 403 ? 'This is not the admin token.'
      : 'Sign-in failed: ' + error.message);
  } finally {
    $('token-button').disabled = false;
  }
}

async function signInWithToken(token) {
  const probe = new Api(() => token, () => {});
  await probe.get('/api/v1/channels');
  $('admin-token').value = '';
  startSession({ kind: 'token', token, agent: { id: null, name: ADMIN_TOKEN_NAME }, role: 'admin' });
}

async function onLogout() {
  if (session && session.kind === 'account') {
    try { await api.post('/api/v1/agent/logout'); } catch (e) { /* signed out here either way */ }
  }
  localStorage.removeItem(REMEMBERED_TOKEN_KEY);
  endSession(null);
  showStatus('You are signed out.');
}

function init() {
  $('login-form').addEventListener('submit', onLogin);
  $('token-form').addEventListener('submit', onTokenLogin);
  $('logout').addEventListener('click', onLogout);
  document.querySelectorAll('#views button').forEach((b) => b.addEventListener('click', () => show(b.dataset.view)));
  const saved = parseJson(sessionStorage.getItem(SESSION_KEY) || 'null');
  const remembered = localStorage.getItem(REMEMBERED_TOKEN_KEY);
  if (saved && saved.token) {
    startSession(saved);
  } else if (remembered) {
    signInWithToken(remembered).catch(() => {
      localStorage.removeItem(REMEMBERED_TOKEN_KEY);
      endSession('The remembered admin token no longer works.');
    });
  } else {
    $('login-view').hidden = false;
    $('login').focus();
  }
}

init();
