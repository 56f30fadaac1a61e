import { api, upload } from '../api.js';
import { field, fields, h, replace } from '../dom.js';
import { attempt, go, notify, session } from '../state.js';
import { avatar, busy, download, showAvatar } from './common.js';

export async function accountView(root) {
  const me = (await api('auth/me')).data;
  const form = h('form', { class: 'card', onsubmit: busy(save) },
    h('h1', {}, 'Account'),
    h('div', { class: 'row' }, avatar(me.avatar_url, me.username),
      field('Avatar', h('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp', onchange: uploadAvatar }))),
    h('p', { class: 'muted' }, `${me.email} · ${me.premium ? 'premium' : 'free'} account`),
    field('Username', h('input', { name: 'username', value: me.username ?? '' })),
    field('Bio', h('textarea', { name: 'bio', rows: 3, value: me.bio ?? '' })),
    field('Birth date', h('input', { name: 'birth_date', type: 'date', value: me.birth_date ?? '' })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'confirm_adult', checked: !!me.adult_confirmed_at }), 'I am an adult'),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'show_nsfw', checked: !!me.show_nsfw }), 'Show NSFW characters'),
    h('div', { class: 'row wrap' },
      h('button', { type: 'submit' }, 'Save'),
      download('/api/v1/user/export', 'Export all my data'),
      h('button', { type: 'button', class: 'danger', onclick: busy(removeAccount) }, 'Delete my account')));
  replace(root, form);

  async function save() {
    const values = fields(form);
    await attempt(async () => {
      const body = { ...values, birth_date: values.birth_date || null, confirm_adult: values.confirm_adult || null };
      session.user = (await api(`user/update/${me.user_id}`, { method: 'PUT', json: body })).data;
      notify('Saved.');
    });
  }

  async function uploadAvatar(event) {
    await attempt(async () => {
      const uploaded = await upload('user/avatar', event.target.files[0]);
      showAvatar(event.target, avatar(uploaded.data.avatar_url, uploaded.data.username));
      notify('Avatar uploaded.');
    });
  }

  async function removeAccount() {
    if (!confirm('Delete your account and everything you made? This cannot be undone.')) return;
    await attempt(async () => {
      await api(`user/delete/${me.user_id}`, { method: 'DELETE' });
      session.user = null;
      // The library, open to visitors, is where a deleted account lands: the notice says why it is not the sign-in.
      notify('Your account and everything you made were deleted.');
      go('#/library');
    });
  }
}
