import { api, upload } from '../api.js';
import { field, fields, h, replace } from '../dom.js';
import { attempt, go, notify } from '../state.js';
import { importChat, startChat } from './chats.js';
import { avatar, busy, choices, download, dropZone, parseJsonField, showAvatar } from './common.js';

export async function charactersView(root) {
  const page = await api('character/list?limit=100');
  replace(root,
    h('div', { class: 'row spread' }, h('h1', {}, 'Your characters'), h('a', { class: 'button', href: '#/character/new' }, 'New character')),
    dropZone('Import a Character Card: drop a PNG, CharX or JSON file, or a text-generation-webui YAML character, here, or choose one', '.png,.json,.charx,.yaml,.yml,image/png,application/json', importCard),
    page.data.length ? h('ul', { class: 'grid' }, page.data.map(character =>
      h('li', { class: 'card character' },
        avatar(character.avatar_url, character.name),
        h('h2', {}, character.name),
        h('p', { class: 'muted clamp' }, character.public_description ?? ''),
        h('div', { class: 'row wrap' },
          h('button', { type: 'button', onclick: busy(() => startChat(character.character_id)) }, 'Chat'),
          chatImport(character),
          h('a', { class: 'button secondary', href: `#/character/${character.character_id}/edit` }, 'Edit'),
          download(`/api/v1/character/export/${character.character_id}?format=png`, 'PNG'),
          download(`/api/v1/character/export/${character.character_id}?format=json`, 'JSON'),
          h('button', { type: 'button', class: 'ghost', onclick: busy(() => remove(character)) }, 'Delete')))))
      : h('p', { class: 'muted' }, 'No characters yet.'));

  async function importCard(file) {
    await attempt(async () => {
      const imported = await upload('character/import', file);
      notify(`Imported ${imported.data.name}.`);
      go('#/characters');
    });
  }

  /** A SillyTavern chat file (.jsonl) chosen here becomes a chat with this character, opened at once. */
  function chatImport(character) {
    const input = h('input', { type: 'file', accept: '.jsonl', class: 'visually-hidden', onchange: () => {
      const [file] = input.files;
      input.value = '';
      if (file) importChat(file, [character.character_id]);
    } });
    // Not named "… chat": "Chat" beside it stays the one button of that name.
    return h('label', { class: 'button secondary', title: `Import a SillyTavern chat file (.jsonl) with ${character.name}` }, 'Import .jsonl', input);
  }

  async function remove(character) {
    if (!confirm(`Delete ${character.name}? Your chats with ${character.name} are deleted with it (export them first to keep them).`)) return;
    await attempt(async () => {
      await api(`character/delete/${character.character_id}`, { method: 'DELETE' });
      go('#/characters');
    });
  }
}

const textFields = [
  ['name', 'Name', 'input'],
  ['public_description', 'Public description', 'textarea'],
  ['tags', 'Tags (comma separated)', 'input'],
  ['personality', 'Personality', 'textarea'],
  ['scenario', 'Scenario', 'textarea'],
  ['greeting', 'Greeting', 'textarea'],
  ['mes_example', 'Example dialogues (<START> between them)', 'textarea'],
  ['backstory', 'Backstory', 'textarea'],
  ['system_instruction', 'System instruction', 'textarea'],
  ['post_history_instructions', 'Post-history instructions', 'textarea'],
  ['creator_notes', 'Creator notes (public)', 'textarea'],
];

/**
 * A character's form; saving an edit sends only the fields changed (the update keeps the others), so an imported card's
 * text stays as it came (a textarea gives back its CRLF line ends as LF) until the user edits it.
 */
