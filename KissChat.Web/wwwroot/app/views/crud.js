import { api } from '../api.js';
import { field, fields, h, replace } from '../dom.js';
import { attempt, go, notify } from '../state.js';
import { busy } from './common.js';

/**
 * A list of the user's own things of one kind with a form to create or edit one: personas, presets and lorebooks.
 * @param kind {title, path (API prefix), route, inputs(item) → form controls, body(values) → request, describe(item), extra(item)}
 */
export async function crudView(root, kind) {
  const items = (await api(`${kind.path}/list`)).data;
  const editor = h('div');
  replace(root,
    h('div', { class: 'row spread' }, h('h1', {}, kind.title), h('button', { type: 'button', onclick: () => edit(null) }, `New ${kind.singular}`)),
    kind.header?.() ?? null,
    editor,
    items.length ? h('ul', { class: 'list' }, items.map(item =>
      h('li', { class: 'item' },
        h('div', { class: 'grow' }, h('strong', {}, item.name), ' ', h('span', { class: 'muted' }, kind.describe(item))),
        kind.extra?.(item) ?? null,
        h('button', { type: 'button', class: 'secondary', onclick: () => edit(item) }, 'Edit'),
        h('button', { type: 'button', class: 'ghost', onclick: busy(() => remove(item)) }, 'Delete'))))
      : h('p', { class: 'muted' }, `No ${kind.title.toLowerCase()} yet.`));

  async function edit(item) {
    const full = item && kind.load ? await kind.load(item) : item;
    const form = h('form', { class: 'card', onsubmit: busy(() => attempt(async () => {
      const body = kind.body(fields(form));
      await api(item ? `${kind.path}/update/${item.id}` : `${kind.path}/create`, { method: item ? 'PATCH' : 'POST', json: body });
      notify('Saved.');
      go(kind.route);
    })) },
    h('h2', {}, item ? `Edit ${item.name}` : `New ${kind.singular}`),
    kind.inputs(full ?? {}),
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save'), h('button', { type: 'button', class: 'secondary', onclick: () => replace(editor) }, 'Cancel')));
    replace(editor, form);
    form.querySelector('input, textarea')?.focus();
  }

  async function remove(item) {
    if (!confirm(`Delete ${item.name}?`)) return;
    await attempt(async () => {
      await api(`${kind.path}/delete/${item.id}`, { method: 'DELETE' });
      go(kind.route);
    });
  }
}

export function text(name, label, value, attributes = {}) {
  return field(label, h('input', { name, value: value ?? '', ...attributes }));
}

export function area(name, label, value, attributes = {}) {
  return field(label, h('textarea', { name, rows: 4, value: value ?? '', ...attributes }));
}

/** A number field's value for the API: null when left empty. */
export function number(value) {
  return value === '' || value === undefined ? null : Number(value);
}
