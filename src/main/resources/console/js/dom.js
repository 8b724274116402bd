/*
 * DOM helpers. Every piece of data reaches the page through textContent or a text node, never as HTML: names,
 * tokens, scenario text, client ids and messages may come from anyone.
 */

export function $(id) {
  return document.getElementById(id);
}

/** A new element with an optional class and text; attributes are set one by one, never parsed. */
export function el(tag, className, value, attributes) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (value !== undefined && value !== null) { node.textContent = String(value); }
  Object.entries(attributes || {}).forEach(([name, v]) => node.setAttribute(name, String(v)));
  return node;
}

export function clear(node) {
  while (node.firstChild) { node.removeChild(node.firstChild); }
}

/** A real button with the text it shows and, when the text alone is ambiguous, an accessible name that says more. */
export function button(label, onClick, options = {}) {
  const node = el('button', options.className || '', label, { type: 'button' });
  if (options.ariaLabel) { node.setAttribute('aria-label', options.ariaLabel); }
  node.addEventListener('click', onClick);
  return node;
}

export function formatTime(iso) {
  if (!iso) { return ''; }
  const date = new Date(iso.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(iso) ? iso : iso + 'Z');
  if (isNaN(date.getTime())) { return String(iso); }
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

/** Shows (or, with an empty message, hides) an error next to the field or action it concerns. */
export function fieldError(node, message) {
  node.textContent = message || '';
  node.hidden = !message;
}

/**
 * Copies text to the clipboard; where the browser refuses (no permission, not a secure context) the text is selected
 * in its field instead, so Ctrl+C finishes the job. Resolves with what happened, for the status line.
 */
export async function copy(value, fallbackField) {
  try {
    if (!navigator.clipboard) { throw new Error('no clipboard'); }
    await navigator.clipboard.writeText(value);
    return 'copied';
  } catch (e) {
    if (fallbackField) {
      fallbackField.focus();
      fallbackField.select();
    }
    return 'selected';
  }
}

export function parseJson(text) {
  try { return JSON.parse(text); } catch (e) { return null; }
}
