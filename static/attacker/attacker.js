// The attacker's page. Framed by the lab page, it sends the attack track's
// requests from its own origin (or, in a sandboxed frame, from `null`) with
// the very send() the lab page uses, posts each result back, and shows what
// it could read. It answers only the frame's parent, and only pages on the
// lab page's port (from /config.json on this port): a page elsewhere cannot
// borrow it.

import { cookieNames, send } from "/js/attempt.js";

const status = document.querySelector("[data-status]");
const loot = document.querySelector("[data-loot]");
const inFrame = window.parent !== window;

document.querySelector("[data-origin]").textContent =
  self.origin === "null" ? "origin: null (a sandboxed frame)" : self.origin;

start().catch((error) => {
  status.textContent = `This page could not start: ${error.message || error}.`;
});

async function start() {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  /** @type {import("../js/contract.js").AttackerConfig} */
  const { labPort } = await response.json();
  window.addEventListener("message", (event) => answer(event, String(labPort)));
  // Only "ready" goes out before the parent has spoken: it carries nothing.
  if (inFrame) window.parent.postMessage({ type: "ready" }, "*");
  status.textContent = inFrame
    ? "Waiting for the lab page to run an attack step."
    : "The lab page frames this page to run the attack track's steps. Open the lab and run an attack lesson.";
}

/** Runs one request (or reads document.cookie) for the lab page, and replies. */
async function answer(event, labPort) {
  if (event.source !== window.parent || !fromLabPort(event.origin, labPort)) return;
  const { id, kind, api, url, init, readHeaders } = event.data || {};
  let result;
  if (kind === "send") {
    result = await send(api, url, init, readHeaders);
    show(url, result);
  } else if (kind === "cookies") {
    result = cookieNames();
  } else {
    return;
  }
  event.source.postMessage({ id, result }, event.origin);
}

function fromLabPort(origin, labPort) {
  try {
    return new URL(origin).port === labPort;
  } catch {
    return false;
  }
}

/** One line per request: what JavaScript on this site got. */
function show(url, result) {
  const item = document.createElement("li");
  const path = new URL(url).pathname;
  if (result.outcome === "blocked") {
    item.textContent = `${path}: blocked by the browser, nothing to read (${result.error})`;
  } else {
    const read = document.createElement("span");
    const body = typeof result.body === "string" ? result.body : JSON.stringify(result.body);
    read.textContent = body;
    if (result.status === 200) read.className = "stolen";
    item.append(`${path}: ${result.status} `, read);
  }
  loot.prepend(item);
  status.textContent = "Ran an attack step for the lab page.";
}
