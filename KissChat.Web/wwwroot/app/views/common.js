import { upload } from '../api.js';
import { h } from '../dom.js';
import { attempt, go, notify } from '../state.js';

/** A select of [value, label] options named for its form, the current value chosen. */
export function choices(name, current, options) {
  return h('select', { name }, options.map(([value, label]) => h('option', { value, selected: value === current }, label)));
}

export function avatar(url, name) {
  return url
    ? h('img', { class: 'avatar', src: `${url}${url.includes('?') ? '&' : '?'}size=thumb`, alt: '', loading: 'lazy' })
    : h('span', { class: 'avatar placeholder', 'aria-hidden': 'true' }, (name ?? '?').slice(0, 1).toUpperCase());
}

/** Puts a just-uploaded avatar in place of the one shown beside its file input, leaving the rest of the form as typed. */
export function showAvatar(input, image) {
  input.closest('.row')?.querySelector('.avatar')?.replaceWith(image);
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/**
 * A drop zone (and file picker) for files; calls onFile for each file dropped or chosen. Its file input is its one Tab stop
 * (Enter or Space opens the picker, as on any file input), hidden but for its focus ring, drawn on the zone.
 */
export function dropZone(label, accept, onFile) {
  const input = h('input', { type: 'file', accept, class: 'visually-hidden', onchange: () => { [...input.files].forEach(onFile); input.value = ''; } });
  const zone = h('label', { class: 'drop' }, label, input);
  zone.addEventListener('dragover', event => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', event => {
    event.preventDefault();
    zone.classList.remove('over');
    [...event.dataTransfer.files].forEach(onFile);
  });
  return zone;
}

/**
 * Reads that replace one another's answer in one place (a list, a search's results): each call starts a read and returns
 * whether it is still the latest, so a slow answer that comes after a newer read began is dropped, not drawn over it.
 */
export function latestReads() {
  let turn = 0;
  return () => {
    const mine = ++turn;
    return () => mine === turn;
  };
}

/**
 * A click or submit handler for a button that sends a write (a save, a new chat, a branch, a delete): the button (a form's,
 * its submit button) is busy until the action has ended, so a double-click makes one item, not two.
 */
export function busy(action) {
  return event => {
    if (event.type === 'submit') event.preventDefault();
    const button = event.type === 'submit' ? event.submitter ?? event.currentTarget.querySelector('[type="submit"]') : event.currentTarget;
    return whileBusy(button, () => action(event));
  };
}

/**
 * Runs an action with the button marked disabled and busy (which app.css shows), and enabled again once it has ended,
 * failed or not. Taken before the request goes, as the composer takes its Send: a click or Enter meanwhile does nothing.
 * aria-disabled, not disabled: a disabled button loses the focus, and a keyboard user their place.
 */
async function whileBusy(button, action) {
  if (button.getAttribute('aria-busy') === 'true') return undefined;
  button.setAttribute('aria-disabled', 'true');
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.removeAttribute('aria-disabled');
    button.removeAttribute('aria-busy');
  }
}

// The browser's (Chromium's) words for what is wrong with JSON, said plainly; another browser's are shown as it words them.
const jsonProblems = [
  [/^Unexpected end/, 'it ends too soon (a closing ], } or " is missing)'],
  [/^Expected (double-quoted )?property name/, 'a name in double quotes was expected'],
  [/^Expected ',' or '\}'/, 'a comma or } was expected'],
  [/^Expected ',' or '\]'/, 'a comma or ] was expected'],
  [/^Unterminated string/, 'a text in double quotes is not closed'],
  [/^Bad control character/, 'a text in double quotes holds a line break or tab (write \\n or \\t)'],
  [/^Bad escaped character/, 'a backslash starts no escape JSON knows (write \\\\ for a backslash)'],
  [/^Unexpected non-whitespace/, 'more follows its end'],
  [/^Unexpected token '(.+?)'/, "'$1' cannot stand there (text goes in double quotes, and no comma ends a list)"],
];

/**
 * A JSON field's text parsed; else an error naming the field and saying what is wrong and where, as the server's field
 * errors do, for the browser's own message names neither ("Unexpected token 'o', "[oops" is not valid JSON").
 */
export function parseJsonField(name, text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec(error.message)?.[1];
    const where = position === undefined ? '' : ` at ${place(text, Number(position))}`;
    throw new Error(`'${name}' is not valid JSON${where}: ${plainJsonProblem(error.message)}.`);
  }
}

function plainJsonProblem(message) {
  const [pattern, plainly] = jsonProblems.find(([pattern]) => pattern.test(message)) ?? [];
  return pattern ? message.match(pattern)[0].replace(pattern, plainly) : message;
}

/** Line and column (from 1) of a place in a text. */
function place(text, position) {
  const lines = text.slice(0, position).split('\n');
  return `line ${lines.length}, column ${lines.at(-1).length + 1}`;
}

/**
 * Imports a file dropped or chosen with POST <path> (as the multipart field 'file'), says so (imported(answer, file) is what
 * to say, the file's name by default), then shows the list again.
 */
export function importer(path, route, imported = (_, file) => `Imported ${file.name}.`) {
  return file => attempt(async () => {
    const answer = await upload(path, file);
    notify(imported(answer, file));
    go(route);
  });
}

/** Shows or hides a panel, and says which on the button that does it. */
export function togglePanel(panel, button) {
  panel.hidden = !panel.hidden;
  button.setAttribute('aria-expanded', String(!panel.hidden));
}

export function download(href, text) {
  return h('a', { class: 'button secondary', href, download: '' }, text);
}
