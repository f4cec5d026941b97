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
import { pageLanguage, t } from "./words.js";

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
  const response = await fetch(`explain-error?lang=${pageLanguage()}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text }),
  });
  const json = await response.json().catch(() => ({ error: t("site.server_a_answered", { status: response.status }) }));
  if (!response.ok) throw new Error(json.error || t("site.server_a_answered", { status: response.status }));
  return json;
}

/** Renders the view, and explains the text the URL holds, if any. */
export function showErrorView() {
  document.title = `${t("site.error")} · CORS Lab`;
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
    h("h2", { tabindex: "-1" }, t("site.error")),
    h("p", {}, t("error.intro", {
      chromium: h("code", {}, "Access to fetch at … has been blocked by CORS policy: …"),
      firefox: h("code", {}, "Cross-Origin Request Blocked: … (Reason: …)"),
      webkit: h("code", {}, "Fetch API cannot load … due to access control checks."),
    })),
    h("form", { class: "form", onsubmit, "data-error-form": "" },
      h("label", { class: "stacked" }, t("error.console_text"),
        h("textarea", { name: "text", rows: 6, required: true, placeholder: EXAMPLE, spellcheck: "false" }, text)),
      h("p", { class: "actions" }, h("button", { type: "submit" }, t("error.explain")))),
    result));
  if (text.trim()) fill(result, text);
}

async function fill(section, text) {
  section.replaceChildren(h("p", {}, t("error.reading")));
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
  const who = [report.engine ? engineName(report.engine) : t("error.no_browser"), API_NAMES[report.api]]
    .filter(Boolean).join(", ");
  const fields = Object.entries(report.failure ?? {}).filter(([name]) => name !== "kind");
  return h("section", { class: `report ${kind ? "blocked" : "other"}`, "data-error-report": kind ?? "none" },
    h("h3", {}, who, ": ", kind ? h("code", {}, kind) : t("error.no_check_named"),
      report.stage ? ` ${stageWords(report.stage)}` : ""),
    h("pre", { class: "console" }, report.line),
    h("dl", { class: "facts" },
      report.url ? [h("dt", {}, "URL"), h("dd", {}, h("code", {}, report.url))] : null,
      report.origin ? [h("dt", {}, t("error.page_origin")), h("dd", {}, h("code", {}, report.origin))] : null,
      fields.map(([name, value]) => [h("dt", {}, name), h("dd", {}, h("code", {}, String(value)))])),
    h("p", {}, report.explanation),
    report.fix ? fixView(report.fix) : null,
    report.link ? h("p", {}, h("a", { href: report.link, "data-error-link": "" }, t("error.in_playground"))) : null);
}

/** Which exchange failed, in words: the model's stage is "preflight", "response" or "redirect". */
function stageWords(stage) {
  if (stage === "preflight") return t("error.stage_preflight");
  if (stage === "redirect") return t("error.stage_redirect");
  return t("error.stage_response");
}

function fixView(fix) {
  return h("div", { class: "fix" },
    h("h4", {}, t("error.fix")),
    h("p", {}, fix.text),
    h("p", {}, "actix-web: ", h("code", {}, fix.actix)),
    fix.headers.length ? [h("p", {}, t("error.any_server")), h("pre", { class: "wire" }, fix.headers.join("\n"))] : null);
}
