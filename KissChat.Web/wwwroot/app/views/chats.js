import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { attempt, go } from '../state.js';
import { plainText } from '../markdown.js';
import { avatar, when } from './common.js';

export async function chatsView(root) {
  const page = await api('chat/list?limit=100');
  replace(root,
    h('div', { class: 'row spread' }, h('h1', {}, 'Chats'), h('a', { class: 'button', href: '#/library' }, 'Find a character')),
    page.data.length ? h('ul', { class: 'list' }, page.data.map(chat =>
      h('li', { class: 'item' },
        avatar(chat.character?.avatar_url, chat.character?.name),
        h('a', { class: 'grow', href: `#/chat/${chat.id}` },
          h('strong', {}, chat.title), ' ', h('span', { class: 'muted' }, chat.character?.name ?? ''),
          h('span', { class: 'preview' }, plainText(chat.last_message ?? ''))),
        h('span', { class: 'muted small' }, when(chat.updated_at)),
        h('button', { type: 'button', class: 'ghost', 'aria-label': `Delete ${chat.title}`, onclick: () => remove(chat) }, 'Delete'))))
      : h('p', { class: 'muted' }, 'No chats yet: start one from your characters or the library.'));

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
