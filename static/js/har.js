// "Read a HAR" (#/har): drop the network log DevTools saves ("Save all as
// HAR", in Chromium and in Firefox) and see every cross-origin request in it
// judged by the CORS model, per engine (a column for each of ENGINES, in
// their order). server-a's POST /har does the
// judging (the doctor's `har` module, as `scripts/doctor har FILE`); this page
// judges nothing itself.
//
// Secrets never leave the browser: before the HAR is sent, stripHar removes
// the values of Cookie, Set-Cookie, Authorization and Proxy-Authorization
// (the names stay: a Cookie header tells the credentials mode), the cookie
// lists, request bodies and response bodies. server-a logs and keeps nothing
// of it.
//
//   window.lab.explainHar(harObject)  resolves to POST /har's array (one
//       object per cross-origin request: url, method, origin, preflight,
//       credentials, verdicts, verdicts_with_credentials, failure,
//       explanation, …), or rejects with server-a's sentence.

import { h } from "./dom.js";
import { ENGINES, engineName, engineNames } from "./engine.js";
import { outcomeWord } from "./render.js";
import { count, listOf, pageLanguage, t } from "./words.js";

export const HAR_ROUTE = "#/har";

/** The largest file this page reads (server-a then takes 10 MB, bodies removed). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const SECRET_HEADERS = ["cookie", "set-cookie", "authorization", "proxy-authorization"];
const REMOVED = "(removed by the page)";

export function isHarRoute(hash) {
  return hash === HAR_ROUTE;
}

/** Installs window.lab.explainHar. */
export function installHar(lab) {
  lab.explainHar = (har) => lab.ready.then(() => explainHar(har));
}

/** A copy of the HAR without secret values or bodies. */
export function stripHar(har) {
  const copy = JSON.parse(JSON.stringify(har));
  const entries = copy && copy.log && Array.isArray(copy.log.entries) ? copy.log.entries : [];
  for (const entry of entries) {
    if (!entry || typeof entry !== "object") continue;
    for (const part of [entry.request, entry.response]) {
      if (!part || typeof part !== "object") continue;
      if (Array.isArray(part.headers)) {
        for (const header of part.headers) {
          const name = header && typeof header.name === "string" ? header.name.toLowerCase() : "";
          if (SECRET_HEADERS.includes(name)) header.value = REMOVED;
        }
      }
      if ("cookies" in part) part.cookies = [];
      delete part.postData;
      if (part.content && typeof part.content === "object") delete part.content.text;
    }
    delete entry._webSocketMessages;
  }
  return copy;
}

async function explainHar(har) {
  const body = JSON.stringify(stripHar(har));
  let response;
  try {
    const init = { method: "POST", headers: { "Content-Type": "application/json" }, body };
    response = await fetch(`har?lang=${pageLanguage()}`, init);
  } catch (error) {
    throw new Error(t("site.server_a_silent", { error }));
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error((json && json.error) || t("site.server_a_answered", { status: response.status }));
  return json;
}

/** Renders the view: a drop zone, a file input, and the results below. */
export function showHar() {
  document.title = `${t("har.title")} · CORS Lab`;
  const input = h("input", { type: "file", accept: ".har,application/json", "data-har-file": "" });
  input.addEventListener("change", () => {
    if (input.files && input.files[0]) readFile(input.files[0]);
  });
  const zone = h("div", { class: "drop-zone", "data-har-drop": "" },
    h("p", {}, t("har.drop", { input })));
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) readFile(file);
  });
  document.querySelector("main").replaceChildren(h("article", { class: "lesson", "data-har": "" },
    h("h2", { tabindex: "-1" }, t("har.title")),
    h("p", {}, t("har.intro", { engines: engineNames(ENGINES) })),
    h("p", { class: "note" }, t("har.privacy", { include: h("code", {}, "credentials: \"include\"") })),
    zone,
    h("section", { "data-har-result": "", "aria-live": "polite" })));
}

function result() {
  return document.querySelector("main [data-har-result]");
}

async function readFile(file) {
  const out = result();
  if (file.size > MAX_FILE_BYTES) {
    out.replaceChildren(h("p", { class: "error", "data-har-error": "" },
      t("har.too_big", { file: file.name, size: megabytes(file.size), max: megabytes(MAX_FILE_BYTES) })));
    return;
  }
  out.replaceChildren(h("p", {}, t("har.reading", { file: file.name })));
  let har;
  try {
    har = JSON.parse(await file.text());
  } catch (error) {
    out.replaceChildren(h("p", { class: "error", "data-har-error": "" },
      t("har.not_json", { file: file.name, error: error.message })));
    return;
  }
  try {
    showResults(out, file.name, await explainHar(har));
  } catch (error) {
    out.replaceChildren(h("p", { class: "error", "data-har-error": "" }, `${file.name}: ${error.message}`));
  }
}

function megabytes(bytes) {
  return (bytes / (1024 * 1024)).toFixed(1);
}

function showResults(out, name, list) {
  const blocked = list.filter((r) => Object.values(r.verdicts || {}).includes("blocked")).length;
  const rows = list.map((r) => h("tr", { "data-har-request": r.entry },
    h("td", { class: "short" }, String(r.entry)),
    h("td", { class: "short" }, r.method),
    h("td", {}, h("code", {}, r.url), h("br"), t("har.from", { origin: r.origin })),
    h("td", { class: "short" }, r.preflight ? t("check.yes") : t("check.no")),
    ENGINES.map(({ id }) => h("td", { class: "short", "data-har-verdict": id },
      h("span", { class: `outcome ${r.verdicts?.[id] ?? ""}` }, r.verdicts?.[id] ? outcomeWord(r.verdicts[id]) : "—"))),
    h("td", { class: "words" }, r.failed_check ? `${r.failed_check.stage} ${r.failed_check.check}` : "—"),
    h("td", {}, details(r))));
  out.replaceChildren(
    h("p", { "data-har-summary": "" },
      `${name}: ${count("har.summary", list.length, { blocked })}`),
    h("table", { class: "check har" },
      h("thead", {}, h("tr", {}, ["#", t("har.method"), t("har.url_origin"), t("har.preflight"),
        ...ENGINES.map((e) => e.name), t("har.failed_check"), t("har.why")]
        .map((title) => h("th", { scope: "col" }, title)))),
      h("tbody", {}, rows)));
}

function details(r) {
  if (r.error) return h("p", { class: "error" }, t("har.not_judged", { error: r.error }));
  const with_ = r.verdicts_with_credentials;
  return [
    r.not_sent ? h("p", {}, h("strong", {}, t("har.not_sent")), " ", r.not_sent) : null,
    h("p", {}, r.explanation),
    r.fix ? h("p", {}, t("har.fix"), " ", r.fix.text, " ", h("code", {}, r.fix.actix)) : null,
    with_ ? h("p", { "data-har-with-credentials": "" }, t("har.with_credentials", {
      include: h("code", {}, "credentials: \"include\""),
      verdicts: listOf(Object.entries(with_).map(([engine, verdict]) => `${engineName(engine)}: ${outcomeWord(verdict)}`)),
    })) : null,
    (r.notes || []).map((note) => h("p", { class: "note" }, note)),
  ];
}
