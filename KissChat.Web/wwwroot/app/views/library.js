import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { plainText, renderMarkdown } from '../markdown.js';
import { attempt, session } from '../state.js';
import { startChat } from './chats.js';
import { avatar, busy, latestReads } from './common.js';

// The public library: open to visitors; signed-in users like characters and start chats from it.

export async function libraryView(root) {
  const search = { q: '', tag: '', sort: 'popular' };
  // A slow answer to an earlier search is dropped, not drawn over a newer one.
  const read = latestReads();
  const results = h('ul', { class: 'grid' });
  const tags = h('div', { class: 'row wrap tags', 'aria-label': 'Tags' });
  const query = h('input', { type: 'search', placeholder: 'Search names, descriptions, tags, creators', 'aria-label': 'Search', oninput: debounce(() => { search.q = query.value; load(); }) });
  const sort = h('select', { 'aria-label': 'Sort', onchange: () => { search.sort = sort.value; load(); } },
    ['popular', 'newest', 'most_liked', 'trending'].map(value => h('option', { value }, value.replace('_', ' '))));
  // A character's page replaces the list while it is open; the list stays as it was (search, tag, scroll) behind it.
  const browse = h('div', {}, h('h1', {}, 'Library'), h('div', { class: 'row' }, query, sort), tags, results);
  const characterPage = h('div', { hidden: true });
  replace(root, browse, characterPage);

  const tagList = await api('character/tags');
  replace(tags, tagList.data.slice(0, 30).map(({ tag, count }) =>
    h('button', { type: 'button', class: 'chip', 'aria-pressed': 'false', onclick: event => chooseTag(tag, event.target) }, `${tag} (${count})`)));
  await load();

  function chooseTag(tag, button) {
    search.tag = search.tag === tag ? '' : tag;
    for (const chip of tags.children) chip.setAttribute('aria-pressed', String(chip === button && !!search.tag));
    load();
  }

  async function load() {
    const latest = read();
    const parameters = new URLSearchParams(Object.entries(search).filter(([, value]) => value));
    const page = await api(`character/public?${parameters}`);
    if (!latest()) return;
    replace(results, page.data.length ? page.data.map(character =>
      h('li', { class: 'card character' },
        avatar(character.avatar_url, character.name),
        h('h2', {}, h('button', { type: 'button', class: 'link', title: 'More about this character', onclick: () => attempt(() => open(character)) }, character.name)),
        h('p', { class: 'muted small' }, byLine(character)),
        h('p', { class: 'clamp' }, plainText(character.public_description ?? '')),
        h('p', { class: 'muted small' }, character.tags.join(', ')),
        h('div', { class: 'row wrap' }, chatButton(character, 'Start a chat'), likeButton(character))))
      : h('li', { class: 'muted' }, 'Nothing found.'));
  }

  /**
   * A public character's page: how its author presents it, its greeting (only a signed-in user may read a definition,
   * and only when its author shows it), and a chat with it.
   */
  async function open(character) {
    const definition = session.user ? (await api(`character/get/${character.character_id}`)).data : null;
    const heading = h('h1', { tabindex: '-1' }, character.name);
    replace(characterPage,
      h('button', { type: 'button', class: 'ghost', onclick: close }, '← Library'),
      h('article', { class: 'card character-page', 'aria-label': character.name },
        h('div', { class: 'row' }, avatar(character.avatar_url, character.name), h('div', { class: 'grow' }, heading, h('p', { class: 'muted small' }, byLine(character)))),
        character.tags.length ? h('p', { class: 'row wrap' }, character.tags.map(tag => h('span', { class: 'badge' }, tag))) : null,
        character.public_description ? h('div', { class: 'description' }, renderMarkdown(character.public_description)) : null,
        character.creator_notes ? [h('h2', {}, 'Creator\'s notes'), h('div', {}, renderMarkdown(character.creator_notes))] : null,
        h('h2', {}, 'Greeting'),
        greeting(definition),
        h('div', { class: 'row wrap' }, chatButton(character, 'Chat'), likeButton(character))));
    const scrolled = window.scrollY;
    browse.hidden = true;
    characterPage.hidden = false;
    window.scrollTo(0, 0);
    heading.focus();

    function close() {
      characterPage.hidden = true;
      browse.hidden = false;
      window.scrollTo(0, scrolled);
    }
  }

  function chatButton(character, text) {
    return session.user ? h('button', { type: 'button', onclick: busy(() => startChat(character.character_id)) }, text)
      : h('a', { class: 'button', href: '#/chats' }, 'Log in to chat');
  }

  /** A toggle, pressed as the listing's `liked` says and then as the API answers; a visitor sees the count only. */
  function likeButton(character) {
    const label = () => `♥ ${character.like_count}`;
    if (!session.user) return h('span', { class: 'muted small', title: 'Likes' }, label());
    const id = character.character_id;
    const button = h('button', { type: 'button', class: 'secondary like', 'data-character': id, 'aria-label': `Like ${character.name}`, 'aria-pressed': String(!!character.liked), onclick: toggle }, label());
    return button;

    async function toggle() {
      // A second click while the first is on its way would undo it.
      button.disabled = true;
      await attempt(async () => {
        const state = (await api(`character/${id}/like`, { method: character.liked ? 'DELETE' : 'PUT' })).data;
        character.liked = state.liked;
        character.like_count = state.like_count;
        // The character's page and its card in the list behind it show the same.
        for (const each of root.querySelectorAll(`.like[data-character="${id}"]`)) {
          each.setAttribute('aria-pressed', String(state.liked));
          each.textContent = label();
        }
      });
      button.disabled = false;
    }
  }
}

function byLine(character) {
  return `by ${character.creator ?? 'someone'} · ${character.chat_count} ${character.chat_count === 1 ? 'chat' : 'chats'}`;
}

function greeting(definition) {
  if (!definition) return h('p', { class: 'muted' }, 'Log in to read its greeting.');
  if (definition.greeting) return h('div', { class: 'greeting' }, renderMarkdown(definition.greeting));
  return h('p', { class: 'muted' }, definition.definition_visibility === 'hidden' ? 'Its author keeps its definition, greeting included, to themselves.' : 'It has no greeting.');
}

function debounce(action) {
  let timer;
  return () => { clearTimeout(timer); timer = setTimeout(action, 300); };
}
