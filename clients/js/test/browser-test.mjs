// Runs the client's tests in a browser: the page's URL names the server (?server=…&token=…); the module is loaded
// from that server, usually another origin, as a site embedding the chat would. The results go into #results as JSON.
import { runCases } from './cases.mjs';

const params = new URLSearchParams(location.search);
const server = params.get('server');
const show = (status, results) => {
  document.getElementById('results').textContent = JSON.stringify(results);
  document.getElementById('status').textContent = status;
};
try {
  const { ParleyChat, memoryStorage } = await import(server + '/sdk/parley-chat.js');
  show('done', await runCases({ ParleyChat, memoryStorage, server, token: params.get('token') }));
} catch (e) {
  show('done', [{ name: 'loadTheModule', ok: false, message: String(e && e.stack || e) }]);
}
