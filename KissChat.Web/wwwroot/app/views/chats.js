import { api } from '../api.js';
import { field, h, replace } from '../dom.js';
import { attempt, go, notify } from '../state.js';
import { plainText } from '../markdown.js';
import { showFound } from './chat-search.js';
import { avatar, busy, latestReads, togglePanel, when } from './common.js';

// What the list shows, as the filter's values: every chat (''), the favourites, or one folder's chats.
const favourites = 'favourites';
const inFolder = 'folder:';
// The folder picker's "New folder…": no folder is named so (the API refuses control characters in a name).
const newFolder = '\u0000new';

export async function chatsView(root) {
  const [page, own, folders] = await Promise.all([api('chat/list?limit=100'), api('character/list?limit=100'), api('chat/folders')]);
  let folderNames = folders.data.map(folder => folder.name);
  const importPanel = importForm(importableCharacters(own.data, page.data));
  const importButton = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', onclick: () => togglePanel(importPanel, importButton) }, 'Import a chat');
  // The chats, or the messages a search found: a slow search, or the query emptied meanwhile, draws nothing over a newer read.
  const results = h('div', { class: 'chat-results' });
  const read = latestReads();
  const filter = h('select', { 'aria-label': 'Show', onchange: () => { query.value = ''; attempt(showChats); } });
  // Emptied (by its clear button, or by deleting the words), the search gives way to the chats again.
  const query = h('input', { type: 'search', name: 'q', maxlength: 200, placeholder: 'Search your messages', 'aria-label': 'Search your messages', oninput: () => { if (!query.value.trim()) attempt(showChats); } });
  const searchForm = h('form', { class: 'row grow', role: 'search', onsubmit: event => { event.preventDefault(); if (query.value.trim()) attempt(search); } },
    query, h('button', { type: 'submit' }, 'Search'));
  fillFilter(folders.data);
  replace(root,
    h('div', { class: 'row spread wrap' }, h('h1', {}, 'Chats'),
      h('div', { class: 'row wrap' }, importButton, h('a', { class: 'button', href: '#/library' }, 'Find a character'))),
    importPanel,
    h('div', { class: 'row wrap chat-tools' }, searchForm, filter),
    results);
  showList(page.data);

  /** Reads the chats the filter picks and shows them. */
  async function showChats() {
    const latest = read();
    const chats = (await api(`chat/list?limit=100${filterQuery()}`)).data;
    if (latest()) showList(chats);
  }

  function search() {
    return showFound(results, query.value.trim(), read());
  }

  function filterQuery() {
    if (filter.value === favourites) return '&favorite=true';
    if (filter.value.startsWith(inFolder)) return `&folder=${encodeURIComponent(filter.value.slice(inFolder.length))}`;
    return '';
  }

  function showList(chats) {
    replace(results, chats.length ? h('ul', { class: 'list' }, chats.map(chatRow))
      : h('p', { class: 'muted' }, filter.value ? 'No chats here.' : 'No chats yet: start one from your characters or the library, or import one.'));
  }

  function fillFilter(folderCounts) {
    const chosen = filter.value;
    replace(filter,
      h('option', { value: '' }, 'All chats'),
      h('option', { value: favourites }, 'Favourites'),
      folderCounts.length ? h('optgroup', { label: 'Folders' }, folderCounts.map(({ name, chats }) => h('option', { value: inFolder + name }, `${name} (${chats})`))) : null);
    filter.value = [...filter.options].some(option => option.value === chosen) ? chosen : '';
  }

  // Title first, then who and when in small print: on a phone the title has the row's width, the buttons go under it.
  function chatRow(chat) {
    const who = chat.members ? chat.members.map(member => member.name).join(', ') : chat.character?.name;
    return h('li', { class: 'item chat-row' },
      chat.members
        ? h('span', { class: 'avatars' }, chat.members.slice(0, 3).map(member => avatar(member.avatar_url, member.name)))
        : avatar(chat.character?.avatar_url, chat.character?.name),
      h('a', { class: 'grow', href: `#/chat/${chat.id}` },
        h('strong', { class: 'title' }, chat.title), chat.branched_from ? [' ', h('span', { class: 'badge' }, 'Branch')] : null,
        h('span', { class: 'meta small' }, who ? [h('span', { class: 'muted' }, who), ' · '] : null,
          h('time', { datetime: chat.updated_at, title: when(chat.updated_at) }, lastActive(chat.updated_at))),
        h('span', { class: 'preview' }, plainText(chat.last_message ?? ''))),
      h('div', { class: 'row chat-actions' },
        starButton(chat),
        folderPicker(chat),
        h('button', { type: 'button', class: 'ghost', 'aria-label': `Delete ${chat.title}`, onclick: busy(() => remove(chat)) }, 'Delete')));
  }

  function starButton(chat) {
    const star = h('button', { type: 'button', class: 'ghost star', 'aria-label': `Favourite ${chat.title}`, title: 'Favourite', onclick: async () => {
      // A second click while the first is on its way would undo it.
      star.disabled = true;
      await update(chat, { is_favorite: !chat.is_favorite });
      star.disabled = false;
      show();
    } });
    show();
    return star;

    function show() {
      star.setAttribute('aria-pressed', String(chat.is_favorite));
      star.textContent = chat.is_favorite ? '★' : '☆';
    }
  }

  function folderPicker(chat) {
    const picker = h('select', { class: 'folder', 'aria-label': `Folder of ${chat.title}`, onchange: async () => {
      // "No folder" is null; a new folder left blank or cancelled changes nothing.
      const folder = picker.value === newFolder ? prompt('New folder')?.trim() : picker.value || null;
      if (folder !== undefined && folder !== '') await update(chat, { folder });
      await attempt(refreshFolders);
      // As stored: a new folder cancelled, or a change refused, shows the folder the chat is still in.
      fillPicker(picker, chat.folder);
    } });
    fillPicker(picker, chat.folder);
    return picker;
  }

  function fillPicker(picker, current) {
    replace(picker,
      h('option', { value: '' }, 'No folder'),
      folderNames.map(name => h('option', { value: name, selected: name === current }, name)),
      h('option', { value: newFolder }, 'New folder…'));
  }

  /** The folders as they are now, in the filter (with their counts) and in every row's picker (a new one, a last one emptied). */
  async function refreshFolders() {
    const folderCounts = (await api('chat/folders')).data;
    folderNames = folderCounts.map(folder => folder.name);
    fillFilter(folderCounts);
    for (const picker of results.querySelectorAll('select.folder')) fillPicker(picker, picker.value);
  }

  /** A favourite or a folder changes nothing else: the row keeps its place, under any filter, until the list is read again. */
  async function update(chat, changes) {
    await attempt(async () => {
      const updated = (await api(`chat/${chat.id}`, { method: 'PATCH', json: changes })).data;
      chat.is_favorite = updated.is_favorite;
      chat.folder = updated.folder;
    });
  }

  async function remove(chat) {
    if (!confirm(`Delete the chat "${chat.title}"?`)) return;
    await attempt(async () => {
      await api(`chat/${chat.id}`, { method: 'DELETE' });
      go('#/chats');
    });
  }
}

