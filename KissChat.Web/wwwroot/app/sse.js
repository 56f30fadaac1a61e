import { send } from './api.js';

// Reads a reply's Server-Sent Events (chat/response, regenerate, continue, or chat/stream/{jobId}). A dropped connection
// is resumed with Last-Event-ID: the reply kept generating meanwhile and nothing is lost or repeated.

const retryDelays = [500, 1000, 2000, 4000, 8000];
// A reply's start is tried this many times when the connection fails before its answer (see startReply).
const startTries = 3;

/**
 * @param start a function returning the first Response (a POST that starts a reply, or a resume).
 * @param handlers onFrame(frame, id) for each data frame; onConnection(state) with 'retrying' or 'open'.
 * @param resume {jobId, lastEventId} when continuing a stream read before (after a reload).
 */
export async function readReply(start, { onFrame, onConnection = () => {}, signal }, resume = {}) {
  let { jobId, lastEventId } = resume;
  let response = await start();
  for (let attempt = 0; ; attempt++) {
    let ended = false;
    try {
      ended = await readFrames(response, (frame, id) => {
        if (id) lastEventId = id;
        if (frame.jobId) jobId = frame.jobId;
        onFrame(frame, lastEventId, jobId);
      });
    } catch (error) {
      if (signal?.aborted) throw error;
    }
    if (ended) return;
    if (!jobId || attempt >= retryDelays.length) throw new Error('The connection was lost and could not be resumed. Reload to see the reply.');
    onConnection('retrying');
    await new Promise(resolve => setTimeout(resolve, retryDelays[attempt]));
    try {
      response = await resumeResponse(jobId, lastEventId, signal);
      onConnection('open');
    } catch (error) {
      if (signal?.aborted || error.status) throw error;
      response = null;
    }
  }
}

/**
 * Sends a request that starts a reply (chat/response, regenerate, continue), named by one Idempotency-Key for all its
 * tries: a connection lost before the answer came is tried again, and a server that had the request answers with the
 * reply it started rather than storing the message (and charging for it) twice. A refusal from the server is final.
 */
export async function startReply(path, json, signal) {
  const headers = { 'idempotency-key': newRequestKey() };
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(path, { method: 'POST', json, headers, signal });
    } catch (error) {
      if (error.status || signal?.aborted || attempt >= startTries - 1) throw error;
      await new Promise(resolve => setTimeout(resolve, retryDelays[attempt]));
    }
  }
}

/** 128 random bits in hex: crypto.randomUUID is there only on HTTPS pages, and KissChat is often served over plain HTTP at home. */
function newRequestKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), byte => byte.toString(16).padStart(2, '0')).join('');
}

export function resumeResponse(jobId, lastEventId, signal) {
  return send(`chat/stream/${jobId}`, { headers: lastEventId ? { 'last-event-id': lastEventId } : {}, signal });
}

/** True when the stream ended with [DONE]; false when the connection ended first. Any stream of frames: an impersonation's too. */
export async function readFrames(response, onFrame) {
  if (!response) return false;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  // Where the frame in hand may end: a frame of megabytes comes in many reads, and searching it again from its start on
  // each of them took seconds.
  let searchFrom = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return false;
    buffer += value.replaceAll('\r\n', '\n');
    let end;
    while ((end = buffer.indexOf('\n\n', searchFrom)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      searchFrom = 0;
      let id = null;
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('id:')) id = line.slice(3).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (!data.length) continue;
      const text = data.join('\n');
      if (text === '[DONE]') return true;
      onFrame(JSON.parse(text), id);
    }
    searchFrom = Math.max(0, buffer.length - 1);
  }
}
