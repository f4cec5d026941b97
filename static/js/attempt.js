// One request exactly as the lab sends it, and everything JavaScript can learn
// from it. Shared by the lab page and by runner.html (the same page opened on
// the other loopback name), so both origins run the very same code.
// send() picks fetch (here) or XMLHttpRequest (xhr.js) by the step's API.

import { parseBody } from "./body.js";
import { attemptXhr, refused } from "./xhr.js";

/** Sends one request with the API named: "fetch" or "xhr". Same result shape. */
export function send(api, url, init, readHeaders = []) {
  return api === "xhr" ? attemptXhr(url, init, readHeaders) : attempt(url, init, readHeaders);
}

/**
 * Sends one request. A CORS failure is not an exception here: fetch rejects
 * with a TypeError, and that is recorded as the outcome "blocked". A request
 * fetch refuses to make at all (a forbidden method; a ReadableStream body in
 * WebKit) is the outcome "error".
 * A no-cors request's answer is "opaque": it arrived, and JavaScript sees
 * status 0, no headers and no body.
 */
export async function attempt(url, init, readHeaders = []) {
  try {
    const response = await fetch(url, init);
    if (response.type === "opaque") {
      const headers = Object.fromEntries(readHeaders.map((name) => [name, null]));
      return { outcome: "opaque", status: response.status, body: null, error: null, headers };
    }
    const text = await response.text();
    const headers = {};
    for (const name of readHeaders) headers[name] = response.headers.get(name);
    return { outcome: "allowed", status: response.status, body: parseBody(text), error: null, headers };
  } catch (error) {
    // A failed or blocked request rejects with a TypeError, always; anything
    // else (WebKit's NotSupportedError for a stream body) was thrown before
    // sending, as a forbidden method is.
    if (!(error instanceof TypeError) || unsendable(url, init)) return refused(error, readHeaders);
    // All JavaScript gets is a TypeError ("Failed to fetch" in Chromium, "NetworkError when
    // attempting to fetch resource." in Firefox, "Load failed" in WebKit). The reason is only
    // in the browser's console, on purpose: a page must not learn why.
    const headers = {};
    for (const name of readHeaders) headers[name] = null;
    return { outcome: "blocked", status: null, body: null, error: String(error), headers };
  }
}

/**
 * Whether fetch refused the request before sending it: then a Request cannot
 * even be built from the same arguments (it throws the same way, for a
 * forbidden method), while a blocked or failed request builds fine. The
 * body is left out: fetch may have locked a stream body already.
 */
function unsendable(url, init) {
  try {
    new Request(url, { ...init, body: null });
    return false;
  } catch {
    return true;
  }
}

/**
 * A ReadableStream that yields `text` as UTF-8 bytes, for a step whose body
 * is a stream (fetch only, sent with duplex: "half"). It keeps the text, so
 * the page can show the code that built it. A stream is read once: each
 * request gets a new one.
 */
export function textStream(text) {
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
  stream.labText = text;
  return stream;
}

/** The names of the cookies this page's script can see (never HttpOnly ones). */
export function cookieNames() {
  return document.cookie
    .split(";")
    .map((pair) => pair.split("=")[0].trim())
    .filter((name) => name !== "");
}
