import { h } from '../dom.js';
import { download, dropZone, importer } from './common.js';
import { area, crudView, text } from './crud.js';

export const personasView = root => crudView(root, {
  title: 'Personas',
  singular: 'persona',
  path: 'persona',
  route: '#/personas',
  header: () => h('div', { class: 'row wrap' },
    dropZone('Import SillyTavern\'s persona backup: drop its JSON file here, or choose one', '.json,application/json', importer('persona/import', '#/personas')),
    download('/api/v1/persona/export', 'Export for SillyTavern')),
  describe: persona => (persona.is_default ? 'default · ' : '') + (persona.description ?? ''),
  inputs: persona => [
    text('name', 'Name', persona.name, { required: true }),
    area('description', 'Description (who you are in the story)', persona.description),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'is_default', checked: !!persona.is_default }), 'Default persona'),
  ],
  body: values => values,
});
