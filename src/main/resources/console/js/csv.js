/*
 * Recipient lists for campaigns: client ids pasted one per line, or the first column of a CSV file. Pure functions,
 * so the rules are the same wherever the list came from.
 */

/** A first line whose first cell is one of these is a header, not a client. */
const HEADERS = ['clientid', 'client_id', 'client id', 'client-id', 'client', 'id'];

/** The first cell of a CSV line: RFC 4180 quoting ("a, b" and "" for a quote), separators , or ; or a tab. */
export function firstCell(line) {
  if (!line.startsWith('"')) { return line.split(/[,;\t]/)[0].trim(); }
  let out = '';
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '"') {
      if (line[i + 1] === '"') { out += '"'; i++; } else { return out; }
    } else {
      out += line[i];
    }
  }
  return out; // an unclosed quote: the rest of the line
}

/**
 * The client ids of a CSV file's text, in order: the first column of each line, blank lines skipped, a header
 * line (clientId, client_id, id…) left out. Returns {ids, header} where header says whether one was left out.
 */
export function idsFromCsv(text) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const ids = [];
  let header = false;
  lines.forEach((line, index) => {
    if (!line.trim()) { return; }
    const cell = firstCell(line);
    if (index === 0 && HEADERS.includes(cell.toLowerCase())) { header = true; return; }
    ids.push(cell);
  });
  return { ids, header };
}

/** The pasted list: one client id per line, spaces around it trimmed, blank lines skipped; with each id's line. */
export function idsFromLines(text) {
  const ids = [];
  const lines = [];
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    const id = line.trim();
    if (id) { ids.push(id); lines.push(index + 1); }
  });
  return { ids, lines };
}
