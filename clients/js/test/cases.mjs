// The client's tests, run against a real Parley server both in a browser (test/index.html, over EventSource) and in
// Node (test/node-test.mjs, over long polling). The channel's scenario is SCENARIO below.

export const SCENARIO = `name: sdk
states:
  /Paid:
    - event: orderPaid
    - text: "Paid {{data.amount}}"
  /File:
    - event: fileEvent
    - text: "Got {{files[0].name}}"
  /CatchAll:
    - text: "You said {{query}}"
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Runs every case; resolves to [{name, ok, message}] in order. */
export async function runCases({ ParleyChat, memoryStorage, server, token }) {
  const hasEventSource = typeof globalThis.EventSource === 'function';
  const chat = (options = {}) => new ParleyChat({ server, token, storage: memoryStorage(),
    backoff: { initialMs: 20, maxMs: 200 }, ...options });
  const async = async (clientId, query) => {
    const response = await fetch(`${server}/chatapi/${token}/async`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ clientId, query }) });
    if (response.status !== 200) throw new Error('async answered ' + response.status);
  };
  const receiver = (client) => {
    const got = [];
    const states = [];
    client.on('connection', (state) => states.push(state));
    client.on('message', (envelope) => got.push(envelope.data.answer));
    return { got, states };
  };

  const cases = {
    async sendTextAnswersTheReplyEnvelope() {
      const c = chat();
      const envelope = await c.send('hello');
      equal(envelope.data.answer, 'You said hello');
      equal(envelope.clientId, c.clientId);
    },

    async sendEventPassesItsData() {
      equal((await chat().send({ event: 'orderPaid', data: { amount: 5 } })).data.answer, 'Paid 5');
    },

    async generatedClientIdIsRandomAndKeptInStorage() {
      const storage = memoryStorage();
      const first = chat({ storage });
      check(UUID.test(first.clientId), 'not a random UUID: ' + first.clientId);
      equal(chat({ storage }).clientId, first.clientId);
      check(chat().clientId !== first.clientId, 'another storage got the same id');
      equal(chat({ clientId: 'ann' }).clientId, 'ann');
    },

    async withoutAStorageTheIdIsKeptInLocalStorageWhereThereIsOne() {
      const first = new ParleyChat({ server, token });
      const second = new ParleyChat({ server, token });
      if (typeof localStorage === 'undefined') {
        check(first.clientId !== second.clientId, 'no storage in Node, yet the id was kept');
      } else {
        equal(second.clientId, first.clientId);
        check(Object.values(localStorage).includes(first.clientId), 'the id is not in localStorage');
      }
    },

    async aRetryAfterALostAnswerRunsTheMessageOnce() {
      const keys = [];
      const c = chat({ fetch: async (url, init) => {
        keys.push(init.headers['Idempotency-Key']);
        const response = await fetch(url, init);
        if (keys.length === 1) throw new TypeError('connection reset'); // the turn ran, its answer was lost
        return response;
      } });
      const envelope = await c.send('once');
      equal(keys.length, 2);
      equal(keys[0], keys[1]);
      equal((await c.history()).totalCount, 2); // the question and one answer: the turn ran once
      equal(envelope.data.answer, 'You said once');
    },

    async serverErrorsAndRateLimitsAreRetriedHonouringRetryAfter() {
      const answers = [new Response('{"error":"server.fault"}', { status: 503 }),
        new Response('{"error":"chatapi.request.rate_limited"}', { status: 429, headers: { 'Retry-After': '1' } })];
      const started = Date.now();
      const c = chat({ fetch: (url, init) => (answers.length ? Promise.resolve(answers.shift()) : fetch(url, init)) });
      equal((await c.send('again')).data.answer, 'You said again');
      check(Date.now() - started >= 900, 'Retry-After: 1 was not honoured');
    },

    async theSameIdempotencyKeyAnswersTheFirstAnswer() {
      const c = chat();
      const key = 'key-' + Math.random();
      const first = await c.send('a', { idempotencyKey: key });
      const second = await c.send('b', { idempotencyKey: key });
      equal(second.questionId, first.questionId);
      equal(second.data.answer, 'You said a');
    },

    async aClientErrorIsThrownWithItsCode() {
      const wrong = new ParleyChat({ server, token: token + 'x', storage: memoryStorage() });
      const error = await rejects(wrong.send('hi'));
      equal(error.status, 404);
      equal(error.code, 'chatapi.channel.not_found');
    },

    async pushedMessagesArriveOnceInOrderButNotSendAnswers() {
      const c = chat();
      const { got, states } = receiver(c);
      await waitFor(() => states.includes('online'), 'online');
      await async(c.clientId, 'one');
      await c.send('sync');
      await async(c.clientId, 'two');
      await waitFor(() => got.length >= 2, 'two messages');
      await sleep(300);
      c.close();
      equal(JSON.stringify(got), JSON.stringify(['You said one', 'You said two']));
    },

    async aReconnectResumesWithoutDuplicates() {
      const sources = [];
      const options = {};
      if (hasEventSource) {
        options.EventSource = class extends EventSource {
          constructor(url) {
            super(url);
            sources.push(this);
          }
        };
      }
      const c = chat(options);
      const { got, states } = receiver(c);
      // what arrives before the client is online counts as history: a new client starts after it
      await waitFor(() => states.includes('online'), 'online');
      await async(c.clientId, 'one');
      await waitFor(() => got.length === 1, 'the first message');
      if (hasEventSource) {
        sources[0].dispatchEvent(new Event('error')); // as when the network drops
      } else {
        c._stop(); // aborts the waiting poll, as when the network drops
      }
      await async(c.clientId, 'two');
      await waitFor(() => got.length >= 2, 'the second message');
      await sleep(300);
      c.close();
      equal(JSON.stringify(got), JSON.stringify(['You said one', 'You said two']));
      if (hasEventSource) {
        check(sources.length >= 2 && /[?&]ts=\d{13}/.test(sources[1].url), 'no resuming stream: ' + sources.map((s) => s.url));
        check(states.includes('offline'), 'offline not reported: ' + states);
      }
    },

    async aReloadResumesWhereTheLastPageStopped() {
      const storage = memoryStorage();
      const before = chat({ storage });
      const first = receiver(before);
      await waitFor(() => first.states.includes('online'), 'online');
      await async(before.clientId, 'one');
      await waitFor(() => first.got.length === 1, 'the first message');
      before.close();
      await async(before.clientId, 'two');
      await sleep(200);
      const after = chat({ storage });
      equal(after.clientId, before.clientId);
      const second = receiver(after);
      await waitFor(() => second.got.length >= 1, 'the message sent while away');
      await sleep(300);
      after.close();
      equal(JSON.stringify(second.got), JSON.stringify(['You said two']));
    },

    async aNewDeviceStartsAfterTheHistoryRatherThanReplayingIt() {
      const before = chat();
      await async(before.clientId, 'old');
      await waitFor(async () => (await before.history()).totalCount === 2, 'the old answer in the history');
      const device = chat({ clientId: before.clientId });
      const { got, states } = receiver(device);
      await waitFor(() => states.includes('online'), 'online');
      await async(device.clientId, 'new');
      await waitFor(() => got.length >= 1, 'the new message');
      await sleep(300);
      device.close();
      equal(JSON.stringify(got), JSON.stringify(['You said new']));
    },

    async historyPagesBackwardsOldestFirst() {
      const c = chat();
      for (const text of ['a', 'b', 'c']) await c.send(text);
      const last = await c.history({ limit: 4 });
      equal(last.totalCount, 6);
      equal(JSON.stringify(last.messages.map((m) => m.textMessage)),
        JSON.stringify(['b', 'You said b', 'c', 'You said c']));
      const earlier = await c.history({ limit: 4, before: last.before });
      equal(JSON.stringify(earlier.messages.map((m) => m.textMessage)), JSON.stringify(['a', 'You said a']));
    },

    async aStaleSaveOfTheStateIsRefused() {
      const tab1 = chat();
      const tab2 = chat({ clientId: tab1.clientId });
      equal(JSON.stringify(await tab1.getState()), '{}');
      await tab2.getState();
      await tab1.saveState({ page: 'cart' });
      const error = await rejects(tab2.saveState({ page: 'home' }));
      equal(error.status, 412);
      equal(error.code, 'chatapi.state.precondition_failed');
      equal((await tab2.getState()).page, 'cart');
      await tab2.saveState({ page: 'home' });
      await tab2.saveState({ page: 'home', step: 2 }); // its own save's ETag is the current one
      equal(JSON.stringify(await tab1.getState()), '{"page":"home","step":2}');
    },

    async markReadLowersTheUnreadCount() {
      const c = chat();
      const first = await c.send('a');
      const second = await c.send('b');
      equal(await c.unreadCount(), 2);
      await c.markRead([first.questionId, second.questionId]);
      equal(await c.unreadCount(), 0);
    },

    async markDeliveredMarksWithoutReading() {
      const c = chat();
      const answer = await c.send('a');
      await c.markDelivered([answer.questionId]);
      const status = await (await fetch(`${server}/chatapi/${token}/client/${c.clientId}/message/`
        + `${answer.questionId}/status`)).json();
      equal(status.status, 'DELIVERED');
      equal(await c.unreadCount(), 1);
    },

    async anUploadedFileHasAnAbsoluteTokenFreeUrlAndItsEventReachesTheScenario() {
      const c = chat();
      const file = await c.uploadFile(new Blob(['Grüße'], { type: 'text/plain' }), 'note.txt');
      equal(file.name, 'note.txt');
      equal(file.mimeType, 'text/plain');
      equal(file.size, 7);
      check(file.url.startsWith(server + '/files/') && !file.url.includes(token.split(':')[0]),
        'not a token-free url of the server: ' + file.url);
      if (typeof document === 'undefined') equal(await (await fetch(file.url)).text(), 'Grüße');
      equal((await c.send({ event: 'fileEvent', data: { files: [file] } })).data.answer, 'Got note.txt');
    },

    async aRefusedUploadIsAParleyErrorWithItsStatus() {
      const error = await rejects(chat().uploadFile(new Blob(['<svg/>'], { type: 'image/svg+xml' }), 'x.svg'));
      equal(error.name, 'ParleyError');
      equal(error.status, 415);
    },

    async aClientSignatureGoesWithEveryCall() {
      const seen = [];
      const c = chat({ clientSignature: 'sig-1', fetch: (url, init) => {
        seen.push([url, init.headers['X-Client-Signature']]);
        return fetch(url, init);
      } });
      await c.send('signed');
      await c.unreadCount();
      check(seen.every(([, signature]) => signature === 'sig-1'), 'a call without the header: ' + seen);
    },
  };

  const results = [];
  for (const [name, run] of Object.entries(cases)) {
    try {
      await withTimeout(run(), 15000);
      results.push({ name, ok: true, message: '' });
    } catch (e) {
      results.push({ name, ok: false, message: String(e && e.stack || e) });
    }
  }
  return results;
}

function equal(actual, expected) {
  if (actual !== expected) throw new Error(`expected ${JSON.stringify(expected)} but was ${JSON.stringify(actual)}`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function rejects(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition, what, ms = 8000) {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting for ' + what);
    await sleep(20);
  }
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out after ' + ms + ' ms')), ms);
  })]).finally(() => clearTimeout(timer));
}
