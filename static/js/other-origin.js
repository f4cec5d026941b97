// Steps with from = "other-origin" run in a hidden iframe: the same lab, opened
// on the other loopback name (127.0.0.1 for localhost, as /config.json says).
// The page posts {api, url, init, readHeaders} to runner.html there; the runner
// sends the request with the same send() and posts the result back.
// Both sides check event.origin: each talks only to the other loopback name.

const TIMEOUT_MS = 10000;
const bridges = new Map();

/** The bridge to runner.html on `origin`, created on first use. */
export function otherOrigin(origin) {
  if (!bridges.has(origin)) bridges.set(origin, connect(origin));
  return bridges.get(origin);
}

function connect(origin) {
  const frame = document.createElement("iframe");
  frame.hidden = true;
  frame.title = "The lab page on another origin";
  frame.src = `${origin}/runner.html`;

  const pending = new Map();
  let nextId = 1;
  let markReady;
  const ready = new Promise((resolve, reject) => {
    markReady = resolve;
    setTimeout(() => reject(new Error(`${origin}/runner.html did not answer`)), TIMEOUT_MS);
  });

  window.addEventListener("message", (event) => {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    const message = event.data || {};
    if (message.type === "ready") markReady();
    if (pending.has(message.id)) {
      pending.get(message.id)(message.result);
      pending.delete(message.id);
    }
  });
  document.body.append(frame);

  /** Sends one message to the runner and resolves with its result. */
  async function ask(message) {
    await ready;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, resolve);
      frame.contentWindow.postMessage({ ...message, id }, origin);
      setTimeout(() => {
        if (pending.delete(id)) reject(new Error(`${origin}/runner.html did not reply`));
      }, TIMEOUT_MS * 3);
    });
  }

  return {
    send: (api, url, init, readHeaders) => ask({ kind: "send", api, url, init, readHeaders }),
    cookieNames: () => ask({ kind: "cookies" }),
  };
}
