/*
 * A line diff by longest common subsequence: enough for scenarios of a few thousand lines. Pure, so the browser test
 * can check it directly.
 */

/**
 * The lines of `before` and `after` as a list of {op, text, oldLine, newLine}: op is ' ' (in both), '-' (only in
 * before) or '+' (only in after); line numbers count from 1 and are null on the side a line is not in.
 */
export function diffLines(before, after) {
  const a = splitLines(before);
  const b = splitLines(after);
  const lcs = table(a, b);
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i], oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ op: '-', text: a[i], oldLine: i + 1, newLine: null });
      i++;
    } else {
      out.push({ op: '+', text: b[j], oldLine: null, newLine: j + 1 });
      j++;
    }
  }
  for (; i < a.length; i++) { out.push({ op: '-', text: a[i], oldLine: i + 1, newLine: null }); }
  for (; j < b.length; j++) { out.push({ op: '+', text: b[j], oldLine: null, newLine: j + 1 }); }
  return out;
}

/** lcs[i][j]: the length of the longest common subsequence of a[i..] and b[j..]. */
function table(a, b) {
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  return lcs;
}

function splitLines(text) {
  if (!text) { return []; }
  const lines = String(text).replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') { lines.pop(); }
  return lines;
}
