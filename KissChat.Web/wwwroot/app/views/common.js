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
