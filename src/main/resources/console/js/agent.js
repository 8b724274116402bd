/*
 * The agent view (Conversations): the queue and my conversations, live over Server-Sent Events; accept, reply, close.
 * Admins may use it too. Every piece of data is rendered with textContent or createTextNode, never as HTML.
 */
import { $, clear, formatTime } from './dom.js';
import { ApiError } from './api.js';

var shared = null; // the console's Api
var notify = null; // (message, kind) → the status line

function text(tag, className, value) {
  var node = document.createElement(tag);
  if (className) { node.className = className; }
  if (value !== undefined && value !== null) { node.appendChild(document.createTextNode(String(value))); }
  return node;
}

function showStatus(message, kind) { notify(message, kind || 'info'); }

function showError(message) { showStatus(message, 'error'); }

function api(method, path, body) {
  return shared.call(method, path, body);
}

/** A 401 has already ended the session in the console (see Api); nothing more to say here. */
function handleAuthFailure(error) {
  return error instanceof ApiError && error.status === 401;
}

var API = '/api/v1/agent';
var RECONNECT_MIN_MS = 1000;
var RECONNECT_MAX_MS = 15000;
var HISTORY_LIMIT = 500;

var state = {
  token: null,
  agent: null,
  conversations: new Map(), // id -> conversation (QUEUED, or ASSIGNED to me)
  unread: new Set(),
  selected: null, // the selected conversation object (kept even when it leaves the lists)
  messages: [],
  messageKeys: new Set(),
  historyLoading: false,
  source: null,
  reconnectTimer: null,
  reconnectDelay: RECONNECT_MIN_MS,
  streamEverOpened: false,
  listsGeneration: 0
};

var el = {};

// ---------- lists ----------

function isMine(conversation) {
  return conversation.status === 'ASSIGNED' && state.agent && conversation.agentId === state.agent.id;
}

function belongsInLists(conversation) {
  return conversation.status === 'QUEUED' || isMine(conversation);
}

function refreshLists() {
  var generation = ++state.listsGeneration;
  el.lists.setAttribute('aria-busy', 'true');
  return Promise.all([
    api('GET', API + '/conversations?status=QUEUED'),
    api('GET', API + '/conversations?status=ASSIGNED')
  ]).then(function (results) {
    if (generation !== state.listsGeneration || !state.token) { return; }
    state.conversations.clear();
    results.forEach(function (result) {
      ((result && result.items) || []).forEach(function (c) {
        if (belongsInLists(c)) { state.conversations.set(c.id, c); }
      });
    });
    if (state.selected && state.conversations.has(state.selected.id)) {
      state.selected = state.conversations.get(state.selected.id);
    }
    renderLists();
    renderSelection();
  }, function (error) {
    if (!handleAuthFailure(error)) { showError('Could not load conversations: ' + error.message); }
  }).then(function () {
    if (generation === state.listsGeneration) { el.lists.setAttribute('aria-busy', 'false'); }
  });
}

function sortedByUpdate(list) {
  return list.sort(function (a, b) { return String(a.updatedAt).localeCompare(String(b.updatedAt)); });
}

function renderList(ul, empty, count, items) {
  clear(ul);
  items.forEach(function (c) { ul.appendChild(listItem(c)); });
  empty.hidden = items.length > 0;
  count.textContent = String(items.length);
}

function listItem(c) {
  var li = document.createElement('li');
  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'conversation-item' + (state.unread.has(c.id) ? ' unread' : '');
  button.setAttribute('data-conversation-id', String(c.id));
  button.setAttribute('data-status', c.status);
  if (state.selected && state.selected.id === c.id) { button.setAttribute('aria-current', 'true'); }
  var row = text('span', 'row');
  row.appendChild(text('span', 'client', c.clientId));
  row.appendChild(text('span', 'meta', formatTime(c.updatedAt)));
  button.appendChild(row);
  button.appendChild(text('span', 'preview', c.firstMessage || ''));
  button.addEventListener('click', function () { select(c.id); });
  li.appendChild(button);
  return li;
}

