// Parley chat widget: a classic script any site embeds with one tag. Licensed under the Apache License, Version 2.0.
// Served by every Parley server at /widget.js; it loads the client from /sdk/parley-chat.js of the same server.
//   <script src="https://your-parley/widget.js" data-token="…" async></script>
// or, without data-token, ParleyWidget.init({token, clientId?, clientSignature?, title?, color?, position?, open?,
// start?}).
(function () {
  'use strict';
  // captured now: currentScript is null once this script has finished running
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src, location.href).origin : location.origin;

  var CSS = [
    ':host{all:initial;position:fixed;bottom:20px;z-index:2147483000;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328}',
    ':host(.left){left:20px}:host(.right){right:20px}',
    '*{box-sizing:border-box}',
    'button{font:inherit;cursor:pointer}',
    ':focus-visible{outline:3px solid var(--pw-color,#2563eb);outline-offset:2px}',
    '.launcher{position:relative;width:56px;height:56px;border-radius:50%;border:0;background:var(--pw-color,#2563eb);color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}',
    '.launcher svg{width:28px;height:28px;fill:currentColor}',
    '.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#d1242f;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center}',
    '.badge[hidden],.panel[hidden],.launcher[hidden]{display:none}',
    '.panel{position:absolute;bottom:0;width:370px;height:min(600px,calc(100vh - 40px));background:#fff;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}',
    ':host(.left) .panel{left:0}:host(.right) .panel{right:0}',
    '.head{display:flex;align-items:center;gap:8px;padding:12px 14px;background:var(--pw-color,#2563eb);color:#fff}',
    '.title{flex:1;font-weight:600;font-size:16px;margin:0}',
    '.close{border:0;background:transparent;color:#fff;font-size:22px;line-height:1;padding:2px 8px;border-radius:6px}',
    '.status{padding:4px 14px;background:#fff8c5;font-size:13px}',
    '.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f6f8fa}',
    '.msg{max-width:85%;padding:8px 12px;border-radius:12px;background:#fff;border:1px solid #d8dee4;overflow-wrap:anywhere;white-space:pre-wrap}',
    '.msg.me{align-self:flex-end;background:var(--pw-color,#2563eb);color:#fff;border-color:transparent}',
    '.msg.me a{color:#fff}',
    '.msg.failed{opacity:.6}',
    '.msg.pending{opacity:.75}',
    '.msg.me img{max-height:180px;width:auto}',
    '.msg p{margin:0}.msg ul{margin:4px 0;padding-left:20px;white-space:normal}',
    '.who{font-size:12px;color:#57606a;margin:4px 0 -4px 4px}',
    '.note{align-self:center;text-align:center;font-size:12px;color:#57606a}',
    '.note.error{color:#a40e26}',
    '.clip{display:inline-flex;align-items:center;gap:4px}.clip svg{flex:0 0 16px;width:16px;height:16px;fill:none;stroke:currentColor;stroke-width:2}',
    '.msg img{display:block;max-width:100%;border-radius:8px}',
    '.msg audio{max-width:100%}',
    '.choices{display:flex;flex-wrap:wrap;gap:6px}',
    '.choice{border:1px solid var(--pw-color,#2563eb);color:var(--pw-color,#2563eb);background:#fff;border-radius:16px;padding:5px 12px;text-decoration:none;font-size:14px}',
    '.cards{display:flex;gap:8px;overflow-x:auto;max-width:100%;padding-bottom:4px}',
    '.card{flex:0 0 200px;background:#fff;border:1px solid #d8dee4;border-radius:10px;overflow:hidden;display:flex;flex-direction:column}',
    '.card img{width:100%;height:110px;object-fit:cover}',
    '.card div{padding:8px 10px;flex:1}.card b{display:block}',
    '.card a{display:block;padding:8px;text-align:center;border-top:1px solid #d8dee4;color:var(--pw-color,#2563eb);text-decoration:none}',
    '.typing{padding:2px 16px 4px;font-size:13px;font-style:italic;color:#57606a;background:#f6f8fa;min-height:1.4em}',
    'form{display:flex;gap:6px;padding:10px;border-top:1px solid #d8dee4;background:#fff}',
    '.attach{align-self:center;flex:0 0 38px;height:38px;border:0;border-radius:50%;background:transparent;color:var(--pw-color,#2563eb);display:flex;align-items:center;justify-content:center;padding:0}',
    '.attach:hover{background:#eaeef2}.attach:disabled{opacity:.5;cursor:default}',
    '.attach svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}',
    'input{flex:1;min-width:0;font:inherit;padding:9px 12px;border:1px solid #afb8c1;border-radius:20px}',
    'input:disabled{background:#eaeef2}',
    '.send{border:0;border-radius:20px;padding:0 16px;background:var(--pw-color,#2563eb);color:#fff;font-weight:600}',
    '.send:disabled{opacity:.5;cursor:default}',
    '@media (max-width:480px){:host{bottom:12px}:host(.left){left:12px}:host(.right){right:12px}',
    '.panel{position:fixed;inset:0;width:100vw;height:100%;border-radius:0}}'
  ].join('\n');

  var ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';
  var CLIP = 'M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9';
  var TYPING_MS = 6000;
  var TYPING_SEND_MS = 3000;
  var RETRY_MS = 5000;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) {
      if (key === 'text') node.textContent = attrs[key];
      else if (key === 'className') node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    }
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function icon(d) {
    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
    return svg;
  }

  /** 128 random bits in hex: one Idempotency-Key kept through every retry of one message. */
  function randomKey() {
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), function (b) {
      return (b + 256).toString(16).slice(1);
    }).join('');
  }

  function errorText(e) {
    return e && e.message ? e.message : String(e);
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(String(url), location.href);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(text, url, className) {
    var href = safeUrl(url);
    if (!href) return el('span', { text: text });
    return el('a', { href: href, target: '_blank', rel: 'noopener noreferrer', className: className || '', text: text });
  }

  /** A file's name behind a paperclip (drawn, as not every system has the emoji), linked when its url is safe. */
  function fileLink(name, url) {
    var href = safeUrl(url);
    var node = href ? el('a', { href: href, target: '_blank', rel: 'noopener noreferrer', className: 'clip' })
      : el('span', { className: 'clip' });
    node.appendChild(icon(CLIP));
    node.appendChild(el('span', { text: name }));
    return node;
  }

  // Safe markdown: **bold**, [text](http…), bare http(s) links and "- " lists, all built as DOM nodes, so no
  // text from the server is ever parsed as HTML.
  var INLINE = /\*\*([^*]+)\*\*|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>()]+)/g;

  function inline(parent, text) {
    var last = 0;
    text.replace(INLINE, function (match, bold, label, url, bare, at) {
      if (at > last) parent.appendChild(document.createTextNode(text.slice(last, at)));
      if (bold != null) parent.appendChild(el('b', { text: bold }));
      else parent.appendChild(link(label != null ? label : bare, url != null ? url : bare));
      last = at + match.length;
      return match;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function markdown(text) {
    var out = document.createDocumentFragment();
    var list = null;
    var para = null;
    String(text).split('\n').forEach(function (line) {
      var item = /^\s*[-*] (.*)$/.exec(line);
      if (item) {
        if (!list) out.appendChild(list = el('ul'));
        para = null;
        inline(list.appendChild(el('li')), item[1]);
        return;
      }
      list = null;
      if (para) para.appendChild(document.createTextNode('\n'));
      else out.appendChild(para = el('p'));
      inline(para, line);
    });
    return out;
  }

  function Widget(opts) {
    this.opts = opts;
    this.rendered = new Set();
    this.unread = [];
    this.isOpen = false;
    this.build();
    this.start();
  }

  Widget.prototype.build = function () {
    var self = this;
    var opts = this.opts;
    this.host = el('div', { 'data-parley-widget': '' });
    this.host.className = opts.position === 'left' ? 'left' : 'right';
    if (opts.color && /^(#[0-9a-f]{3,8}|[a-z]+|rgb\([\d\s,.%]+\))$/i.test(opts.color)) {
      this.host.style.setProperty('--pw-color', opts.color);
    }
    var shadow = this.host.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet === 'function') {
      // a constructed sheet is not an inline style, so a host page's strict CSP does not block it
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } else {
      shadow.appendChild(el('style', { text: CSS }));
    }
    var svg = icon(ICON);
    this.badge = el('span', { className: 'badge', hidden: '' });
    this.launcher = el('button', { type: 'button', className: 'launcher', 'aria-label': 'Open chat' }, [svg, this.badge]);
    this.closer = el('button', { type: 'button', className: 'close', 'aria-label': 'Close chat', text: '\u00d7' });
    this.status = el('div', { className: 'status', role: 'status', hidden: '' });
    this.log = el('div', { className: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages',
      tabindex: '0' });
    this.input = el('input', { type: 'text', 'aria-label': 'Message', placeholder: 'Type a message…',
      autocomplete: 'off', maxlength: '4000' });
    this.sendButton = el('button', { type: 'submit', className: 'send', text: 'Send' });
    this.attach = el('button', { type: 'button', className: 'attach', 'aria-label': 'Attach file', title: 'Attach file' },
      [icon(CLIP)]);
    this.file = el('input', { type: 'file', hidden: '', tabindex: '-1', 'aria-hidden': 'true',
      accept: 'image/*,application/pdf,text/plain' });
    this.typingNote = el('div', { className: 'typing', role: 'status', 'aria-live': 'polite' });
    this.form = el('form', {}, [this.attach, this.input, this.sendButton, this.file]);
    this.panel = el('div', { className: 'panel', role: 'dialog', 'aria-label': opts.title || 'Chat', hidden: '' }, [
      el('div', { className: 'head' }, [el('h2', { className: 'title', text: opts.title || 'Chat' }), this.closer]),
      this.status, this.log, this.typingNote, this.form]);
    shadow.appendChild(this.launcher);
    shadow.appendChild(this.panel);
    this.launcher.addEventListener('click', function () { self.open(); });
    this.closer.addEventListener('click', function () { self.close(); });
    this.panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') self.close(); });
    this.form.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = self.input.value.trim();
      if (!text || self.input.disabled) return;
      self.input.value = '';
      self.send(text);
    });
    this.attach.addEventListener('click', function () { self.file.click(); });
    this.file.addEventListener('change', function () {
      var chosen = self.file.files && self.file.files[0];
      self.file.value = '';
      if (chosen) self.upload(chosen);
    });
    this.input.addEventListener('input', function () { self.typing(); });
    document.addEventListener('visibilitychange', function () { self.markSeen(); });
    (document.body || document.documentElement).appendChild(this.host);
  };

  Widget.prototype.start = function () {
    var self = this;
    this.ready = import(origin + '/sdk/parley-chat.js').then(function (sdk) {
      var chat = new sdk.ParleyChat({ server: origin, token: self.opts.token, clientId: self.opts.clientId,
        clientSignature: self.opts.clientSignature });
      self.chat = chat;
      if (typeof BroadcastChannel === 'function') {
        // the other tabs of this user show what was said here: the answers to a send reach only the sender
        self.tabs = new BroadcastChannel('parley-widget-' + self.opts.token + ':' + chat.clientId);
        self.tabs.onmessage = function (e) {
          if (e.data.text != null) self.showOwn(e.data.text);
          if (e.data.files) self.showOwnFiles(e.data.files);
          if (e.data.envelope) self.receive(e.data.envelope, false);
        };
      }
      return Promise.all([chat.history({ limit: 50 }), chat.unreadCount().catch(function () { return 0; })]);
    }).then(function (loaded) {
      var unread = loaded[1];
      loaded[0].messages.forEach(function (entry) { self.showHistory(entry); });
      self.chat.on('connection', function (state) { self.connection(state); });
      self.chat.on('message', function (envelope) { self.receive(envelope, true); });
      self.chat.on('typing', function (typing) { self.agentTyping(typing.agent && typing.agent.name); });
      self.chat.on('connection', function (state) { if (state === 'online') self.wake(); });
      if (!self.isOpen) self.setBadge(Math.max(unread, self.unread.length));
      self.markSeen();
      self.scroll();
    }).catch(function (e) {
      self.note('The chat could not start: ' + errorText(e));
    });
  };

  Widget.prototype.open = function () {
    var self = this;
    this.isOpen = true;
    if (this.opts.start === true || this.opts.start === 'true') {
      // a first visit opens with the bot's greeting rather than an empty panel
      this.opts.start = false;
      this.ready.then(function () {
        if (!self.log.querySelector('.msg')) return self.chat.send('/start').then(function (e) { self.receive(e); });
      }).catch(function () {});
    }
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.setBadge(0);
    this.markSeen();
    this.scroll();
    this.input.focus();
  };

  Widget.prototype.close = function () {
    this.isOpen = false;
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.focus();
  };

  Widget.prototype.setBadge = function (count) {
    this.badge.textContent = String(count);
    this.badge.hidden = count <= 0;
    this.launcher.title = count > 0 ? count + ' unread' : '';
  };

  /** Marks what arrived READ once the panel is open in a visible tab. */
  Widget.prototype.markSeen = function () {
    if (!this.chat || !this.isOpen || document.visibilityState === 'hidden' || !this.unread.length) return;
    var ids = this.unread.splice(0);
    this.setBadge(0);
    this.chat.markRead(ids).catch(function () {});
  };

  Widget.prototype.connection = function (state) {
    this.status.hidden = state === 'online';
    this.status.textContent = state === 'online' ? '' : 'Connection lost, reconnecting…';
  };

  Widget.prototype.scroll = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  Widget.prototype.note = function (text, error) {
    this.log.appendChild(el('div', { className: error ? 'note error' : 'note', text: text }));
    this.scroll();
  };

  Widget.prototype.showOwn = function (text) {
    this.lastWho = null;
    var node = el('div', { className: 'msg me', text: text });
    this.log.appendChild(node);
    this.scroll();
    return node;
  };

  Widget.prototype.send = function (message) {
    var text = typeof message === 'string' ? message : message.query;
    var bubble = this.showOwn(text);
    this.dropChoices();
    if (this.tabs) this.tabs.postMessage({ text: text });
    this.deliver(message, bubble);
  };

  /**
   * Sends one message after those before it, with one Idempotency-Key through every retry: without a network it
   * waits (shown as pending) and tries again when the connection is back, so nothing typed offline is lost or sent
   * twice. A refusal by the server is shown as text.
   */
  Widget.prototype.deliver = function (message, bubble) {
    var self = this;
    var key = randomKey();
    var attempt = function () {
      return self.ready.then(function () {
        return self.chat.send(message, { idempotencyKey: key });
      }).catch(function (e) {
        if (!e || e.status !== 0) throw e;
        bubble.classList.add('pending');
        return self.online().then(attempt);
      });
    };
    this.queue = (this.queue || Promise.resolve()).then(attempt).then(function (envelope) {
      bubble.classList.remove('pending');
      self.receive(envelope, false);
      if (self.tabs) self.tabs.postMessage({ envelope: envelope });
    }, function (e) {
      bubble.classList.remove('pending');
      bubble.classList.add('failed');
      self.note('Not sent: ' + errorText(e), true);
    });
    return this.queue;
  };

  /** Resolves when the connection is back (or after a while, to try anyway). */
  Widget.prototype.online = function () {
    var self = this;
    return new Promise(function (resolve) {
      var done = function () { clearTimeout(timer); self.waiting = null; resolve(); };
      var timer = setTimeout(done, RETRY_MS);
      self.waiting = done;
    });
  };

  Widget.prototype.wake = function () {
    if (this.waiting) this.waiting();
  };

  /** Uploads a chosen file, then sends it as the event fileEvent; a refusal is said in the panel. */
  Widget.prototype.upload = function (file) {
    var self = this;
    var name = file.name || 'file';
    this.uploading = true;
    this.attach.disabled = true;
    return this.ready.then(function () {
      return self.chat.uploadFile(file);
    }).then(function (uploaded) {
      var bubble = self.showOwnFiles([uploaded]);
      if (self.tabs) self.tabs.postMessage({ files: [uploaded] });
      self.deliver({ event: 'fileEvent', data: { files: [uploaded] } }, bubble);
    }, function (e) {
      var why = e && e.status === 413 ? 'it is too large.'
        : e && e.status === 415 ? 'files of this type are not accepted.'
          : e && e.status === 429 ? 'too many files at once; try again in a minute.'
            : errorText(e);
      self.note('\u201c' + name + '\u201d was not sent: ' + why, true);
    }).then(function () {
      self.uploading = false;
      self.attach.disabled = self.input.disabled;
    });
  };

  /** The user's own files: a thumbnail for an image, else a link with the name. */
  Widget.prototype.showOwnFiles = function (files) {
    this.lastWho = null;
    var node = el('div', { className: 'msg me' });
    (files || []).forEach(function (f) {
      var url = safeUrl(f.url);
      var name = String(f.name || 'file');
      if (url && /^image\//.test(f.mimeType)) {
        node.appendChild(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' },
          [el('img', { src: url, alt: name })]));
      } else {
        node.appendChild(fileLink(name, url));
      }
    });
    this.log.appendChild(node);
    this.scroll();
    return node;
  };

  /** Tells the agent the user is typing, at most every few seconds. */
  Widget.prototype.typing = function () {
    var now = Date.now();
    if (!this.chat || now - (this.typedAt || 0) < TYPING_SEND_MS) return;
    this.typedAt = now;
    this.chat.typing().catch(function () {});
  };

  /** "Anna is typing…" until the message arrives or a few seconds pass without more typing. */
  Widget.prototype.agentTyping = function (name) {
    var self = this;
    this.typingNote.textContent = (name || 'Agent') + ' is typing\u2026';
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(function () { self.stopTyping(); }, TYPING_MS);
  };

  Widget.prototype.stopTyping = function () {
    clearTimeout(this.typingTimer);
    this.typingNote.textContent = '';
  };

  Widget.prototype.showHistory = function (entry) {
    if (entry.author === 'CLIENT') {
      var event = entry.eventData || {};
      if (entry.textMessage) this.showOwn(entry.textMessage);
      else if (event.event === 'fileEvent' && event.data) this.showOwnFiles(event.data.files);
      return;
    }
    var key = (entry.author === 'OPERATOR' ? 'op:' : 'bot:') + entry.questionId;
    if (this.rendered.has(key)) return;
    this.rendered.add(key);
    if (entry.status !== 'READ' && (entry.replies || []).length) this.unread.push(entry.questionId);
    this.showReplies(entry.replies || [], entry.author === 'OPERATOR' ? 'Agent' : null, false);
  };

  /** An envelope from the server: the answer to a send (live false) or one that arrived later (live true). */
  Widget.prototype.receive = function (envelope, live) {
    var data = envelope.data || {};
    var key = (data.agent ? 'op:' : 'bot:') + envelope.questionId;
    if (this.rendered.has(key)) return;
    this.rendered.add(key);
    var replies = data.replies || [];
    if (live && replies.length) this.chat.markDelivered([envelope.questionId]).catch(function () {});
    if (data.agent && replies.length) this.stopTyping();
    if (replies.length) {
      this.unread.push(envelope.questionId);
      if (!this.isOpen || document.visibilityState === 'hidden') this.setBadge(this.badgeCount() + 1);
    }
    this.showReplies(replies, data.agent ? data.agent.name || 'Agent' : null, envelope.blockForm);
    this.markSeen();
  };

  Widget.prototype.badgeCount = function () {
    return this.badge.hidden ? 0 : Number(this.badge.textContent) || 0;
  };

  Widget.prototype.dropChoices = function () {
    this.log.querySelectorAll('.choices.quick').forEach(function (node) { node.remove(); });
    this.input.disabled = false;
    this.sendButton.disabled = false;
    this.attach.disabled = this.uploading;
  };

  Widget.prototype.showReplies = function (replies, who, blockForm) {
    var self = this;
    if (!replies.length) return;
    this.dropChoices();
    // a name above the first of a run of messages by the same agent
    if (who && who !== this.lastWho) this.log.appendChild(el('div', { className: 'who', text: who }));
    this.lastWho = who;
    var quick = false;
    replies.forEach(function (reply) {
      var node = self.reply(reply);
      if (node) self.log.appendChild(node);
      if (reply.type === 'buttons' && (reply.buttons || []).length) quick = true;
    });
    if (quick && blockForm) {
      // the channel asks the user to choose a button rather than type
      this.input.disabled = true;
      this.sendButton.disabled = true;
      this.attach.disabled = true;
    }
    this.scroll();
  };

  Widget.prototype.choices = function (buttons, quick) {
    var self = this;
    var box = el('div', { className: 'choices' + (quick ? ' quick' : '') });
    (buttons || []).forEach(function (button) {
      var label = String(button.text || button.transition || '');
      if (button.url) {
        box.appendChild(link(label, button.url, 'choice'));
        return;
      }
      var node = el('button', { type: 'button', className: 'choice', text: label });
      // the button's own text, exactly: the server follows a button's transition when the text it gets back is the
      // text of a button it showed (docs/scenarios.md, "How a request finds its state")
      node.addEventListener('click', function () { self.send(String(button.text != null ? button.text : label)); });
      box.appendChild(node);
    });
    return box;
  };

  Widget.prototype.reply = function (reply) {
    switch (reply.type) {
      case 'text':
        return reply.text ? el('div', { className: 'msg' }, [markdown(reply.text)]) : null;
      case 'buttons':
        return this.choices(reply.buttons, true);
      case 'inlineButtons':
        return this.choices(reply.buttons, false);
      case 'image': {
        var src = safeUrl(reply.imageUrl);
        return el('div', { className: 'msg' }, [src ? el('img', { src: src, alt: reply.text || 'Image' }) : null,
          reply.text ? el('p', { text: reply.text }) : null]);
      }
      case 'audio': {
        var audio = safeUrl(reply.audioUrl);
        return el('div', { className: 'msg' }, [reply.audioName ? el('p', { text: reply.audioName }) : null,
          audio ? el('audio', { controls: '', src: audio, preload: 'none' }) : null]);
      }
      case 'file':
        return el('div', { className: 'msg' }, [fileLink(String(reply.fileName || 'File'), reply.fileUrl)]);
      case 'carousel':
        return this.carousel(reply);
      default:
        return null;
    }
  };

  Widget.prototype.carousel = function (reply) {
    var box = el('div', {}, [reply.text ? el('div', { className: 'msg', text: reply.text }) : null]);
    var cards = el('div', { className: 'cards' });
    (reply.content || []).forEach(function (item) {
      var image = safeUrl(item.image);
      cards.appendChild(el('div', { className: 'card' }, [
        image ? el('img', { src: image, alt: item.title || '' }) : null,
        el('div', {}, [el('b', { text: item.title || '' }), el('span', { text: item.description || '' })]),
        item.url ? link(item.btnText || 'Open', item.url) : null]));
    });
    box.appendChild(cards);
    return box;
  };

  var instance = null;

  function init(opts) {
    if (!opts || typeof opts.token !== 'string' || !opts.token) throw new TypeError('ParleyWidget.init: token is required');
    if (instance) return instance;
    var run = function () {
      instance = new Widget(opts);
      if (opts.open === true || opts.open === 'true') instance.open();
    };
    if (document.body) run();
    else document.addEventListener('DOMContentLoaded', run);
    return instance;
  }

  window.ParleyWidget = { init: init };

  var data = script ? script.dataset : {};
  if (data.token) {
    init({ token: data.token, clientId: data.clientId || undefined, clientSignature: data.clientSignature || undefined,
      title: data.title, color: data.color, position: data.position, open: data.open, start: data.start });
  }
})();
