import { api, send } from '../api.js';
import { field, h, replace } from '../dom.js';
import { renderMarkdown } from '../markdown.js';
import { readFrames, readReply, resumeResponse, startReply } from '../sse.js';
import { attempt, go, notify } from '../state.js';
import { busy, choices, download, togglePanel, when } from './common.js';
import { number } from './crud.js';

// One chat: its messages, the composer, and the reply being streamed. While a reply streams, its job id, last event id
// and text (and a thinking model's reasoning so far) are kept in sessionStorage, so after a reload the app asks
// chat/{id}/active and resumes with Last-Event-ID: the frames after it, none of them twice. What the composer holds when
// the page goes (signed out in another tab, another page chosen) is kept there too, and is back when the chat opens again.

// The composer's commands, as SillyTavern names them: narration, a note the model never reads, and a message of the user's
// sent without asking for a reply.
const slashCommands = [['/sys', { role: 'narrator' }], ['/comment', { role: 'narrator', hidden: true }], ['/send', { role: 'user' }]];

// An author's note's settings where none are set, as the server places one.
const noteDefaults = { depth: 4, role: 'system', interval: 1, position: 'at_depth' };

/** A chat; with a message's id (a search's link), opened at that message. */
export async function chatView(root, chatId, messageId) {
  const [chat, personas, lorebooks, presets] = await Promise.all([api(`chat/${chatId}`), api('persona/list'), api('lorebook/list'), api('preset/list')]);
  // A branch names the chat it came from by that chat's title now (a branch starts with its parent's title).
  const parentId = chat.data.branched_from?.chat_id;
  const parent = parentId ? (await api(`chat/${parentId}`).catch(() => null))?.data : null;
  const streamKey = `kisschat.stream.${chatId}`;
  const draftKey = `kisschat.draft.${chatId}`;
  let messages = [];
  let running = null;
  // The streaming reply's "Thinking" block, opened or folded by the user (true/false); null: open until the reply's text starts.
  let streamingThoughtsOpen = null;
  // The chat's last reply when it failed while no one watched (another device, a closed tab): said under the messages.
  let failure = null;
  const aborter = new AbortController();
  // A long chat shows its newest page of messages; "Load older messages" reads the page before (older_cursor, null once the
  // first message is shown). The oldest message reached (its seq; null: none) stays shown when the messages are read again.
  let olderCursor = null;
  let oldestReached = null;
  // Opened at a message far back (a search's link), the chat shows the page around it, its end not yet: "Load newer
  // messages" reads on (newer_cursor, the last message shown; null once the end is shown). Read again (a change), it is
  // read as far as it is shown, not whole to its end; a message sent goes to the end first.
  let newerCursor = null;
  // A message's control that had the focus when the messages were drawn again (its message id and data-action): focused
  // again once it is back, so a keyboard user's place is not lost to <body>.
  let refocus = null;
  // Edits open (message id → the text and reasoning typed so far): a redraw of the messages (a reply, a hide) keeps them.
  const edits = new Map();

  const title = h('h1', { class: 'grow' }, chat.data.title);
  const list = h('ol', { class: 'messages', 'aria-label': 'Messages' });
  const olderButton = h('button', { type: 'button', class: 'secondary older', hidden: true, onclick: loadOlder }, 'Load older messages');
  const newerButton = h('button', { type: 'button', class: 'secondary newer', hidden: true, onclick: loadNewer }, 'Load newer messages');
  // On a touch screen Enter is the keyboard's new line, and Send sends.
  const enterSends = !matchMedia('(pointer: coarse)').matches;
  const input = h('textarea', { name: 'prompt', rows: 2, dir: 'auto', value: sessionStorage.getItem(draftKey) ?? '', placeholder: enterSends ? 'Write a message… (Enter sends, Shift+Enter for a new line)' : 'Write a message…', onkeydown: composeKey });
  // Taken back into the composer, the draft is no longer kept (a reload would bring back a message sent since).
  sessionStorage.removeItem(draftKey);
  // A message sent before the chat's messages are shown waits for them: the load would draw over it.
  let loaded = false;
  let sendWhenLoaded = false;
  const sendButton = h('button', { type: 'submit' }, 'Send');
  const stopButton = h('button', { type: 'button', class: 'danger', hidden: true, onclick: stop }, 'Stop');
  const continueButton = h('button', { type: 'button', class: 'secondary', onclick: () => loaded && canContinue() && generate(`chat/${chatId}/continue`, {}) }, 'Continue');
  // SillyTavern's Impersonate; while it writes, the same button stops it.
  let impersonating = null;
  const impersonateButton = h('button', { type: 'button', class: 'secondary', title: 'The model writes your next message here, for you to edit and send; what you typed tells it what to say', onclick: impersonate }, 'Impersonate');
  const connection = h('span', { class: 'muted small', role: 'status' });
  const preview = h('section', { class: 'card preview-panel', hidden: true, 'aria-label': 'Prompt preview' });
  const settingsPanel = chatSettings();
  // The persona's description is in the prompt: an open preview follows it.
  const personaSelect = h('select', { 'aria-label': 'Persona', onchange: async () => { await patch({ persona_id: personaSelect.value || null }); await refreshPreview(); } },
    h('option', { value: '' }, 'Default persona'),
    personas.data.map(persona => h('option', { value: persona.id, selected: persona.id === chat.data.persona_id }, persona.name)));

  replace(root,
    h('div', { class: 'row spread wrap chat-head' },
      title,
      h('div', { class: 'row wrap' },
        personaSelect,
        h('button', { type: 'button', class: 'ghost', onclick: rename }, 'Rename'),
        h('button', { type: 'button', class: 'ghost', 'aria-expanded': 'false', onclick: event => togglePanel(settingsPanel, event.currentTarget) }, 'Settings'),
        h('button', { type: 'button', class: 'ghost', onclick: togglePreview }, 'Prompt'),
        download(`/api/v1/chat/${chatId}/export.json`, 'JSON'),
        download(`/api/v1/chat/${chatId}/export.jsonl`, 'SillyTavern'),
        download(`/api/v1/chat/${chatId}/export.md`, 'Markdown'),
        h('button', { type: 'button', class: 'ghost', onclick: busy(removeChat) }, 'Delete'))),
    family(),
    settingsPanel,
    preview,
    olderButton,
    list,
    newerButton,
    h('form', { class: 'composer', onsubmit: submit }, input, h('div', { class: 'row' }, sendButton, stopButton, continueButton, impersonateButton, connection)));

  await loadMessages();
  loaded = true;
  await resumeIfRunning();
  if (sendWhenLoaded) {
    connection.textContent = '';
    input.form.requestSubmit();
  }
  input.focus();
  if (messageId) await revealMessage(messageId);
  return () => {
    keepDraft();
    aborter.abort();
  };

  function keepDraft() {
    if (input.value.trim()) sessionStorage.setItem(draftKey, input.value);
    else sessionStorage.removeItem(draftKey);
  }

  /**
   * Reads the messages shown again: back from the last one (upTo, its seq; null: the chat's newest) to the oldest one
   * (its seq; null: a page's worth). A chat opened far back is read as far as it is shown (a hit at message 3 of 1,030 is
   * one page, not six). Nothing changes until the read has succeeded.
   */
  async function loadMessages(upTo = newerCursor, oldest = oldestReached) {
    let page = await messagePage(upTo === null ? '' : `before=${upTo + 1}`);
    const newer = page.newer_cursor;
    let read = page.data;
    while (oldest !== null && page.older_cursor !== null && page.older_cursor > oldest) {
      page = await messagePage(`before=${page.older_cursor}`);
      read = [...page.data, ...read];
    }
    messages = read;
    oldestReached = oldest;
    showOlder(page.older_cursor);
    showNewer(newer);
    renderMessages();
    // The next prompt changed with the messages (a reply, a hide, an edit): an open preview says so.
    await refreshPreview();
  }

  /** A page of the chat's messages, as many as the API gives at once: the newest, or those the query picks (before, after, around). */
  function messagePage(query) {
    return api(`chat/${chatId}/messages?limit=200${query ? `&${query}` : ''}`);
  }

  function showOlder(cursor) {
    olderCursor = cursor ?? null;
    olderButton.hidden = olderCursor === null;
  }

  function showNewer(cursor) {
    newerCursor = cursor ?? null;
    newerButton.hidden = newerCursor === null;
  }

  /**
   * The page before the oldest message shown goes above it. Only the new items are drawn: a reply streaming at the end,
   * or an edit open, goes on undisturbed.
   */
  function loadOlder() {
    return loadAtEdge(olderButton, `before=${olderCursor}`, () => list.firstElementChild, page => {
      messages = [...page.data, ...messages];
      oldestReached = page.data[0]?.seq ?? oldestReached;
      showOlder(page.older_cursor);
      list.prepend(...page.data.filter(message => message.role !== 'system').map(message => messageItem(message, false)));
    });
  }

  /**
   * The page after the newest message shown goes below it. All are drawn again: with the chat's end reached, its last
   * message offers its actions again.
   */
  function loadNewer() {
    return loadAtEdge(newerButton, `after=${newerCursor}`, () => list.lastElementChild, page => {
      messages = [...messages, ...page.data];
      showNewer(page.newer_cursor);
      renderMessages();
    });
  }

  /**
   * Reads the page the query picks and adds it (add) at an edge of the messages shown, the message at that edge staying
   * where it was on the screen; the button is disabled meanwhile.
   */
  async function loadAtEdge(button, query, edge, add) {
    // A second click while the page comes would add it twice.
    if (button.disabled) return;
    button.disabled = true;
    await attempt(async () => {
      const page = await messagePage(query);
      const anchor = edge();
      const top = anchor?.getBoundingClientRect().top;
      add(page);
      // Found again by its id: drawn again (the newer page), it is a new element.
      const again = anchor && messageElement(anchor.dataset.id);
      if (again) window.scrollBy(0, again.getBoundingClientRect().top - top);
    });
    button.disabled = false;
  }

  function messageElement(id) {
    return list.querySelector(`.message[data-id="${CSS.escape(id)}"]`);
  }

  /**
   * Scrolls to the message and marks it. One not among the newest shown is read with those around it, in one request
   * however far back it is (the chat's end then a "Load newer messages" away); not while a reply streams at the end.
   */
  async function revealMessage(id) {
    const item = () => messageElement(id);
    if (!item() && !running) {
      await attempt(async () => {
        const page = await messagePage(`around=${encodeURIComponent(id)}`);
        // The chat left meanwhile, or a reply started: the page is not drawn over what is shown now.
        if (!list.isConnected || running) return;
        messages = page.data;
        oldestReached = page.data[0]?.seq ?? null;
        showOlder(page.older_cursor);
        showNewer(page.newer_cursor);
        renderMessages();
      });
    }
    item()?.classList.add('found');
    item()?.scrollIntoView({ block: 'center' });
  }

  /**
   * Draws the messages (and the reply streaming, if one is); the chat opens at its end, and a reply starting is shown,
   * but a reader scrolled up to read back stays where they are when the messages change (a reply ends, a swipe).
   */
  function renderMessages(streaming) {
    refocus = focusedControl() ?? refocus;
    const follow = streaming || !list.childElementCount || atEnd();
    const shown = messages.filter(message => message.role !== 'system');
    // Short of the chat's end, no message shown is its last.
    const toTheEnd = newerCursor === null;
    replace(list, shown.map(message => messageItem(message, toTheEnd && message === shown.at(-1) && !running)));
    if (failure && !running && toTheEnd) list.append(h('li', { class: 'message failed', role: 'status' }, h('p', { class: 'muted small' }, `The last reply failed: ${failure.error}`)));
    if (streaming) list.append(streamingItem(streaming));
    // While a reply runs Continue stays in its place, disabled, so the buttons beside it do not move.
    continueButton.hidden = !running && !canContinue();
    if (follow) scrollToEnd();
    restoreFocus();
  }

  /**
   * Continue extends the last reply, but not a hidden one (the server refuses it, as its regenerate). With no reply last
   * (an empty chat, a message of the user's) there is nothing to extend: "Generate reply" on that message answers it.
   */
  function canContinue() {
    const last = messages.at(-1);
    return newerCursor === null && last?.role === 'assistant' && !last.hidden;
  }

  /** Whether the page is scrolled to its end, or within a few pixels of it: only a reader there is taken along as a reply grows, as in SillyTavern. */
  function atEnd() {
    const page = document.scrollingElement;
    return page.scrollHeight - page.clientHeight - page.scrollTop <= 8;
  }

  /** The end of the page: the last message, above the composer. */
  function scrollToEnd() {
    window.scrollTo(0, document.scrollingElement.scrollHeight);
  }

  /** The message and action of the message control that has the focus, if one has. */
  function focusedControl() {
    const control = document.activeElement?.closest('[data-action]');
    const item = control?.closest('.message[data-id]');
    return item && list.contains(item) ? { id: item.dataset.id, action: control.dataset.action } : null;
  }

  /**
   * Focus lost with a redrawn control goes back to it (Hide's is Unhide's, a saved edit's the Edit button), or, its message
   * gone, to the composer; while a reply streams in its place it waits. Focus the user has put elsewhere meanwhile stays.
   */
  function restoreFocus() {
    if (!refocus) return;
    if (document.activeElement && document.activeElement !== document.body) {
      refocus = null;
      return;
    }
    const control = list.querySelector(`.message[data-id="${refocus.id}"] [data-action="${refocus.action}"]`);
    if (control && !control.disabled) control.focus();
    else if (running) return;
    else input.focus();
    refocus = null;
  }

  /** A message with its actions; the last one (no reply running) can be answered again, or answered at all. */
  function messageItem(message, isLast) {
    const body = h('div', { class: 'content' }, renderMarkdown(message.content));
    // The reasoning behind the selected swipe (each swipe has its own, or none), folded.
    const item = h('li', { class: `message ${message.role}${message.hidden ? ' hidden-from-model' : ''}`, 'data-id': message.id }, thoughts(message.reasoning, false), body);
    if (message.role === 'narrator') item.prepend(h('p', { class: 'muted small' }, 'Narrator'));
    // In a group chat each reply says who spoke.
    if (message.role === 'assistant' && chat.data.group && message.character_name) item.prepend(h('p', { class: 'speaker small' }, message.character_name));
    if (message.hidden) item.append(h('p', { class: 'muted small' }, 'Hidden from the model'));
    // The message just sent has no id yet, and the server refuses changes to a chat while it answers.
    if (message.id === 'pending') return item;
    const actions = h('div', { class: 'actions' });
    const regenerate = () => generate(`chat/${chatId}/regenerate`, {});
    // A hidden last reply is not regenerated (the server says so); a reply to narration is.
    const canAnswer = isLast && !message.hidden && messages.some(other => other.role === 'user' || other.role === 'narrator');
    if (message.role === 'assistant' && (message.swipes.length > 1 || canAnswer)) {
      // As in SillyTavern, swiping on past the last reply asks for a new one.
      const atLastSwipe = message.swipe_index === message.swipes.length - 1;
      actions.append(
        h('button', { type: 'button', class: 'ghost', 'aria-label': 'Previous swipe', 'data-action': 'previous', disabled: message.swipe_index === 0 || !!running, onclick: () => swipe(message, -1) }, '‹'),
        h('span', { class: 'swipe-count' }, `${message.swipe_index + 1}/${message.swipes.length}`),
        h('button', { type: 'button', class: 'ghost', 'aria-label': atLastSwipe ? 'New swipe' : 'Next swipe', 'data-action': 'next', disabled: (atLastSwipe && !canAnswer) || !!running, onclick: () => atLastSwipe ? regenerate() : swipe(message, 1) }, '›'));
    }
    if (canAnswer && message.role === 'assistant') actions.append(h('button', { type: 'button', class: 'ghost', 'data-action': 'regenerate', onclick: regenerate }, 'Regenerate'));
    if (isLast && message.role !== 'assistant') actions.append(h('button', { type: 'button', class: 'ghost', 'data-action': 'regenerate', onclick: regenerate }, 'Generate reply'));
    actions.append(
      h('button', { type: 'button', class: 'ghost', 'data-action': 'edit', disabled: !!running, onclick: () => edit(message, item, body) }, 'Edit'),
      h('button', { type: 'button', class: 'ghost', 'data-action': 'hide', disabled: !!running, onclick: () => setHidden(message, !message.hidden) }, message.hidden ? 'Unhide' : 'Hide'),
      h('button', { type: 'button', class: 'ghost', 'data-action': 'branch', disabled: !!running, onclick: busy(() => branch(message)) }, 'Branch'),
      h('button', { type: 'button', class: 'ghost', 'data-action': 'delete', disabled: !!running, onclick: busy(() => deleteFrom(message)) }, 'Delete from here'));
    // Cut short by a stop, or by the model provider's failure: Continue finishes it.
    if (message.status === 'stopped' || message.status === 'interrupted') item.append(h('p', { class: 'muted small' }, message.status));
    item.append(actions);
    if (edits.has(message.id)) showEditor(message, item, body);
    return item;
  }

  /** The reply streaming: its reasoning so far, open while the model thinks (until its text starts), then its text. */
  function streamingItem(reply) {
    return h('li', { class: 'message assistant streaming', 'aria-busy': 'true' }, streamingSpeaker(reply), streamingThoughts(reply), h('div', { class: 'content' }, streamingText(reply.text)));
  }

  /** In a group chat, who speaks: the reply's first frames name them. */
  function streamingSpeaker(reply) {
    return reply.speaker ? h('p', { class: 'speaker small' }, reply.speaker) : null;
  }

  function streamingText(text) {
    return text ? renderMarkdown(text) : h('span', { class: 'muted' }, '…');
  }

  function streamingThoughts(reply) {
    const block = thoughts(reply.reasoning, thoughtsOpen(reply));
    // A click on the summary toggles the block after this handler: the user's choice then holds for the rest of the stream.
    block?.querySelector('summary').addEventListener('click', () => { streamingThoughtsOpen = !block.open; });
    return block;
  }

  function thoughtsOpen({ thinking, writing }) {
    return streamingThoughtsOpen ?? (thinking && !writing);
  }

  /** A thinking model's reasoning, under a "Thinking" summary: rendered like a reply (as text, never as HTML); none, nothing. */
  function thoughts(reasoning, open) {
    if (!reasoning) return null;
    return h('details', { class: 'reasoning', open }, h('summary', {}, 'Thinking'), h('div', { class: 'reasoning-text' }, renderMarkdown(reasoning)));
  }

  async function submit(event) {
    event.preventDefault();
    const prompt = input.value.trim();
    if (!prompt || running || impersonating) return;
    if (!loaded) {
      sendWhenLoaded = true;
      connection.textContent = 'Sending once the chat has loaded…';
      return;
    }
    // Opened far back at a message, the chat goes to its end first: what is sent, and its reply, are shown there.
    if (newerCursor !== null) {
      await attempt(() => loadMessages(null, null));
      // Not there (the read failed), or a second Enter meanwhile has sent it already.
      if (newerCursor !== null || running) return;
    }
    // A command is its name alone or followed by any space (a new line too); "/system" is not "/sys".
    const command = slashCommands.find(([name]) => prompt === name || (prompt.startsWith(name) && /\s/.test(prompt[name.length])));
    if (command) {
      await addMessage(prompt, command);
      return;
    }
    messages.push({ id: 'pending', role: 'user', content: prompt, swipes: [], swipe_index: 0 });
    // The composer keeps the text until the server takes it: refused (a reply running elsewhere) or signed out, it is still there.
    await generate('chat/response', { chat_id: chatId, prompt }, () => {
      if (input.value.trim() === prompt) input.value = '';
    });
  }

  /** SillyTavern's /sys, /comment and /send: a message added without a reply ('Generate reply' asks for one). */
  async function addMessage(prompt, [name, message]) {
    const content = prompt.slice(name.length).trim();
    if (!content) {
      notify(new Error(`${name} needs the message's text after it, as in "${name} The rain stops."`));
      return;
    }
    await attempt(async () => {
      await api(`chat/${chatId}/messages`, { method: 'POST', json: { ...message, content } });
      input.value = '';
      await loadMessages();
    });
  }

  function composeKey(event) {
    if (enterSends && event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  }

  /**
   * The model writes my next message into the composer as it streams, never sent by itself: what I had typed is its
   * direction, and comes back if it fails or writes nothing (stopped, what it wrote stays). Nothing is stored, so a reload
   * loses it, as in SillyTavern.
   */
  async function impersonate() {
    if (impersonating) {
      impersonating.abort();
      return;
    }
    if (!loaded || running) return;
    const direction = input.value.trim();
    impersonating = new AbortController();
    const leaving = () => impersonating?.abort();
    aborter.signal.addEventListener('abort', leaving);
    showImpersonating(true);
    let written = '';
    let failed = false;
    try {
      const response = await send(`chat/${chatId}/impersonate`, { method: 'POST', json: direction ? { prompt: direction } : {}, signal: impersonating.signal });
      input.value = '';
      const ended = await readFrames(response, data => {
        if (data.status === 'token') input.value = written += data.delta;
        else if (data.status === 'completed') {
          input.value = written = data.response;
          if (data.finish_reason === 'length') notify('The message reached its length limit.');
        } else if (data.status === 'failed') {
          failed = true;
          notify(new Error(data.error));
        }
      });
      if (!ended) notify(new Error('The connection was lost while your message was being written.'));
    } catch (error) {
      if (!impersonating.signal.aborted) notify(error);
    } finally {
      aborter.signal.removeEventListener('abort', leaving);
      impersonating = null;
      if (!aborter.signal.aborted) {
        if (failed || !written.trim()) input.value = direction;
        showImpersonating(false);
        input.focus();
      }
    }
  }

  function showImpersonating(isWriting) {
    input.readOnly = isWriting;
    impersonateButton.textContent = isWriting ? 'Stop writing' : 'Impersonate';
    sendButton.disabled = isWriting;
    continueButton.disabled = isWriting;
  }

  /** Starts a reply (send, regenerate, continue) and streams it; started() once the server has taken it. */
  async function generate(path, body, started = () => {}) {
    if (running) return;
    // Taken before the server answers: a second Enter meanwhile sends nothing more.
    running = { jobId: null };
    let response;
    try {
      // The reply is read from its frames and the messages are the page's own: the completed frame's copy of the whole
      // chat (megabytes in a long one) is not asked for.
      response = await startReply(path, { ...body, history: 'none' }, aborter.signal);
    } catch (error) {
      running = null;
      notify(error);
      // Signed out meanwhile: the page has gone (the composer's text kept as its draft).
      if (aborter.signal.aborted) return;
      await attempt(loadMessages);
      // 409: a reply started elsewhere (another tab or device) is running; show it streaming here too.
      if (error.status === 409) await attempt(resumeIfRunning);
      return;
    }
    started();
    const mode = path.endsWith('/continue') ? 'continue' : path.endsWith('/regenerate') ? 'regenerate' : 'new';
    // A continuation streams on after the reply's text and reasoning (the server adds its reasoning to the message's).
    const replaced = replacedReply(mode);
    await stream(() => Promise.resolve(response), { mode }, mode === 'continue' ? streamed(replaced?.content, replaced?.reasoning) : streamed());
  }

  /**
   * A regenerated or continued reply takes the place of the one shown (a regenerated one stays a swipe to come back to):
   * taken out of the messages, so it is not shown twice while the new one streams. The mode is the tab's own (kept with
   * the stream across a reload), or for a reply started elsewhere the one chat/{id}/active says.
   */
  function replacedReply(mode) {
    return mode === 'continue' || mode === 'regenerate' ? lastAssistant() : null;
  }

  function lastAssistant() {
    const last = messages.at(-1);
    if (last?.role !== 'assistant') return null;
    messages.pop();
    return last;
  }

  async function resumeIfRunning() {
    const { data: active, last_failure: lastFailure } = await api(`chat/${chatId}/active`);
    const saved = JSON.parse(sessionStorage.getItem(streamKey) ?? 'null');
    if (!active && !saved) {
      failure = lastFailure;
      renderMessages();
      return;
    }
    // A reply followed before the reload that has ended since: its stream's last frames still say how (a failure too).
    // Its text and reasoning so far were kept with the last event id: the stream goes on after it, so nothing shows twice.
    const followed = !active || saved?.jobId === active.job_id ? null : { jobId: active.job_id, lastEventId: null, mode: active.mode };
    const resume = followed ?? saved;
    const replaced = replacedReply(resume.mode);
    // Followed from its start, a continuation streams after its message's text, as one started here does.
    // (A reply saved by the app before it knew reasoning kept only its text.)
    const reply = followed?.mode === 'continue' ? streamed(replaced?.content, replaced?.reasoning) : { ...streamed(resume.text), ...resume.reply };
    await stream(() => resumeResponse(resume.jobId, resume.lastEventId, aborter.signal), resume, reply);
  }

  /**
   * A reply as it streams: its text and reasoning so far (a continuation's start with its message's), and whether this
   * stream's own reasoning (thinking) and text (writing) have begun.
   */
  function streamed(text = '', reasoning = '') {
    return { text, reasoning: reasoning ?? '', thinking: false, writing: false };
  }

  async function stream(start, resume, reply) {
    running = { jobId: resume.jobId };
    failure = null;
    streamingThoughtsOpen = null;
    showRunning(true);
    renderMessages(reply);
    let frame = 0;
    try {
      await readReply(start, {
        signal: aborter.signal,
        onConnection: state => { connection.textContent = state === 'retrying' ? 'Connection lost, reconnecting…' : ''; },
        onFrame: (data, lastEventId, jobId) => {
          running.jobId = jobId;
          const speaker = data.character_id && chat.data.group?.members.find(member => member.id === data.character_id);
          if (speaker && !reply.speaker) {
            reply.speaker = speaker.name;
            list.querySelector('.streaming')?.prepend(streamingSpeaker(reply));
          }
          if (data.status === 'token') {
            // A continuation joins its message with a space where neither side has one, as the server stores it.
            const joined = !reply.writing && resume.mode === 'continue' && /\S$/.test(reply.text) && /^\S/.test(data.delta);
            reply.text += joined ? ` ${data.delta}` : data.delta;
            reply.writing = true;
          } else if (data.status === 'reasoning') {
            // A continuation's reasoning follows its message's after a blank line, as the server keeps it.
            reply.reasoning += reply.reasoning && !reply.thinking ? `\n\n${data.delta}` : data.delta;
            reply.thinking = true;
          } else if (data.status === 'failed') notify(new Error(data.error));
          else if (data.status === 'stopped') notify('Stopped.');
          else if (data.finish_reason === 'length') notify('The reply reached its length limit: Continue writes more.');
          else if (data.finish_reason === 'content_filter') notify("The model provider's content filter cut the reply short.");
          sessionStorage.setItem(streamKey, JSON.stringify({ jobId, lastEventId, reply, mode: resume.mode }));
          // Pieces of text or reasoning that come within one animation frame are rendered once.
          if ((data.status === 'token' || data.status === 'reasoning') && !frame) frame = requestAnimationFrame(() => { frame = 0; updateStreaming(reply); });
        },
      }, resume);
    } catch (error) {
      if (aborter.signal.aborted) return;
      notify(error);
    } finally {
      cancelAnimationFrame(frame);
    }
    if (aborter.signal.aborted) return;
    sessionStorage.removeItem(streamKey);
    running = null;
    showRunning(false);
    connection.textContent = '';
    await attempt(loadMessages);
  }

  /** The streaming item and its Thinking block stay the same elements (a click on the block is not lost to a redraw): what they say is new. */
  function updateStreaming(reply) {
    const item = list.querySelector('.streaming');
    if (!item) return;
    const follow = atEnd();
    const block = item.querySelector('.reasoning');
    if (block) {
      replace(block.querySelector('.reasoning-text'), renderMarkdown(reply.reasoning));
      block.open = thoughtsOpen(reply);
    } else if (reply.reasoning) item.querySelector('.content').before(streamingThoughts(reply));
    replace(item.querySelector('.content'), streamingText(reply.text));
    if (follow) scrollToEnd();
  }

  function showRunning(isRunning) {
    stopButton.hidden = !isRunning;
    sendButton.disabled = isRunning;
    continueButton.disabled = isRunning;
    impersonateButton.disabled = isRunning;
  }

  async function stop() {
    if (!running?.jobId) return;
    await attempt(() => api(`chat/stop/${running.jobId}`, { method: 'POST', json: {} }));
  }

  /** A change to the chat's messages, then (done() first, once it is made) the messages as they are after it. */
  function changeMessages(path, options, done = () => {}) {
    return attempt(async () => {
      await api(path, options);
      done();
      await loadMessages();
    });
  }

  function swipe(message, step) {
    return changeMessages(`chat/${chatId}/messages/${message.id}/swipe`, { method: 'PUT', json: { index: message.swipe_index + step } });
  }

  function edit(message, item, body) {
    edits.set(message.id, { content: message.content, reasoning: message.reasoning ?? '' });
    showEditor(message, item, body).querySelector('textarea[aria-label="Message text"]').focus();
  }

  /** The message's edit form, with what was typed in it so far (kept in edits until saved or cancelled). */
  function showEditor(message, item, body) {
    const typed = edits.get(message.id);
    const editor = h('textarea', { rows: 4, dir: 'auto', value: typed.content, 'aria-label': 'Message text', oninput: () => { typed.content = editor.value; } });
    // A reply's reasoning is edited with its text, as in SillyTavern; emptied, it is removed.
    const thinking = message.role === 'assistant'
      ? h('textarea', { rows: 3, dir: 'auto', value: typed.reasoning, 'aria-label': 'Thinking', placeholder: 'Thinking (none)', oninput: () => { typed.reasoning = thinking.value; } })
      : null;
    const cancel = () => {
      edits.delete(message.id);
      // Escape is pressed in a box, not on a message's control: the focus goes back to the Edit button, as from Cancel.
      refocus = { id: message.id, action: 'edit' };
      renderMessages();
    };
    const form = h('form', { class: 'edit', onkeydown: event => { if (event.key === 'Escape' && !event.isComposing) cancel(); }, onsubmit: async event => {
      event.preventDefault();
      const changes = thinking ? { content: editor.value, reasoning: thinking.value } : { content: editor.value };
      await changeMessages(`chat/${chatId}/messages/${message.id}`, { method: 'PATCH', json: changes }, () => edits.delete(message.id));
    } }, thinking, editor, h('div', { class: 'row' }, h('button', { type: 'submit', 'data-action': 'edit' }, 'Save'), h('button', { type: 'button', class: 'secondary', 'data-action': 'edit', onclick: cancel }, 'Cancel')));
    item.querySelector('details.reasoning')?.remove();
    body.replaceWith(form);
    item.querySelector('.actions').hidden = true;
    return form;
  }

  /** Hidden messages stay in the chat, but the model does not read them (SillyTavern's hide). */
  function setHidden(message, hidden) {
    return changeMessages(`chat/${chatId}/messages/${message.id}`, { method: 'PATCH', json: { hidden } });
  }

  /** A new chat with this one's messages up to this message; the app opens it. */
  async function branch(message) {
    await attempt(async () => {
      const created = await api(`chat/${chatId}/branch`, { method: 'POST', json: { message_id: message.id } });
      go(`#/chat/${created.newChatID}`);
    });
  }

  async function deleteFrom(message) {
    if (!confirm('Delete this message and every message after it?')) return;
    await changeMessages(`chat/${chatId}/messages/${message.id}`, { method: 'DELETE' });
  }

  async function patch(changes) {
    return attempt(async () => {
      const updated = await api(`chat/${chatId}`, { method: 'PATCH', json: changes });
      title.textContent = updated.data.title;
      notify('Chat updated.');
      return updated;
    });
  }

  /** Under the title: that this chat is a branch, of which chat (a link back), and the chats branched from it. */
  function family() {
    const from = chat.data.branched_from;
    const branches = chat.data.branches ?? [];
    if (!from && !branches.length) return null;
    return h('nav', { class: 'chat-family muted small', 'aria-label': 'Branches' },
      from ? h('p', { class: 'branch-of' }, h('span', { class: 'badge' }, 'Branch'), ' of ',
        from.chat_id ? h('a', { href: `#/chat/${from.chat_id}` }, parent?.title ?? 'the chat it came from') : 'a chat since deleted') : null,
      branches.length ? h('p', { class: 'branches' }, branches.length === 1 ? 'Branched into ' : `Branched into ${branches.length} chats: `,
        branches.map((branch, index) => [index ? ', ' : '', h('a', { href: `#/chat/${branch.id}` }, branch.title), ` (${when(branch.created_at)})`])) : null);
  }

  /** What shapes this chat's prompt besides its character: lorebooks, a preset, the author's note. */
  function chatSettings() {
    const attached = new Set(chat.data.lorebook_ids);
    const books = lorebooks.data.map(book => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'lorebook', value: book.id, checked: attached.has(book.id) }), ` ${book.name}`));
    const preset = h('select', { name: 'preset_id' }, h('option', { value: '' }, 'No preset'),
      presets.data.map(item => h('option', { value: item.id, selected: item.id === chat.data.settings?.preset_id }, item.name)));
    const note = h('textarea', { name: 'author_note', rows: 3, value: chat.data.author_note?.text ?? '', placeholder: "Author's note: put into the prompt where and as often as set below" });
    const shownNote = { ...noteDefaults, ...chat.data.author_note };
    const depth = h('input', { type: 'number', name: 'author_note_depth', min: 0, max: 100, value: shownNote.depth });
    const noteRole = choices('author_note_role', shownNote.role, [['system', 'System'], ['user', 'User'], ['assistant', 'Assistant']]);
    const notePosition = choices('author_note_position', shownNote.position,
      [['at_depth', 'In the chat, at its depth'], ['after_main', 'After the main prompt'], ['before_main', 'Before the main prompt']]);
    const interval = h('input', { type: 'number', name: 'author_note_interval', min: 0, max: 1000, value: shownNote.interval });
    const form = h('form', { class: 'card settings-panel', hidden: true, 'aria-label': 'Chat settings', onsubmit: async event => {
      event.preventDefault();
      const changes = {
        lorebook_ids: books.map(label => label.querySelector('input')).filter(box => box.checked).map(box => box.value),
        settings: { ...(chat.data.settings ?? {}), preset_id: preset.value || null },
        author_note: authorNote(),
      };
      const updated = await patch(changes);
      if (updated) chat.data = updated.data;
      await refreshPreview();
    } },
      h('h2', {}, 'Chat settings'),
      field('Lorebooks', books.length ? h('div', { class: 'row wrap' }, books) : h('p', { class: 'muted' }, 'No lorebooks yet: make or import one on the Lorebooks page.')),
      field('Preset', preset),
      field("Author's note", note),
      field('Depth (messages from the end)', depth),
      field('Where it goes', notePosition),
      field('Speaks as', noteRole),
      field('Every how many of your messages (1: every turn, 0: never)', interval),
      h('button', { type: 'submit' }, 'Save settings'));
    return form;

    /**
     * The note as the server keeps it: an emptied depth or interval is its default. Its settings stay with an emptied text
     * (as SillyTavern keeps them for the next note written); a note with neither is none.
     */
    function authorNote() {
      const typed = {
        text: note.value.trim() ? note.value : '',
        depth: number(depth.value) ?? noteDefaults.depth,
        role: noteRole.value,
        interval: number(interval.value) ?? noteDefaults.interval,
        position: notePosition.value,
      };
      const isDefault = Object.entries(noteDefaults).every(([name, value]) => typed[name] === value);
      return typed.text || !isDefault ? typed : null;
    }
  }


  async function rename() {
    const name = prompt('Chat title', title.textContent);
    if (name?.trim()) await patch({ title: name.trim() });
  }

  async function refreshPreview() {
    if (!preview.hidden) await showPreview();
  }

  async function togglePreview() {
    if (preview.hidden) await showPreview();
    else preview.hidden = true;
  }

  /** The next prompt as the server would send it now, with what the composer holds as the next message. */
  async function showPreview() {
    await attempt(async () => {
      const next = (await api(`chat/${chatId}/prompt?prompt=${encodeURIComponent(input.value)}`)).data;
      replace(preview,
        h('h2', {}, `Next prompt: ${next.tokens} tokens of ${next.budget}`),
        next.omitted_messages ? h('p', { class: 'muted' }, `${next.omitted_messages} older messages left out.`) : null,
        next.lore?.length ? field('Lore that fires', h('ul', {}, next.lore.map(entry => h('li', {}, JSON.stringify(entry))))) : null,
        h('ol', { class: 'prompt' }, next.messages.map(message => h('li', {}, h('strong', {}, message.role), h('pre', {}, message.content)))));
      preview.hidden = false;
    });
  }

  async function removeChat() {
    if (!confirm('Delete this chat?')) return;
    await attempt(async () => {
      await api(`chat/${chatId}`, { method: 'DELETE' });
      go('#/chats');
    });
  }
}
