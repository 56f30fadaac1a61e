import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { session } from '../state.js';
import { startChat } from './chats.js';
import { avatar } from './common.js';

// The public library: open to visitors; signed-in users start chats from it.

export async function libraryView(root) {
  const search = { q: '', tag: '', sort: 'popular' };
  const results = h('ul', { class: 'grid' });
  const tags = h('div', { class: 'row wrap tags', 'aria-label': 'Tags' });
  const query = h('input', { type: 'search', placeholder: 'Search names, descriptions, tags, creators', 'aria-label': 'Search', oninput: debounce(() => { search.q = query.value; load(); }) });
  const sort = h('select', { 'aria-label': 'Sort', onchange: () => { search.sort = sort.value; load(); } },
    ['popular', 'newest', 'most_liked', 'trending'].map(value => h('option', { value }, value.replace('_', ' '))));
  replace(root, h('h1', {}, 'Library'), h('div', { class: 'row' }, query, sort), tags, results);

  const tagList = (await api('character/tags')).data;
  replace(tags, tagList.slice(0, 30).map(({ tag, count }) =>
    h('button', { type: 'button', class: 'chip', 'aria-pressed': 'false', onclick: event => chooseTag(tag, event.target) }, `${tag} (${count})`)));
  await load();

  function chooseTag(tag, button) {
    search.tag = search.tag === tag ? '' : tag;
    for (const chip of tags.children) chip.setAttribute('aria-pressed', String(chip === button && !!search.tag));
    load();
  }

  async function load() {
    const parameters = new URLSearchParams(Object.entries(search).filter(([, value]) => value));
    const page = await api(`character/public?${parameters}`);
    replace(results, page.data.length ? page.data.map(character =>
      h('li', { class: 'card character' },
        avatar(character.avatar_url, character.name),
        h('h2', {}, character.name),
        h('p', { class: 'muted small' }, `by ${character.creator ?? 'someone'} · ${character.chat_count} chats · ${character.like_count} likes`),
        h('p', { class: 'clamp' }, character.public_description ?? ''),
        h('p', { class: 'muted small' }, character.tags.join(', ')),
        session.user ? h('button', { type: 'button', onclick: () => startChat(character.character_id) }, 'Start a chat')
          : h('a', { class: 'button', href: '#/chats' }, 'Log in to chat')))
      : h('li', { class: 'muted' }, 'Nothing found.'));
  }
}

function debounce(action) {
  let timer;
  return () => { clearTimeout(timer); timer = setTimeout(action, 300); };
}