function renderLists() {
  var all = Array.from(state.conversations.values());
  renderList(el.queue, el.queueEmpty, el.queueCount,
    sortedByUpdate(all.filter(function (c) { return c.status === 'QUEUED'; })));
  renderList(el.mine, el.mineEmpty, el.mineCount, sortedByUpdate(all.filter(isMine)));
}

// ---------- the selected conversation ----------

function select(id) {
  var conversation = state.conversations.get(id);
  if (!conversation) { return; }
  state.selected = conversation;
  state.unread.delete(id);
  state.messages = [];
  state.messageKeys.clear();
  clear(el.history);
  renderLists();
  renderSelection();
  loadHistory(id);
  if (window.matchMedia && window.matchMedia('(max-width: 760px)').matches) {
    el.conversationView.scrollIntoView({ block: 'start' });
  }
}

function renderSelection() {
  var c = state.selected;
  el.noSelection.hidden = !!c;
  el.conversationView.hidden = !c;
  if (!c) { return; }
  el.conversationClient.textContent = c.clientId;
  el.conversationStatus.textContent = c.status === 'ASSIGNED' && !isMine(c) ? 'TAKEN' : c.status;
  el.conversationStatus.setAttribute('data-status', c.status);
  el.conversationMeta.textContent = 'Conversation #' + c.id + ' · channel ' + c.channelId;
  el.accept.hidden = c.status !== 'QUEUED';
  el.close.hidden = !isMine(c);
  el.replyForm.hidden = !isMine(c);
  updateSendButton();
}

function historyPath(id, offset) {
  return conversationPath(id, 'history') + '?limit=' + HISTORY_LIMIT + (offset > 0 ? '&offset=' + offset : '');
}

/** Loads the newest HISTORY_LIMIT messages, oldest first, keeping any that arrived live meanwhile. */
function loadHistory(id) {
  state.historyLoading = true;
  api('GET', historyPath(id, 0)).then(function (data) {
    var total = data && typeof data.totalCount === 'number' ? data.totalCount : 0;
    return total > HISTORY_LIMIT ? api('GET', historyPath(id, total - HISTORY_LIMIT)) : data;
  }).then(function (data) {
    if (!state.selected || state.selected.id !== id) { return; }
    var live = state.messages; // messages that arrived over the stream while loading
    state.messages = [];
    state.messageKeys.clear();
    ((data && data.messages) || []).concat(live).forEach(addMessage);
    renderHistory();
  }, function (error) {
    renderHistory();
    if (!handleAuthFailure(error)) {
      showError(error.status === 403 ? 'This conversation is assigned to another agent.'
        : 'Could not load the history: ' + error.message);
    }
  }).then(function () {
    if (!state.selected || state.selected.id === id) { state.historyLoading = false; }
  });
}

function messageKey(m) {
  var body = m.textMessage !== undefined && m.textMessage !== null ? m.textMessage : JSON.stringify(m.eventData || null);
  return [m.author, m.questionId, body].join('\u0000');
}

/** Adds a message unless it is already there; returns whether it was added. */
function addMessage(m) {
  var key = messageKey(m);
  if (state.messageKeys.has(key)) { return false; }
  state.messageKeys.add(key);
  state.messages.push(m);
  return true;
}

function messageText(m) {
  if (typeof m.textMessage === 'string' && m.textMessage !== '') { return m.textMessage; }
  if (Array.isArray(m.replies)) {
    var texts = m.replies.map(function (r) {
      if (!r) { return ''; }
      if (r.type === 'text' && typeof r.text === 'string') { return r.text; }
      return r.type === 'switch' && typeof r.firstMessage === 'string' ? r.firstMessage : '';
    }).filter(function (t) { return t; });
    if (texts.length) { return texts.join('\n'); }
  }
  if (sentFiles(m).length) {
    var count = sentFiles(m).length;
    return count === 1 ? 'Sent a file' : 'Sent ' + count + ' files';
  }
  if (m.eventData) {
    var name = m.eventData.event || 'event';
    var data = m.eventData.data;
    return '[' + name + ']' + (data && Object.keys(data).length ? ' ' + JSON.stringify(data) : '');
  }
  return m.textMessage || '';
}

