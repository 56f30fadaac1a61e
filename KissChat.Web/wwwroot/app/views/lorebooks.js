import { api } from '../api.js';
import { h } from '../dom.js';
import { download, dropZone, importer, parseJsonField } from './common.js';
import { area, crudView, number, text } from './crud.js';

export const lorebooksView = root => crudView(root, {
  title: 'Lorebooks',
  singular: 'lorebook',
  path: 'lorebook',
  route: '#/lorebooks',
  describe: book => `${book.entry_count} entries · ${book.description ?? ''}`,
  header: () => dropZone('Import a lorebook: drop SillyTavern world info, a card\'s JSON or a NovelAI (JSON or PNG), Agnai or RisuAI lorebook here, or choose one', '.json,.lorebook,.png,application/json,image/png', importer('lorebook/import', '#/lorebooks')),
  extra: book => download(`/api/v1/lorebook/export/${book.id}`, 'Export'),
  load: async book => (await api(`lorebook/get/${book.id}`)).data,
  inputs: book => [
    text('name', 'Name', book.name, { required: true }),
    area('description', 'Description', book.description),
    text('scan_depth', 'Scan depth (messages)', book.scan_depth, { type: 'number', min: 0 }),
    text('token_budget', 'Token budget', book.token_budget, { type: 'number', min: 0 }),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'recursive_scanning', checked: !!book.recursive_scanning }), 'Recursive scanning'),
    area('entries', 'Entries (JSON array)', JSON.stringify(book.entries ?? [], null, 2), { rows: 10, class: 'mono' }),
  ],
  body: values => ({
    ...values,
    scan_depth: number(values.scan_depth),
    token_budget: number(values.token_budget),
    entries: parseJsonField('entries', values.entries || '[]'),
  }),
});
