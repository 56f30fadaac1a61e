import { h } from './dom.js';

// A small Markdown renderer for replies and cards that builds DOM nodes from text: there is no HTML parsing at all, so
// `<script>` or `<img onerror>` in a reply shows as those characters. It knows fenced code, headings, quotes, lists,
// paragraphs and inline **bold**, *italics* (roleplay actions), `code` and ~~strike~~; links stay plain text.

export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  const lines = String(text ?? '').replaceAll('\r\n', '\n').split('\n');
  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    if (line.startsWith('```')) {
      const code = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i]);
      i++;
      fragment.append(h('pre', {}, h('code', {}, code.join('\n'))));
    } else if (/^#{1,6} /.test(line)) {
      const level = line.indexOf(' ');
      fragment.append(h(`h${Math.min(level + 2, 6)}`, {}, inline(line.slice(level + 1))));
      i++;
    } else if (line.startsWith('>')) {
      const quoted = [];
      for (; i < lines.length && lines[i].startsWith('>'); i++) quoted.push(lines[i].replace(/^> ?/, ''));
      fragment.append(h('blockquote', {}, renderMarkdown(quoted.join('\n'))));
    } else if (/^\s*([-*+]|\d+\.) /.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const items = [];
      for (; i < lines.length && /^\s*([-*+]|\d+\.) /.test(lines[i]); i++) items.push(h('li', {}, inline(lines[i].replace(/^\s*([-*+]|\d+\.) /, ''))));
      fragment.append(h(ordered ? 'ol' : 'ul', {}, items));
    } else if (line.trim() === '') {
      i++;
    } else {
      const paragraph = [];
      for (; i < lines.length && lines[i].trim() !== '' && !/^(```|#{1,6} |>)/.test(lines[i]); i++) paragraph.push(lines[i]);
      fragment.append(h('p', {}, paragraph.flatMap((part, index) => index ? [h('br'), inline(part)] : [inline(part)])));
    }
  }
  return fragment;
}

// Underscores inside a word (snake_case, file names) are not emphasis, as in CommonMark.
const inlinePattern = /(`[^`]+`)|(\*\*[^*]+\*\*)|((?<![\p{L}\p{N}_])__[^_]+__(?![\p{L}\p{N}_]))|(~~[^~]+~~)|(\*[^*\s][^*]*\*)|((?<![\p{L}\p{N}_])_[^_\s][^_]*_(?![\p{L}\p{N}_]))/u;

function inline(text) {
  const nodes = [];
  let rest = text;
  for (let match; (match = inlinePattern.exec(rest));) {
    if (match.index) nodes.push(rest.slice(0, match.index));
    const token = match[0];
    if (match[1]) nodes.push(h('code', {}, token.slice(1, -1)));
    else if (match[2] || match[3]) nodes.push(h('strong', {}, inline(token.slice(2, -2))));
    else if (match[4]) nodes.push(h('del', {}, inline(token.slice(2, -2))));
    else nodes.push(h('em', {}, inline(token.slice(1, -1))));
    rest = rest.slice(match.index + token.length);
  }
  if (rest) nodes.push(rest);
  return nodes;
}

/** The text a reader sees, without the marks: for one-line previews. */
export function plainText(markdown) {
  return renderMarkdown(markdown).textContent;
}
