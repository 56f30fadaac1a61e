import { api } from '../api.js';
import { field, h, replace } from '../dom.js';
import { attempt, go, notify } from '../state.js';
import { plainText } from '../markdown.js';
import { avatar, togglePanel, when } from './common.js';

export async function chatsView(root) {
  const [page, own] = await Promise.all([api('chat/list?limit=100'), api('character/list?limit=100')]);
  const importPanel = importForm(importableCharacters(own.data, page.data));
  const importButton = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', onclick: () => togglePanel(importPanel, importButton) }, 'Import a chat');
  replace(root,
    h('div', { class: 'row spread wrap' }, h('h1', {}, 'Chats'),
      h('div', { class: 'row wrap' }, importButton, h('a', { class: 'button', href: '#/library' }, 'Find a character'))),
    importPanel,
    page.data.length ? h('ul', { class: 'list' }, page.data.map(chat =>
      h('li', { class: 'item' },
        chat.members
          ? h('span', { class: 'avatars' }, chat.members.slice(0, 3).map(member => avatar(member.avatar_url, member.name)))
          : avatar(chat.character?.avatar_url, chat.character?.name),
        h('a', { class: 'grow', href: `#/chat/${chat.id}` },
          h('strong', {}, chat.title), ' ', chat.branched_from ? [h('span', { class: 'badge' }, 'Branch'), ' '] : null,
          h('span', { class: 'muted' }, chat.members ? chat.members.map(member => member.name).join(', ') : chat.character?.name ?? ''),
          h('span', { class: 'preview' }, plainText(chat.last_message ?? ''))),
        h('span', { class: 'muted small' }, when(chat.updated_at)),
        h('button', { type: 'button', class: 'ghost', 'aria-label': `Delete ${chat.title}`, onclick: () => remove(chat) }, 'Delete'))))
      : h('p', { class: 'muted' }, 'No chats yet: start one from your characters or the library, or import one.'));

  async function remove(chat) {
    if (!confirm(`Delete the chat "${chat.title}"?`)) return;
    await attempt(async () => {
      await api(`chat/${chat.id}`, { method: 'DELETE' });
      go('#/chats');
    });
  }
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
  const form = h('form', { class: 'card import-chat', hidden: true, 'aria-label': 'Import a chat', onsubmit: async event => {
    event.preventDefault();
    if (!chosen.length) {
      notify(new Error('Choose the chat\'s character (or its characters, for a group chat).'));
      return;
    }
    await importChat(file.files[0], chosen);
  } },
    h('h2', {}, 'Import a SillyTavern chat'),
    characters.length
      ? h('fieldset', { class: 'plain' }, h('legend', { class: 'muted small' }, 'With (one character, or several for a group chat, in turn order: each reply\'s name in the file says who spoke)'),
        h('div', { class: 'row wrap' }, boxes))
      : h('p', { class: 'muted' }, 'No characters yet: make or import one on the Characters page, or start a chat from the library.'),
    field('Chat file (.jsonl)', file),
    h('button', { type: 'submit', disabled: !characters.length }, 'Import'));
  return form;
}
