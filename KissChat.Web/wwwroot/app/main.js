import { api } from './api.js';
import { h, replace } from './dom.js';
import { attachNotice, clearError, go, notify, session } from './state.js';
import { authView } from './views/auth.js';
import { chatsView } from './views/chats.js';
import { chatView } from './views/chat.js';
import { charactersView, characterEditView } from './views/characters.js';
import { libraryView } from './views/library.js';
import { personasView } from './views/personas.js';
import { presetsView } from './views/presets.js';
import { lorebooksView } from './views/lorebooks.js';
import { accountView } from './views/account.js';

// The app's shell: a hash router (so reloading any page needs nothing from the server but /), the navigation, the theme.

const routes = [
  [/^#\/chat\/([\w-]+)(?:\/message\/([\w-]+))?$/, chatView],
  [/^#\/chats$/, chatsView],
  [/^#\/characters$/, charactersView],
  [/^#\/character\/new$/, characterEditView],
  [/^#\/character\/([\w-]+)\/edit$/, characterEditView],
  [/^#\/library$/, libraryView],
  [/^#\/personas$/, personasView],
  [/^#\/presets$/, presetsView],
  [/^#\/lorebooks$/, lorebooksView],
  [/^#\/account$/, accountView],
];

const root = document.getElementById('app');
const view = h('main', { id: 'view', tabindex: '-1' });
const notice = h('p', { class: 'notice', role: 'status', hidden: true });
const nav = h('nav', { class: 'nav', 'aria-label': 'Main' });
let leave = null;

attachNotice(notice);
applyTheme(localStorage.getItem('kisschat.theme'));
replace(root, h('header', { class: 'top' }, h('a', { class: 'brand', href: '#/chats' }, 'KissChat'), nav, notice), view);

async function render() {
  leave?.();
  leave = null;
  clearError();
  renderNav();
  // Each page renders into a container of its own, so a page still loading when another is chosen writes nowhere.
  const page = h('div', { class: 'page' });
  replace(view, page);
  const [pattern, show] = routes.find(([pattern]) => pattern.test(location.hash)) ?? [];
  if (!session.user && location.hash !== '#/library') {
    await authView(page);
    return;
  }
  if (!show) {
    go(session.user ? '#/chats' : '#/library');
    return;
  }
  replace(page, h('p', { class: 'loading' }, 'Loading…'));
  try {
    const cleanup = await show(page, ...location.hash.match(pattern).slice(1));
    if (page.isConnected) leave = cleanup;
    else cleanup?.();
  } catch (error) {
    if (!page.isConnected) return;
    replace(page);
    notify(error);
  }
}

function renderNav() {
  const link = (hash, text) => h('a', { href: hash, 'aria-current': location.hash.startsWith(hash) ? 'page' : false }, text);
  replace(nav,
    session.user ? [link('#/chats', 'Chats'), link('#/characters', 'Characters')] : [],
    link('#/library', 'Library'),
    session.user ? [link('#/personas', 'Personas'), link('#/lorebooks', 'Lorebooks'), link('#/presets', 'Presets'), link('#/account', 'Account')] : [],
    h('button', { type: 'button', class: 'ghost', onclick: toggleTheme, title: 'Light or dark theme' }, 'Theme'),
    session.user ? h('button', { type: 'button', class: 'ghost', onclick: logOut }, 'Log out') : []);
}

async function logOut() {
  await api('auth/logout', { method: 'POST', json: {} }).catch(() => null);
  session.user = null;
  go('#/chats');
}

function toggleTheme() {
  const dark = document.documentElement.dataset.theme
    ? document.documentElement.dataset.theme === 'dark'
    : matchMedia('(prefers-color-scheme: dark)').matches;
  const theme = dark ? 'light' : 'dark';
  localStorage.setItem('kisschat.theme', theme);
  applyTheme(theme);
}

function applyTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme;
}

window.addEventListener('hashchange', render);
window.addEventListener('kisschat:signedout', event => {
  if (!session.user) return;
  session.user = null;
  render();
  // Said after render() took down the page's notices, on the sign-in: the page's own catch finds its page gone and says nothing.
  notify(event.detail);
});
session.user = (await api('auth/me').catch(() => null))?.data ?? null;
render();
