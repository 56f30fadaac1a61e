import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { attempt } from '../state.js';
import { when } from './common.js';

// The search over the messages of my chats (chat/search): each message found links to its place in its chat.

/**
 * Shows in `results` the messages holding every word of `q`, newest first, a page at a time ("More results" reads the
 * next). Resolves once the first page is shown. A page that comes once `current()` is false (results shown since) is dropped.
 */
export async function showFound(results, q, current) {
  const list = h('ul', { class: 'list', 'aria-label': 'Messages found' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'More results');
  replace(results, list, more);
  let cursor = null;
  more.onclick = () => attempt(readPage);
  await readPage();

  async function readPage() {
    // A second click while the page comes would show it twice.
    more.disabled = true;
    try {
      const page = await api(`chat/search?limit=20&q=${encodeURIComponent(q)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      if (!current()) return;
      list.append(...page.data.map(foundItem));
      if (!list.children.length) list.append(h('li', { class: 'muted' }, `No message holds "${q}".`));
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } finally {
      more.disabled = false;
    }
  }
}

function foundItem(found) {
  return h('li', { class: 'item' },
    h('a', { class: 'grow', href: `#/chat/${found.chat.id}/message/${found.id}` },
      h('strong', { class: 'title' }, found.chat.title),
      h('span', { class: 'meta muted small' }, [found.character?.name, when(found.created_at)].filter(Boolean).join(' · ')),
      h('span', { class: 'snippet' }, marked(found.snippet))));
}

const entities = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': '\'' };

/**
 * The API's snippet is HTML-escaped text whose only markup is <mark>…</mark> around the words found. It is taken apart
 * here rather than given to innerHTML, so the app keeps to text nodes (dom.js) whatever a message says.
 */
function marked(snippet) {
  return snippet.split(/(<mark>|<\/mark>)/).reduce(({ nodes, inMark }, part) => {
    if (part === '<mark>' || part === '</mark>') return { nodes, inMark: part === '<mark>' };
    const text = part.replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => entities[name]);
    if (text) nodes.push(inMark ? h('mark', {}, text) : text);
    return { nodes, inMark };
  }, { nodes: [], inMark: false }).nodes;
}