export async function characterEditView(root, id) {
  const character = id ? (await api(`character/get/${id}`)).data : {};
  const shown = {
    ...character,
    tags: (character.tags ?? []).join(', '),
    character_book: character.character_book ? JSON.stringify(character.character_book, null, 2) : '',
  };
  const greetings = greetingsEditor(character.alternate_greetings ?? []);
  // An edit's avatar is uploaded once chosen; a new character's once the character is made, as there is none to give it to before.
  const avatarInput = h('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp', onchange: id ? uploadAvatar : null });
  const form = h('form', { class: 'card', onsubmit: busy(save) },
    h('h1', {}, id ? `Edit ${character.name}` : 'New character'),
    h('div', { class: 'row' }, avatar(character.avatar_url, character.name), field('Avatar (PNG, JPEG or WebP)', avatarInput)),
    textFields.map(([name, label, tag]) => field(label, h(tag, { name, value: shown[name] ?? '', required: name === 'name', rows: tag === 'textarea' ? 4 : null }))),
    greetings.element,
    field('Visibility', choices('visibility', character.visibility ?? 'private', [['private', 'private'], ['public', 'public']])),
    field('Definition visible to others', choices('definition_visibility', character.definition_visibility ?? 'public', [['public', 'public'], ['hidden', 'hidden']])),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'nsfw', checked: !!character.nsfw }), 'NSFW'),
    field('Lorebook (character_book JSON, empty for none)', h('textarea', { name: 'character_book', rows: 6, value: shown.character_book, class: 'mono' })),
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save'), h('a', { class: 'button secondary', href: '#/characters' }, 'Cancel')));
  replace(root, form);
  // The form as it was shown, read back as it will be read on save.
  const before = values();

  /** The form's values, alternate greetings as a list. */
  function values() {
    return { ...fields(form), alternate_greetings: greetings.values() };
  }

  async function save() {
    const now = values();
    const changed = Object.keys(now).filter(name => !id || JSON.stringify(now[name]) !== JSON.stringify(before[name]));
    await attempt(async () => {
      const body = Object.fromEntries(changed.map(name => [name, requestValue(name, now[name])]));
      if (id) {
        if (changed.length) await api(`character/update/${id}`, { method: 'PATCH', json: body });
      } else {
        const created = (await api('character/create', { method: 'POST', json: body })).data;
        if (!await uploadNewAvatar(created)) return;
      }
      notify('Saved.');
      go('#/characters');
    });
  }

  /**
   * The avatar chosen for a new character, uploaded now it is made; false when refused (a file not an image): the
   * character is made all the same, so its edit page opens, saying why, for another avatar (a second save would make it twice).
   */
  async function uploadNewAvatar(created) {
    const [file] = avatarInput.files;
    if (!file) return true;
    try {
      await upload(`character/${created.character_id}/avatar`, file);
      return true;
    } catch (error) {
      // A page shown takes down the error of the page left: this one is the next page's, said once that page is chosen.
      window.addEventListener('hashchange', () => notify(new Error(`${created.name} is saved, but not the avatar: ${error.message}`)), { once: true });
      go(`#/character/${created.character_id}/edit`);
      return false;
    }
  }

  /** What the API takes for a field the form shows as text. */
  function requestValue(name, value) {
    if (name === 'tags') return value.split(',').map(tag => tag.trim()).filter(Boolean);
    if (name === 'character_book') return value.trim() ? parseJsonField(name, value) : null;
    return value;
  }

  async function uploadAvatar(event) {
    await attempt(async () => {
      const uploaded = await upload(`character/${id}/avatar`, event.target.files[0]);
      showAvatar(event.target, avatar(uploaded.data.avatar_url, uploaded.data.name));
      notify('Avatar uploaded.');
    });
  }
}

/**
 * Alternate greetings, one box each (a greeting may hold any text, a line of "---" too), with buttons to add and remove
 * one; values() gives the greetings not left empty.
 */
function greetingsEditor(greetings) {
  const list = h('div');
  const add = text => {
    const box = h('div', { class: 'row greeting' },
      h('textarea', { rows: 3, value: text, 'aria-label': 'Alternate greeting' }),
      h('button', { type: 'button', class: 'ghost', onclick: () => box.remove() }, 'Remove'));
    list.append(box);
    return box;
  };
  greetings.forEach(add);
  const element = h('fieldset', { class: 'plain field' }, h('legend', { class: 'muted small' }, 'Alternate greetings (swiped to at the chat\'s start)'), list,
    h('button', { type: 'button', class: 'secondary', onclick: () => add('').querySelector('textarea').focus() }, 'Add a greeting'));
  return { element, values: () => [...list.querySelectorAll('textarea')].map(box => box.value).filter(text => text.trim()) };
}
