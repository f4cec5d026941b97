// runner.html's script: the lab page on the other loopback name. It sends
// requests for the lab page (which embeds it in a hidden iframe), so that they
// come from another origin and another site, then posts back what it got.
// It listens only to the lab page's origin and answers only to it.

import { attempt, cookieNames, otherLoopback } from "./attempt.js";

const labOrigin = otherLoopback(location.origin);

window.addEventListener("message", async (event) => {
  if (!labOrigin || event.origin !== labOrigin || event.source !== window.parent) return;
  const { id, kind, url, init, readHeaders } = event.data || {};
  let result;
  if (kind === "fetch") result = await attempt(url, init, readHeaders);
  else if (kind === "cookies") result = cookieNames();
  else return;
  window.parent.postMessage({ id, result }, labOrigin);
});

if (labOrigin && window.parent !== window) {
  window.parent.postMessage({ type: "ready" }, labOrigin);
}

const status = document.querySelector("[data-runner-status]");
if (status) {
  status.textContent = window.parent !== window
    ? `Ready: running requests for ${labOrigin}.`
    : `Nothing to do here: the lab page at ${labOrigin || "http://localhost:8080"} loads this page in a hidden iframe.`;
}
