// What every view shares: the signed-in user and the notice line where errors are shown plainly.

export const session = { user: null };

let noticeElement = null;
let noticeTimer = null;

export function attachNotice(element) {
  noticeElement = element;
  element.addEventListener('click', () => { element.hidden = true; });
}

/** Takes down an error shown for the page being left: it would read as the next page's. */
export function clearError() {
  if (noticeElement?.classList.contains('error')) noticeElement.hidden = true;
}

/**
 * Shows a message (an Error's text for failures) until it is clicked, the next notice or page, or a while has passed: an
 * error stays longer, to be read.
 */
export function notify(message, kind = 'info') {
  if (!noticeElement) return;
  clearTimeout(noticeTimer);
  const isError = message instanceof Error || kind === 'error';
  noticeElement.textContent = message instanceof Error ? message.message : String(message ?? '');
  noticeElement.className = `notice ${isError ? 'error' : kind}`;
  noticeElement.hidden = !noticeElement.textContent;
  noticeTimer = setTimeout(() => { noticeElement.hidden = true; }, isError ? 15000 : 4000);
}

/** Runs an action and shows its failure instead of throwing it. */
export async function attempt(action) {
  try {
    return await action();
  } catch (error) {
    notify(error);
    return undefined;
  }
}

export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}
