import { field, h } from '../dom.js';
import { download, dropZone, importer } from './common.js';
import { area, crudView, number, text } from './crud.js';

const samplers = ['max_tokens', 'temperature', 'top_p', 'top_k', 'min_p', 'frequency_penalty', 'presence_penalty', 'repetition_penalty', 'seed'];
const reasoningEfforts = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

export const presetsView = root => crudView(root, {
  title: 'Presets',
  singular: 'preset',
  path: 'preset',
  route: '#/presets',
  header: () => dropZone('Import a SillyTavern preset: drop its JSON file here, or choose one', '.json,application/json', importer('preset/import', '#/presets', answer => answer.message)),
  extra: preset => download(`/api/v1/preset/export/${preset.id}`, 'Export'),
  describe: preset => Object.entries(preset.settings ?? {}).filter(([, value]) => value !== null).map(([name, value]) => `${name} ${value}`).join(' · '),
  inputs: preset => [
    text('name', 'Name', preset.name, { required: true }),
    text('model', 'Model (empty: the server default)', preset.settings?.model),
    samplers.map(name => text(name, name.replaceAll('_', ' '), preset.settings?.[name], { type: 'number', step: 'any' })),
    field('reasoning effort (thinking models)', h('select', { name: 'reasoning_effort' },
      h('option', { value: '' }, "the model's default"),
      reasoningEfforts.map(level => h('option', { value: level, selected: preset.settings?.reasoning_effort === level }, level)))),
    area('stop', 'Stop strings (one a line, up to 4)', (preset.settings?.stop ?? []).join('\n')),
  ],
  body: values => ({
    name: values.name,
    settings: {
      model: values.model || null,
      ...Object.fromEntries(samplers.map(name => [name, number(values[name])])),
      stop: values.stop ? values.stop.split('\n').filter(Boolean) : null,
      reasoning_effort: values.reasoning_effort || null,
    },
  }),
});
