// The XMLHttpRequest path beside fetch's: the same request, sent the way the
// story's posts write it, with the same result shape as attempt() in
// attempt.js: {outcome, status, body, error, headers}.
//
// A blocked XHR does not throw: it fires "error" (never "load"), and its
// status is 0. That is all JavaScript learns, as with fetch's TypeError.
// open() does throw for a method it refuses: the outcome "error".

import { parseBody } from "./body.js";

/** Sends one request with XMLHttpRequest; resolves once it loads or fails. */
export function attemptXhr(url, init, readHeaders = []) {
  if (init.body instanceof ReadableStream) {
    // xhr.send(stream) would send the string "[object ReadableStream]": the
    // catalogue fixes such steps to fetch, so this is the lab's own mistake.
    return Promise.reject(new TypeError("XMLHttpRequest cannot send a ReadableStream: this step is fetch-only"));
  }
  let xhr;
  try {
    xhr = openXhr(url, init);
  } catch (error) {
    // open() throws for a forbidden method (CONNECT, TRACE, TRACK): nothing is sent.
    return Promise.resolve(refused(error, readHeaders));
  }
  return new Promise((resolve) => {
    xhr.addEventListener("load", () => resolve(loaded(xhr, readHeaders)));
    for (const type of ["error", "abort", "timeout"]) {
      xhr.addEventListener(type, (event) => resolve(failed(xhr, event, readHeaders)));
    }
    xhr.send(init.body ?? null);
  });
}

/**
 * An opened request: fetch's `credentials: "include"` is
 * `withCredentials = true`; anything else is XHR's default, false. It is set
 * after open() unless `init.withCredentialsAt` says "before-open" (the
 * Russian post's order) or "unset" (never set). `init.openCredentials`
 * ([user, password]) go to open() as its last two arguments.
 */
export function openXhr(url, init) {
  const xhr = new XMLHttpRequest();
  const withCredentials = init.credentials === "include";
  if (init.withCredentialsAt === "before-open") xhr.withCredentials = withCredentials;
  if (init.openCredentials) xhr.open(init.method || "GET", url, true, ...init.openCredentials);
  else xhr.open(init.method || "GET", url);
  if (!init.withCredentialsAt) xhr.withCredentials = withCredentials;
  for (const [name, value] of Object.entries(init.headers || {})) xhr.setRequestHeader(name, value);
  // A listener on xhr.upload before send() makes the request preflighted.
  if (init.uploadListener) xhr.upload.addEventListener("progress", () => {});
  return xhr;
}

function loaded(xhr, readHeaders) {
  const headers = {};
  for (const name of readHeaders) headers[name] = xhr.getResponseHeader(name);
  return { outcome: "allowed", status: xhr.status, body: parseBody(xhr.responseText), error: null, headers };
}

/** What the page's script sees when the API throws before sending: the exception, as "name: message". */
export function refused(error, readHeaders = []) {
  const headers = Object.fromEntries(readHeaders.map((name) => [name, null]));
  return { outcome: "error", status: null, body: null, error: `${error.name}: ${error.message}`, headers };
}

/** What the page's script sees of a failed XHR: the event's type and status 0. */
function failed(xhr, event, readHeaders) {
  const headers = {};
  for (const name of readHeaders) headers[name] = null;
  const error = `${event.type} event, status ${xhr.status}`;
  return { outcome: "blocked", status: null, body: null, error, headers };
}
