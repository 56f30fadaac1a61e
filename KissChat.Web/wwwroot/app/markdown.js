import { h } from './dom.js';

// A small Markdown renderer for replies and cards that builds DOM nodes from text: there is no HTML parsing at all, so
// `<script>` or `<img onerror>` in a reply shows as those characters. It knows fenced code, headings, quotes, lists,
// paragraphs and inline **bold**, *italics* (roleplay actions), `code` and ~~strike~~; links stay plain text. Each block
// takes its direction from its own text (dir="auto"): a Hebrew or Arabic paragraph reads right to left among English ones.

// A list item: its indent (deeper is a list inside the item above), its marker (a number for an ordered list), its text.
const listItem = /^(\s*)([-*+]|\d+[.)]) (.*)$/;

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
      fragment.append(h(`h${Math.min(level + 2, 6)}`, { dir: 'auto' }, inline(line.slice(level + 1))));
      i++;
    } else if (line.startsWith('>')) {
      const quoted = [];
      for (; i < lines.length && lines[i].startsWith('>'); i++) quoted.push(lines[i].replace(/^> ?/, ''));
      fragment.append(h('blockquote', {}, renderMarkdown(quoted.join('\n'))));
    } else if (listItem.test(line)) {
      let list;
      [list, i] = renderList(lines, i);
      fragment.append(list);
    } else if (line.trim() === '') {
      i++;
    } else {
      const paragraph = [];
      for (; i < lines.length && lines[i].trim() !== '' && !/^(```|#{1,6} |>)/.test(lines[i]) && !startsListInParagraph(lines[i]); i++) paragraph.push(lines[i]);
      fragment.append(h('p', { dir: 'auto' }, paragraph.flatMap((part, index) => index ? [h('br'), inline(part)] : [inline(part)])));
    }
  }
  return fragment;
}

/**
 * A list straight after a line of text ("Options:") starts there, as in CommonMark, when it is a bulleted one or a
 * numbered one from 1: a line of prose that happens to begin "2. " or "1999. " goes on with its paragraph.
 */
function startsListInParagraph(line) {
  const [, , marker, text] = line.match(listItem) ?? [];
  return marker !== undefined && text.trim() !== '' && (!/\d/.test(marker) || parseInt(marker, 10) === 1);
}

/**
 * The list starting at lines[start] and the index of the line after it: items of its kind (bullets, or numbers) at its
 * indent, each with the deeper items under it as a list of their own. A list of the other kind starts a new list.
 */
function renderList(lines, start) {
  const [, indent, marker] = lines[start].match(listItem);
  const ordered = /\d/.test(marker);
  const items = [];
  let i = start;
  while (i < lines.length) {
    const [, itemIndent, itemMarker, text] = lines[i].match(listItem) ?? [];
    if (itemIndent === undefined || itemIndent.length < indent.length) break;
    if (itemIndent.length > indent.length) {
      let nested;
      [nested, i] = renderList(lines, i);
      items.at(-1).append(nested);
      continue;
    }
    if (/\d/.test(itemMarker) !== ordered) break;
    items.push(h('li', { dir: 'auto' }, inline(text)));
    i++;
  }
  // A numbered list keeps its first number (a list broken by a paragraph goes on counting).
  const first = parseInt(marker, 10);
  const list = h(ordered ? 'ol' : 'ul', { start: ordered && first !== 1 ? first : null }, items);
  // Its numbers stand in its indent, made as wide as its biggest (app.css): "123456." is not cut at the bubble's edge.
  if (ordered) list.style.setProperty('--marker-digits', String(first + items.length - 1).length);
  return [list, i];
}

// ***Bold italics*** are both at once. Underscores inside a word (snake_case, file names) are not emphasis, as in CommonMark.
const inlinePattern = /(`[^`]+`)|(\*\*\*[^*]+\*\*\*)|(\*\*[^*]+\*\*)|((?<![\p{L}\p{N}_])__[^_]+__(?![\p{L}\p{N}_]))|(~~[^~]+~~)|(\*[^*\s][^*]*\*)|((?<![\p{L}\p{N}_])_[^_\s][^_]*_(?![\p{L}\p{N}_]))/u;

function inline(text) {
  const nodes = [];
  let rest = text;
  for (let match; (match = inlinePattern.exec(rest));) {
    if (match.index) nodes.push(rest.slice(0, match.index));
    const token = match[0];
    if (match[1]) nodes.push(h('code', {}, token.slice(1, -1)));
    else if (match[2]) nodes.push(h('strong', {}, h('em', {}, inline(token.slice(3, -3)))));
    else if (match[3] || match[4]) nodes.push(h('strong', {}, inline(token.slice(2, -2))));
    else if (match[5]) nodes.push(h('del', {}, inline(token.slice(2, -2))));
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
