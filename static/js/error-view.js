// "Paste an error" (#/error): the red line from the browser's console, read
// back to the check that failed. server-a's POST /explain-error does the
// reading with the CORS model's own templates (the same as
// `scripts/doctor explain-error`); this view only sends the text and shows
// the answer. Nothing here parses a console line.
//
//   window.lab.explainError(text)   resolves to the array of reports:
//       {engine, api, url, origin, stage, failure, explanation, fix, link, line}
//
// The text lives in the URL (#/error?text=…), so an explanation can be shared.

import { h } from "./dom.js";
import { engineName } from "./engine.js";

export const ERROR_ROUTE = "#/error";

const EXAMPLE = "Access to fetch at 'http://localhost:8081/api/notes' from origin 'http://localhost:8080' "
  + "has been blocked by CORS policy: Request header field x-token is not allowed by "
  + "Access-Control-Allow-Headers in preflight response.";

/** Installs window.lab.explainError. */
export function installErrorView(lab) {
  lab.explainError = (text) => lab.ready.then(() => explain(String(text ?? "")));
}

export function isErrorRoute(hash) {
  return hash === ERROR_ROUTE || hash.startsWith(`${ERROR_ROUTE}?`);
}

function textOf(hash) {
  return new URLSearchParams(hash.slice(ERROR_ROUTE.length + 1)).get("text") || "";
}

/** The reports for `text`, or throws with server-a's sentence. */
async function explain(text) {
  const response = await fetch("explain-error", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text }),
  });
  const json = await response.json().catch(() => ({ error: `server-a answered ${response.status}` }));
  if (!response.ok) throw new Error(json.error || `server-a answered ${response.status}`);
  return json;
}

/** Renders the view, and explains the text the URL holds, if any. */
export function showErrorView() {
  document.title = "Paste an error · CORS Lab";
  const text = textOf(location.hash);
  const result = h("section", { "data-error-result": "", "aria-live": "polite" });
  const onsubmit = (event) => {
    event.preventDefault();
    const pasted = String(new FormData(event.target).get("text"));
    const hash = `${ERROR_ROUTE}?${new URLSearchParams({ text: pasted })}`;
    if (location.hash !== hash) history.replaceState(null, "", hash);
    fill(result, pasted);
  };
  document.querySelector("main").replaceChildren(h("article", { class: "lesson view", "data-error-view": "" },
    h("h2", { tabindex: "-1" }, "Paste an error"),
    h("p", {}, "Copy the red CORS line from your browser's console (Chromium: ", h("code", {}, "Access to fetch at … "
      + "has been blocked by CORS policy: …"), "; Firefox: ", h("code", {}, "Cross-Origin Request Blocked: … (Reason: …)"),
    "; WebKit: two lines, the reason, then ", h("code", {}, "Fetch API cannot load … due to access control checks."),
    "), or the whole block around it, and paste it here. The lab reads it back to the check that failed, says what "
      + "that means and how to fix the server, and sets up the playground to fail the same way."),
    h("form", { class: "form", onsubmit, "data-error-form": "" },
      h("label", { class: "stacked" }, "Console text",
        h("textarea", { name: "text", rows: 6, required: true, placeholder: EXAMPLE, spellcheck: "false" }, text)),
      h("p", { class: "actions" }, h("button", { type: "submit" }, "Explain"))),
    result));
  if (text.trim()) fill(result, text);
}

async function fill(section, text) {
  section.replaceChildren(h("p", {}, "Reading…"));
  try {
    const reports = await explain(text);
    section.replaceChildren(...reports.map(reportView));
  } catch (error) {
    section.replaceChildren(h("p", { class: "error" }, error.message));
  }
}

const API_NAMES = { fetch: "fetch", xhr: "XMLHttpRequest" };

function reportView(report) {
  const kind = report.failure?.kind;
  const who = [report.engine ? engineName(report.engine) : "No browser", API_NAMES[report.api]].filter(Boolean).join(", ");
  const fields = Object.entries(report.failure ?? {}).filter(([name]) => name !== "kind");
  return h("section", { class: `report ${kind ? "blocked" : "other"}`, "data-error-report": kind ?? "none" },
    h("h3", {}, who, ": ", kind ? h("code", {}, kind) : "no failed check named",
      report.stage ? ` (at the ${report.stage})` : ""),
    h("pre", { class: "console" }, report.line),
    h("dl", { class: "facts" },
      report.url ? [h("dt", {}, "URL"), h("dd", {}, h("code", {}, report.url))] : null,
      report.origin ? [h("dt", {}, "page's origin"), h("dd", {}, h("code", {}, report.origin))] : null,
      fields.map(([name, value]) => [h("dt", {}, name), h("dd", {}, h("code", {}, String(value)))])),
    h("p", {}, report.explanation),
    report.fix ? fixView(report.fix) : null,
    report.link ? h("p", {}, h("a", { href: report.link, "data-error-link": "" }, "Run the same failure in the playground")) : null);
}

function fixView(fix) {
  return h("div", { class: "fix" },
    h("h4", {}, "The fix"),
    h("p", {}, fix.text),
    h("p", {}, "actix-web: ", h("code", {}, fix.actix)),
    fix.headers.length ? [h("p", {}, "Any server: the answer must carry"), h("pre", { class: "wire" }, fix.headers.join("\n"))] : null);
}
