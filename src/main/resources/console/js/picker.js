/*
 * The channel picker the per-channel admin views share (Campaigns, Dead letters): fills a select with the channels
 * and keeps the choice when the list is loaded again.
 */
import { el, clear } from './dom.js';

/** Loads the channels into `select`, keeping the chosen one when it still exists; resolves with the channels. */
export async function fillChannels(select, api) {
  const data = await api.get('/api/v1/channels');
  const channels = (data && data.items) || [];
  const before = select.value;
  clear(select);
  channels.forEach((c) => select.appendChild(el('option', '', c.name, { value: c.id })));
  if (channels.some((c) => String(c.id) === before)) { select.value = before; }
  return channels;
}
