// Steps sent from another origin run in a frame of the lab page: the lab page
// on the other loopback name (runner.html, hidden), or the attacker's page
// (server-a's attacker port, shown with its red banner), sandboxed with
// allow-scripts only when the step wants `Origin: null`. Which frame, and the
// Origin it sends, come from /lessons.json (step.sender_frame, worked out in
// Rust). The page posts {api, url, init, readHeaders} to the frame; the frame
// sends the request with the same send() and posts the result back. Both
// sides check who talks: here, the frame's own window and its origin
// ("null" for a sandboxed frame).

import { t } from "./words.js";

const TIMEOUT_MS = 10000;
const bridges = new Map();

/** The bridge to the frame `{origin, url, sandboxed}`, created on first use. */
export function frameSender(frame) {
  if (!bridges.has(frame.url)) bridges.set(frame.url, connect(frame));
  return bridges.get(frame.url);
}

function connect({ origin, url, sandboxed }) {
  const element = document.createElement("iframe");
  const attacker = url !== `${origin}/runner.html`;
  element.title = attacker ? t("site.attacker_frame", { origin }) : t("site.other_origin_frame");
  if (sandboxed) element.setAttribute("sandbox", "allow-scripts");
  element.src = url;
  if (attacker) {
    element.className = "attacker-frame";
    attackerFrames().append(element);
  } else {
    element.hidden = true;
    document.body.append(element);
  }

  const pending = new Map();
  let nextId = 1;
  let markReady;
  const ready = new Promise((resolve, reject) => {
    markReady = resolve;
    setTimeout(() => reject(new Error(`${url} did not answer`)), TIMEOUT_MS);
  });

  window.addEventListener("message", (event) => {
    if (event.origin !== origin || event.source !== element.contentWindow) return;
    const message = event.data || {};
    if (message.type === "ready") markReady();
    if (pending.has(message.id)) {
      pending.get(message.id)(message.result);
      pending.delete(message.id);
    }
  });

  /** Sends one message to the frame and resolves with its result. */
  async function ask(message) {
    await ready;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, resolve);
      // A sandboxed frame's origin is opaque: "*" is the only target origin
      // that reaches it. The message holds only the request to send.
      element.contentWindow.postMessage({ ...message, id }, sandboxed ? "*" : origin);
      setTimeout(() => {
        if (pending.delete(id)) reject(new Error(`${url} did not reply`));
      }, TIMEOUT_MS * 3);
    });
  }

  return {
    send: (api, url, init, readHeaders) => ask({ kind: "send", api, url, init, readHeaders }),
    cookieNames: () => ask({ kind: "cookies" }),
  };
}

/** Where the attacker's frames are shown: one panel, made on first use. */
function attackerFrames() {
  let panel = document.querySelector("[data-attacker-frames]");
  if (!panel) {
    panel = document.createElement("section");
    panel.dataset.attackerFrames = "";
    panel.className = "attacker-frames";
    const heading = document.createElement("h2");
    heading.textContent = t("site.attacker_frames");
    panel.append(heading);
    document.body.append(panel);
  }
  return panel;
}