var AUTHORS = { CLIENT: 'Client', BOT: 'Bot', OPERATOR: 'Agent', SYSTEM: 'System' };

export function messageNode(m) {
  var li = document.createElement('li');
  li.className = 'message';
  li.setAttribute('data-author', m.author || 'SYSTEM');
  if (m.questionId) { li.setAttribute('data-question-id', m.questionId); }
  var who = AUTHORS[m.author] || m.author || '';
  if (m.author === 'OPERATOR' && m.agent && m.agent.name) { who = m.agent.name; }
  li.appendChild(text('span', 'meta', who + (m.timestamp ? ' · ' + formatTime(m.timestamp) : '')));
  li.appendChild(text('p', 'text', messageText(m)));
  var shown = Array.isArray(m.replies) ? m.replies.map(replyNode).filter(function (n) { return n; }) : [];
  sentFiles(m).forEach(function (f) { shown.push(fileNode(f)); });
  if (shown.length) {
    var replies = text('div', 'replies');
    shown.forEach(function (node) { replies.appendChild(node); });
    li.appendChild(replies);
  }
  return li;
}

// ---------- bot replies beyond text (all data rendered as text or checked URLs, never as HTML) ----------

/** An absolute http(s) URL as given, or null: no javascript:, data: or relative links from a bot. */
function safeUrl(value) {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) { return null; }
  try {
    var url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (e) {
    return null;
  }
}

