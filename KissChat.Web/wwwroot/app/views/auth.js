import { api } from '../api.js';
import { field, fields, h, replace } from '../dom.js';
import { attempt, go, session } from '../state.js';
import { busy } from './common.js';

export async function authView(root) {
  const form = h('form', { class: 'card narrow', onsubmit: busy(() => submit('login')) },
    h('h1', {}, 'Welcome to KissChat'),
    field('Email', h('input', { name: 'email', type: 'email', required: true, autocomplete: 'username' })),
    field('Password', h('input', { name: 'password', type: 'password', required: true, minlength: 8, autocomplete: 'current-password' })),
    h('div', { class: 'row' },
      h('button', { type: 'submit' }, 'Log in'),
      h('button', { type: 'button', class: 'secondary', onclick: busy(() => submit('signup')) }, 'Sign up')),
    h('p', { class: 'muted' }, h('a', { href: '#/library' }, 'Browse the public library'), ' without an account.'));
  replace(root, form);
  form.elements.email.focus();

  async function submit(action) {
    if (!form.reportValidity()) return;
    const credentials = { ...fields(form), method: 'email' };
    await attempt(async () => {
      if (action === 'signup') await api('auth/signup', { method: 'POST', json: credentials });
      await api('auth/login', { method: 'POST', json: credentials });
      session.user = (await api('auth/me')).data;
      // Signed out while on a page (another tab logged out, the session ended): back to that page, a chat where it was.
      go(location.hash || '#/chats');
    });
  }
}