/** When a chat was last active, short enough for a phone's row: the time today, else the day (the full date is its tooltip). */
function lastActive(iso) {
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString()
    ? date.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })
    : date.toLocaleDateString([], { day: 'numeric', month: 'short', year: date.getFullYear() === new Date().getFullYear() ? undefined : 'numeric' });
}
export async function startChat(characterId) {
  await attempt(async () => {
    const created = await api('chat/new', { method: 'POST', json: { character_id: characterId } });
    go(`#/chat/${created.newChatID}`);
  });
}

/**
 * Imports a SillyTavern chat file (.jsonl) as a chat with one character, or a group chat with several (in that order;
 * each reply's name in the file says which of them spoke), then opens it. Its dates are read in the browser's time zone.
 */
export async function importChat(file, characterIds) {
  await attempt(async () => {
    const form = new FormData();
    form.append('file', file);
    if (characterIds.length === 1) form.append('character_id', characterIds[0]);
    else characterIds.forEach(id => form.append('character_ids', id));
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (timeZone) form.append('time_zone', timeZone);
    const created = await api('chat/import', { method: 'POST', body: form });
    notify(`Imported ${file.name}.`);
    go(`#/chat/${created.newChatID}`);
  });
}

/** The characters a chat can be imported with: your own, then those of your chats (public ones too), each once. */
function importableCharacters(own, chats) {
  const characters = new Map(own.map(character => [character.character_id, character.name]));
  for (const chat of chats) {
    if (chat.character && !characters.has(chat.character.id)) characters.set(chat.character.id, chat.character.name);
  }
  return [...characters].map(([id, name]) => ({ id, name }));
}

function importForm(characters) {
  // A group chat's turn order is the order its characters were ticked in.
  let chosen = [];
  const boxes = characters.map(character => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'character', value: character.id, onchange: event => {
      chosen = chosen.filter(id => id !== character.id);
      if (event.target.checked) chosen.push(character.id);
    } }), ` ${character.name}`));
  const file = h('input', { type: 'file', name: 'file', accept: '.jsonl', required: true });
  const form = h('form', { class: 'card import-chat', hidden: true, 'aria-label': 'Import a chat', onsubmit: busy(async () => {
    if (!chosen.length) {
      notify(new Error('Choose the chat\'s character (or its characters, for a group chat).'));
      return;
    }
    await importChat(file.files[0], chosen);
  }) },
    h('h2', {}, 'Import a SillyTavern chat'),
    characters.length
      ? h('fieldset', { class: 'plain' }, h('legend', { class: 'muted small' }, 'With (one character, or several for a group chat, in turn order: each reply\'s name in the file says who spoke)'),
        h('div', { class: 'row wrap' }, boxes))
      : h('p', { class: 'muted' }, 'No characters yet: make or import one on the Characters page, or start a chat from the library.'),
    field('Chat file (.jsonl)', file),
    h('button', { type: 'submit', disabled: !characters.length }, 'Import'));
  return form;
}
