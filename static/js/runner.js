// runner.html's script: the lab page on the other loopback name. It sends
// requests for the lab page (which embeds it in a hidden iframe), so that they
// come from another origin and another site, then posts back what it got.
// It listens only to the lab page's origin and answers only to it. That
// origin is this page's other origin, which server-a's /config.json names,
// so that the swap of localhost and 127.0.0.1 is written once, in Rust.

import { cookieNames, send } from "./attempt.js";

const status = document.querySelector("[data-runner-status]");
const inFrame = window.parent !== window;

start().catch((error) => {
  if (status) status.textContent = `The runner could not start: ${error.message || error}.`;
});

async function start() {
  const response = await fetch("config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  const labOrigin = (await response.json()).otherPageOrigin;
  window.addEventListener("message", (event) => answer(event, labOrigin));
  if (inFrame) window.parent.postMessage({ type: "ready" }, labOrigin);
  if (status) {
    status.textContent = inFrame
      ? `Ready: running requests for ${labOrigin}.`
      : `Nothing to do here: the lab page at ${labOrigin} loads this page in a hidden iframe.`;
  }
}

/** Runs one request (or reads document.cookie) for the lab page, and replies. */
async function answer(event, labOrigin) {
  if (event.origin !== labOrigin || event.source !== window.parent) return;
  const { id, kind, api, url, init, readHeaders } = event.data || {};
  let result;
  if (kind === "send") result = await send(api, url, init, readHeaders);
  else if (kind === "cookies") result = cookieNames();
  else return;
  window.parent.postMessage({ id, result }, labOrigin);
}