function link(href, label) {
  var a = text('a', 'reply-link', label || href);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

/** True for what the page's img-src policy lets load: https: or this server; other images are shown as links. */
function loadableImage(src) {
  var url = new URL(src);
  return url.protocol === 'https:' || url.origin === window.location.origin;
}

function image(src, alt) {
  if (!loadableImage(src)) { return link(src, typeof alt === 'string' && alt ? alt : src); }
  var img = document.createElement('img');
  img.className = 'reply-image';
  img.src = src;
  img.alt = typeof alt === 'string' ? alt : '';
  img.loading = 'lazy';
  img.referrerPolicy = 'no-referrer';
  return img;
}

function str(value) { return typeof value === 'string' ? value : ''; }

// ---------- files a client sent (the widget's fileEvent) ----------

/** The files of a client's fileEvent: objects only; what they claim is checked where it is shown. */
function sentFiles(m) {
  var data = m.author === 'CLIENT' && m.eventData && m.eventData.event === 'fileEvent' ? m.eventData.data : null;
  var files = data && Array.isArray(data.files) ? data.files : [];
  return files.filter(function (f) { return f && typeof f === 'object'; });
}

/** A file url of this server (/files/{id}/{name}), absolute, or null: a client may put any url in its event. */
function ourFileUrl(value) {
  if (typeof value !== 'string') { return null; }
  try {
    var url = new URL(value, window.location.origin);
    var ours = url.origin === window.location.origin && /^\/files\/[A-Za-z0-9_-]{22}\/[^/]+$/.test(url.pathname)
      && !url.search && !url.hash;
    return ours ? url.href : null;
  } catch (e) {
    return null;
  }
}

/** A sent file: a thumbnail for an image of ours, a link for another file of ours, else its name as text. */
function fileNode(f) {
  var node = text('div', 'reply');
  node.setAttribute('data-type', 'file');
  var name = str(f.name) || 'file';
  var href = ourFileUrl(f.url);
  if (!href) {
    node.appendChild(text('span', 'file-name', name));
  } else if (/^image\/(png|jpeg|gif|webp)$/.test(str(f.mimeType))) {
    var a = link(href, name);
    clear(a);
    a.appendChild(image(href, name));
    node.appendChild(a);
    node.appendChild(text('span', 'caption', name));
  } else {
    node.appendChild(link(href, name));
  }
  return node;
}

/** A node showing one reply, or null for replies the text line already shows (text, switch). */
function replyNode(r) {
  if (!r || typeof r !== 'object' || r.type === 'text' || r.type === 'switch') { return null; }
  var node = text('div', 'reply');
  node.setAttribute('data-type', String(r.type));
  var render = REPLY_RENDERERS[r.type];
  if (!render || !render(node, r)) {
    clear(node);
    node.classList.add('json');
    node.appendChild(text('span', 'reply-kind', String(r.type)));
    node.appendChild(text('pre', 'reply-json', JSON.stringify(r, null, 2)));
  }
  return node;
}

function buttonsReply(node, r) {
  if (!Array.isArray(r.buttons)) { return false; }
  r.buttons.forEach(function (b) {
    var href = b && safeUrl(b.url);
    node.appendChild(href ? link(href, str(b.text) || href) : text('span', 'chip', b ? str(b.text) : ''));
  });
  return true;
}

function mediaReply(urlField, nameField) {
  return function (node, r) {
    var href = safeUrl(r[urlField]);
    if (!href) { return false; }
    if (r.type === 'image') {
      node.appendChild(image(href, r.text));
      if (r.text) { node.appendChild(text('span', 'caption', str(r.text))); }
    } else {
      node.appendChild(link(href, str(r[nameField]) || href));
    }
    return true;
  };
}

function carouselReply(node, r) {
  if (!Array.isArray(r.content)) { return false; }
  if (r.text) { node.appendChild(text('p', 'caption', str(r.text))); }
  var cards = text('div', 'carousel');
  r.content.forEach(function (c) {
    if (!c || typeof c !== 'object') { return; }
    var card = text('div', 'card');
    var src = safeUrl(c.image);
    if (src) { card.appendChild(image(src, c.title)); }
    card.appendChild(text('strong', 'card-title', str(c.title)));
    if (c.description) { card.appendChild(text('span', 'card-description', str(c.description))); }
    var href = safeUrl(c.url);
    if (href) { card.appendChild(link(href, str(c.btnText) || 'Open')); }
    cards.appendChild(card);
  });
  node.appendChild(cards);
  return true;
}

function locationReply(node, r) {
  var lat = Number(r.lat);
  var lon = Number(r.lon);
  if (typeof r.lat !== 'number' || typeof r.lon !== 'number' || !isFinite(lat) || !isFinite(lon)
      || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return false;
  }
  node.appendChild(link('https://www.openstreetmap.org/?mlat=' + lat + '&mlon=' + lon + '#map=16/' + lat + '/' + lon,
    'Location ' + lat + ', ' + lon));
  return true;
}

function timeoutReply(node, r) {
  node.appendChild(text('span', 'reply-kind', 'timer ' + Number(r.interval) + ' s → ' + str(r.targetState)));
  return true;
}

var REPLY_RENDERERS = {
  buttons: buttonsReply,
  inlineButtons: buttonsReply,
  image: mediaReply('imageUrl', 'text'),
  audio: mediaReply('audioUrl', 'audioName'),
  file: mediaReply('fileUrl', 'fileName'),
  carousel: carouselReply,
  location: locationReply,
  timeout: timeoutReply
};

function renderHistory() {
  clear(el.history);
  state.messages.forEach(function (m) { el.history.appendChild(messageNode(m)); });
  el.history.scrollTop = el.history.scrollHeight;
}

function appendLive(m) {
  if (!addMessage(m) || state.historyLoading) { return; }
  var nearBottom = el.history.scrollHeight - el.history.scrollTop - el.history.clientHeight < 80;
  el.history.appendChild(messageNode(m));
  if (nearBottom || m.author === 'OPERATOR') { el.history.scrollTop = el.history.scrollHeight; }
}

// ---------- actions ----------

function conversationPath(id, action) {
  return API + '/conversations/' + encodeURIComponent(id) + '/' + action;
}

function actionError(error, what) {
  if (handleAuthFailure(error)) { return; }
  if (error.status === 409) {
    showError(what === 'accept' ? 'This conversation was taken by another agent or is already closed.'
      : 'This conversation is already closed.');
    refreshLists();
  } else if (error.status === 403) {
    showError('This conversation is assigned to another agent.');
    refreshLists();
  } else if (error.status === 400 && what === 'send') {
    showError('The message is empty.');
  } else {
    showError('Could not ' + what + ': ' + error.message);
  }
}

function updateConversation(c) {
  if (!c || c.id === undefined) { return; }
  if (belongsInLists(c)) { state.conversations.set(c.id, c); } else { state.conversations.delete(c.id); }
  if (state.selected && state.selected.id === c.id) { state.selected = c; }
  renderLists();
  renderSelection();
}

function onAccept() {
  var c = state.selected;
  if (!c) { return; }
  el.accept.disabled = true;
  api('POST', conversationPath(c.id, 'accept')).then(function (updated) {
    updateConversation(updated);
    showStatus('You are now talking with ' + updated.clientId + '.');
    el.replyText.focus();
  }, function (error) { actionError(error, 'accept'); })
    .then(function () { el.accept.disabled = false; });
}

function onClose() {
  var c = state.selected;
  if (!c) { return; }
  el.close.disabled = true;
  api('POST', conversationPath(c.id, 'close')).then(function (updated) {
    updateConversation(updated);
    showStatus('Conversation with ' + updated.clientId + ' closed; the client is back with the bot.');
  }, function (error) { actionError(error, 'close'); })
    .then(function () { el.close.disabled = false; });
}

function updateSendButton() {
  el.send.disabled = el.replyText.value.trim() === '' || el.replyText.readOnly;
}

function onSend(event) {
  if (event) { event.preventDefault(); }
  var c = state.selected;
  var value = el.replyText.value;
  if (!c || value.trim() === '' || el.replyText.readOnly) { return; }
  el.replyText.readOnly = true;
  updateSendButton();
  api('POST', conversationPath(c.id, 'messages'), { text: value }).then(function (data) {
    el.replyText.value = '';
    if (state.selected && state.selected.id === c.id) {
      appendLive({ questionId: data && data.questionId, author: 'OPERATOR', textMessage: value,
        agent: state.agent, timestamp: new Date().toISOString() });
    }
  }, function (error) { actionError(error, 'send'); })
    .then(function () {
      el.replyText.readOnly = false;
      updateSendButton();
      el.replyText.focus();
    });
}

function onReplyKey(event) {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { onSend(event); }
}

// ---------- live updates (SSE) ----------

function setConnection(stateName) {
  el.connection.setAttribute('data-state', stateName);
  el.connection.textContent = stateName === 'live' ? 'live' : stateName === 'reconnecting' ? 'reconnecting…' : 'offline';
}

function disconnectStream() {
  if (state.reconnectTimer) { clearTimeout(state.reconnectTimer); state.reconnectTimer = null; }
  if (state.source) { state.source.close(); state.source = null; }
}

function connectStream() {
  disconnectStream();
  if (!state.token) { return; }
  var source = new EventSource(API + '/stream?access_token=' + encodeURIComponent(state.token));
  state.source = source;
  var opened = false;
  source.addEventListener('open', function () {
    if (state.source !== source) { return; }
    var wasReconnect = state.streamEverOpened;
    state.streamEverOpened = true;
    opened = true;
    state.reconnectDelay = RECONNECT_MIN_MS;
    setConnection('live');
    // Anything may have changed while we were away: load the lists (and the open history) again.
    refreshLists();
    if (wasReconnect && state.selected) { loadHistory(state.selected.id); }
  });
  source.addEventListener('error', function () {
    if (state.source !== source) { return; }
    source.close();
    state.source = null;
    setConnection('reconnecting');
    scheduleReconnect(opened);
  });
  source.addEventListener('conversation', function (event) {
    var c = parse(event.data);
    if (c) { onConversationEvent(c); }
  });
  source.addEventListener('message', function (event) {
    var payload = parse(event.data);
    if (payload && payload.message) { onMessageEvent(payload.conversationId, payload.message); }
  });
}

function scheduleReconnect(hadOpened) {
  var delay = state.reconnectDelay;
  state.reconnectDelay = Math.min(state.reconnectDelay * 2, RECONNECT_MAX_MS);
  state.reconnectTimer = setTimeout(function () {
    state.reconnectTimer = null;
    if (!state.token) { return; }
    if (hadOpened) { connectStream(); return; }
    // The stream never opened: check the token first, so an expired session ends instead of looping.
    api('GET', API + '/conversations?status=QUEUED').then(function () {
      if (state.token) { connectStream(); }
    }, function (error) {
      if (!handleAuthFailure(error) && state.token) { setConnection('reconnecting'); scheduleReconnect(false); }
    });
  }, delay);
}

function parse(data) {
  try { return JSON.parse(data); } catch (e) { return null; }
}

function onConversationEvent(c) {
  var selected = state.selected && state.selected.id === c.id ? state.selected : null;
  if (selected && c.status === 'ASSIGNED' && !isMine(c) && selected.status === 'QUEUED') {
    showError('This conversation was taken by another agent.');
  } else if (selected && c.status === 'CLOSED' && selected.status !== 'CLOSED') {
    showStatus('The conversation with ' + c.clientId + ' was closed.');
  } else if (c.status === 'QUEUED' && !state.conversations.has(c.id)) {
    showStatus('New conversation in the queue: ' + c.clientId + '.');
  }
  updateConversation(c);
}

function onMessageEvent(conversationId, m) {
  if (state.selected && state.selected.id === conversationId) {
    appendLive(m);
  } else if (state.conversations.has(conversationId) && m.author === 'CLIENT') {
    state.unread.add(conversationId);
    renderLists();
  }
}

// ---------- start and stop ----------

var wired = false;

function wire() {
  ['connection', 'queue', 'mine', 'history', 'accept', 'close', 'send'].forEach(function (id) { el[id] = $(id); });
  el.lists = $('lists');
  el.queueEmpty = $('queue-empty');
  el.queueCount = $('queue-count');
  el.mineEmpty = $('mine-empty');
  el.mineCount = $('mine-count');
  el.noSelection = $('no-selection');
  el.conversationView = $('conversation-view');
  el.conversationClient = $('conversation-client');
  el.conversationStatus = $('conversation-status');
  el.conversationMeta = $('conversation-meta');
  el.replyForm = $('reply-form');
  el.replyText = $('reply-text');
  el.accept.addEventListener('click', onAccept);
  el.close.addEventListener('click', onClose);
  el.replyForm.addEventListener('submit', onSend);
  el.replyText.addEventListener('keydown', onReplyKey);
  el.replyText.addEventListener('input', updateSendButton);
  wired = true;
}

/** Starts the view for a signed-in user: {token, agent}; api is the console's Api, status its status line. */
export function startAgentView(session, api, status) {
shared = api;
notify = status;
if (!wired) { wire(); }
if (state.token === session.token) { return; }
state.token = session.token;
state.agent = session.agent;
el.connection.hidden = false;
renderSelection();
connectStream();
refreshLists();
}

/** Ends the live stream and forgets the conversations, as on sign-out. */
export function stopAgentView() {
if (!wired) { return; }
disconnectStream();
setConnection('offline');
el.connection.hidden = true;
state.streamEverOpened = false;
state.token = null;
state.agent = null;
state.conversations.clear();
state.unread.clear();
state.selected = null;
state.messages = [];
state.messageKeys.clear();
clear(el.queue);
clear(el.mine);
clear(el.history);
renderSelection();
}
