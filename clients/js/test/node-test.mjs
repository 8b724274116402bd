// Runs the client's tests in Node (no EventSource, so over long polling) against a running Parley server:
//   node test/node-test.mjs <server-url> <token>
// Prints one line per case ("ok name" or "not ok name: why") and exits with 1 when any failed.
import { ParleyChat, memoryStorage } from '../parley-chat.js';
import { runCases } from './cases.mjs';

const [server, token] = process.argv.slice(2);
if (!server || !token) {
  console.error('usage: node test/node-test.mjs <server-url> <token>');
  process.exit(2);
}
const results = await runCases({ ParleyChat, memoryStorage, server, token });
for (const { name, ok, message } of results) {
  console.log(ok ? `ok ${name}` : `not ok ${name}: ${message.replace(/\n/g, ' | ')}`);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
