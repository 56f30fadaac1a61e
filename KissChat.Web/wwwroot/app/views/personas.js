import { h } from '../dom.js';
import { area, crudView, text } from './crud.js';

export const personasView = root => crudView(root, {
  title: 'Personas',
  singular: 'persona',
  path: 'persona',
  route: '#/personas',
  describe: persona => (persona.is_default ? 'default · ' : '') + (persona.description ?? ''),
  inputs: persona => [
    text('name', 'Name', persona.name, { required: true }),
    area('description', 'Description (who you are in the story)', persona.description),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'is_default', checked: !!persona.is_default }), 'Default persona'),
  ],
  body: values => values,
});
