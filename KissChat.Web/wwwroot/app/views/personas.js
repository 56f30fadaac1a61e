import { field, h } from '../dom.js';
import { choices, download, dropZone, importer } from './common.js';
import { area, crudView, number, text } from './crud.js';

export const personasView = root => crudView(root, {
  title: 'Personas',
  singular: 'persona',
  path: 'persona',
  route: '#/personas',
  header: () => h('div', { class: 'row wrap' },
    dropZone('Import SillyTavern\'s persona backup: drop its JSON file here, or choose one', '.json,application/json', importer('persona/import', '#/personas', importedPersonas)),
    download('/api/v1/persona/export', 'Export for SillyTavern')),
  describe: persona => (persona.is_default ? 'default · ' : '') + (persona.description ?? ''),
  inputs: persona => [
    text('name', 'Name', persona.name, { required: true }),
    area('description', 'Description (who you are in the story)', persona.description),
    field('Where the description goes', choices('description_position', persona.description_position ?? 'in_prompt', [
      ['in_prompt', 'In the system prompt'], ['top_of_note', "Above the author's note"], ['bottom_of_note', "Below the author's note"],
      ['at_depth', 'In the chat, at a depth'], ['none', 'Nowhere']])),
    text('description_depth', 'Depth (messages from the end)', persona.description_depth ?? 2, { type: 'number', min: 0, max: 100 }),
    field('Speaks as (at a depth)', choices('description_role', persona.description_role ?? 'system', [['system', 'System'], ['user', 'User'], ['assistant', 'Assistant']])),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'is_default', checked: !!persona.is_default }), 'Default persona'),
  ],
  body: values => ({ ...values, description_depth: number(values.description_depth) ?? 2 }),
});

/** What the backup's import did, as the API says it ("Imported 0 persona(s)."), and the personas skipped as names already taken. */
function importedPersonas(answer) {
  const skipped = answer.data.skipped;
  const named = skipped.length > 10 ? `${skipped.slice(0, 10).join(', ')} and ${skipped.length - 10} more` : skipped.join(', ');
  return skipped.length ? `${answer.message} Skipped, as you have personas of those names: ${named}.` : answer.message;
}
