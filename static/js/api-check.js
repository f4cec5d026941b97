// "Check your API" (#/check): the doctor for a URL the learner types, run two
// ways at once. This browser sends the real request with fetch (and the
// preflight it implies) and reports what JavaScript got; server-a's
// POST /doctor sends the same exchange as this engine would, and answers the
// wire it saw and the CORS model's verdict. The page sets them side by side
// and says in plain words when they disagree. Nothing here judges CORS: the
// verdict comes from the server's model.
//
//   window.lab.check.run({url, method, headers, credentials})
//       runs a check (queued behind earlier ones) and resolves to
//       {browser: {outcome, status, error}, doctor: <POST /doctor's JSON>,
//        model: {outcome, console, failed, settled} | null, agree, sentence}
//   window.lab.check.link(input)   a URL on this origin that fills the form
//
// The input lives in the URL (#/check?url=…&method=…&headers=…&credentials=…)
// so a check can be bookmarked or shared. Opening such a link fills the form
// and never runs it: a link must not make your browser and server-a send a
// DELETE to your API on its own.

import { h } from "./dom.js";
import { detectEngine, engineName, FALLBACK_ENGINE } from "./engine.js";
import { outcomeWord } from "./render.js";
import { pageLanguage, t } from "./words.js";

export const CHECK_ROUTE = "#/check";

const DEFAULTS = { url: "", method: "GET", headers: {}, credentials: "same-origin" };
let current = { ...DEFAULTS };
let queue = Promise.resolve();
let shownConfig = null;

/** Installs window.lab.check. */
export function installCheck(lab) {
  lab.check = {
    run: (input) => lab.ready.then(() => queued(normalise(input))),
    link: (input) => new URL(hashOf(normalise(input)), location.href).href,
  };
  // Back and forward between checks (pushState entries fire no hashchange).
  window.addEventListener("popstate", () => {
    if (isCheckRoute(location.hash) && shownConfig) showCheck(shownConfig);
  });
}

export function isCheckRoute(hash) {
  return hash === CHECK_ROUTE || hash.startsWith(`${CHECK_ROUTE}?`);
}

/** The hash that holds an input (headers as JSON: names and values keep their case and colons). */
function hashOf(input) {
  const query = new URLSearchParams({
    url: input.url, method: input.method, headers: JSON.stringify(input.headers), credentials: input.credentials,
  });
  return `${CHECK_ROUTE}?${query}`;
}

/** The input a hash holds; anything missing or unreadable falls back to the default. */
function inputOf(hash) {
  const query = new URLSearchParams(hash.slice(CHECK_ROUTE.length + 1));
  let headers = {};
  try {
    const parsed = JSON.parse(query.get("headers") || "{}");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) headers = parsed;
  } catch {
    // A hand-edited link: start without headers.
  }
  return normalise({
    url: query.get("url") || "", method: query.get("method") || "GET", headers,
    credentials: ["omit", "same-origin", "include"].includes(query.get("credentials"))
      ? query.get("credentials") : "same-origin",
  });
}

function normalise(input = {}) {
  return {
    url: String(input.url ?? ""),
    method: String(input.method || "GET"),
    headers: { ...(input.headers || {}) },
    credentials: input.credentials || "same-origin",
  };
}

/** Renders the section with the last input (or an example on the lab's API). */
export function showCheck(config) {
  shownConfig = config;
  document.title = `${t("site.check")} · CORS Lab`;
  if (location.hash.startsWith(`${CHECK_ROUTE}?`)) current = inputOf(location.hash);
  if (!current.url) current.url = `${config.apiOrigin}/api/me`;
  const main = document.querySelector("main");
  main.replaceChildren(h("article", { class: "lesson", "data-check": "" },
    h("h2", { tabindex: "-1" }, t("site.check")),
    h("p", {}, t("check_view.intro", { origin: h("code", {}, config.pageOrigin), engine: ownEngineName() })),
    h("p", { class: "note" }, t("check_view.sent_twice")),
    form(),
    h("section", { "data-check-result": "", "aria-live": "polite" })));
}

/** This browser's engine, by name; the fallback's, said as such, in a browser the lab does not know. */
function ownEngineName() {
  const engine = detectEngine();
  return engine ? engineName(engine) : t("check_view.unknown_browser", { engine: engineName(FALLBACK_ENGINE) });
}

function form() {
  const headerText = Object.entries(current.headers).map(([n, v]) => `${n}: ${v}`).join("\n");
  const credentials = h("select", { name: "credentials" },
    ["omit", "same-origin", "include"].map((c) => h("option", { value: c, selected: c === current.credentials }, c)));
  const onsubmit = (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    const headers = parseHeaders(String(data.get("headers")));
    const view = document.querySelector("main [data-check]");
    if (headers.error) {
      view.querySelector("[data-check-result]").replaceChildren(h("p", { class: "error" }, headers.error));
      return;
    }
    queued(normalise({
      url: data.get("url"), method: data.get("method"), headers: headers.value, credentials: data.get("credentials"),
    })).catch(() => {});
  };
  return h("form", { class: "playground", onsubmit, "data-check-form": "" },
    h("fieldset", {}, h("legend", {}, t("check_view.request")),
      h("label", { class: "field" }, "URL",
        h("input", { name: "url", type: "url", size: 60, required: true, value: current.url })),
      h("label", { class: "field" }, t("har.method"), h("input", { name: "method", value: current.method, size: 8 })),
      h("label", { class: "field" }, "credentials", credentials),
      h("label", { class: "field" }, t("check_view.headers"),
        h("textarea", { name: "headers", rows: 3, cols: 50 }, headerText))),
    h("p", { class: "actions" }, h("button", { type: "submit", "data-check-run": "" }, t("check_view.check"))));
}

/** "Name: value" lines to an object; a line without a colon is an error. */
function parseHeaders(text) {
  const value = {};
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf(":");
    if (at <= 0) return { error: t("check_view.not_a_header", { line }) };
    value[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { value };
}

function queued(input) {
  const result = queue.then(() => check(input));
  queue = result.catch(() => {});
  return result;
}

async function check(input) {
  current = input;
  // A new history entry when the input changed: back returns to the last one.
  if (isCheckRoute(location.hash) && location.hash !== hashOf(input)) history.pushState(null, "", hashOf(input));
  const view = document.querySelector("main [data-check]");
  if (view) {
    // The form shows what runs, also when window.lab.check.run asked for it.
    view.querySelector("[data-check-form]").replaceWith(form());
    view.querySelector("[data-check-result]").replaceChildren(h("p", { "data-checking": "" }, t("check_view.checking")));
  }
  const browser = await fromBrowser(input);
  const doctor = await fromServer(input);
  const model = doctor.results ? pick(doctor.results[0]) : null;
  const result = { browser, doctor, model, ...compare(browser, doctor, model) };
  const shown = document.querySelector("main [data-check]");
  if (shown) show(shown, input, result);
  return result;
}

/** The real request, from this page: what JavaScript can know of it. */
async function fromBrowser({ url, method, headers, credentials }) {
  try {
    const response = await fetch(url, { method, headers, credentials, cache: "no-store" });
    await response.arrayBuffer();
    return { outcome: "allowed", status: response.status };
  } catch (error) {
    return { outcome: "blocked", status: 0, error: String(error) };
  }
}

/** server-a's probe and the model's verdict (or why there is none). */
async function fromServer({ url, method, headers, credentials }) {
  const body = { url, method, headers: Object.entries(headers), credentials, engine: detectEngine() ?? FALLBACK_ENGINE };
  try {
    const response = await fetch(`doctor?lang=${pageLanguage()}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    /**
     * @type {import("./contract.js").DoctorAnswer | import("./contract.js").Unreachable
     *   | import("./contract.js").Refusal}
     */
    const json = await response.json();
    return response.ok ? json : { refused: json, status: response.status };
  } catch (error) {
    return { refused: { error: t("site.server_a_silent", { error }) } };
  }
}

function pick(verdict) {
  return {
    outcome: verdict.verdict, console: verdict.console, failed: verdict.failed, settled: verdict.settled,
  };
}

/** Whether the two agree, and a sentence when they do not (or cannot be compared). */
function compare(browser, doctor, model) {
  const blind = t("check_view.blind");
  if (doctor.refused) {
    return { agree: null, sentence: t("check_view.refused", { error: doctor.refused.error }) };
  }
  if (doctor.unreachable) {
    const sentence = browser.outcome === "allowed"
      ? t("check_view.only_browser_reached", { error: doctor.unreachable })
      : `${t("check_view.neither_reached", { error: doctor.unreachable })} ${blind}`;
    return { agree: null, sentence };
  }
  if (model.settled === false) {
    return { agree: null, sentence: t("check_view.redirected", { location: doctor.redirect.location }) };
  }
  if (browser.outcome === model.outcome) {
    const also = browser.outcome === "blocked" ? ` ${blind}` : "";
    return { agree: true, sentence: `${t("check_view.agree")}${also}` };
  }
  const sentence = browser.outcome === "blocked"
    ? `${t("check_view.blocked_but_model_allows")} ${blind}`
    : t("check_view.allowed_but_model_blocks");
  return { agree: false, sentence };
}

function show(view, input, result) {
  const { browser, doctor, model } = result;
  const section = view.querySelector("[data-check-result]");
  const browserPart = h("section", { "data-check-browser": browser.outcome },
    h("h3", {}, t("check_view.your_browser", { engine: ownEngineName() })),
    h("p", {}, h("span", { class: `outcome ${browser.outcome}` }, outcomeWord(browser.outcome)), ": ",
      browser.outcome === "allowed" ? t("check_view.status_readable", { status: browser.status }) : browser.error));
  const parts = [h("div", { class: "step-plan" }, browserPart, modelPart(doctor, model)),
    h("p", { "data-check-agree": String(result.agree) }, result.sentence)];
  if (doctor.exchanges) {
    parts.push(h("h4", {}, t("check_view.wire")),
      doctor.exchanges.map((e) => h("pre", { class: "wire" }, e.raw)),
      doctor.request_sent ? null : h("p", { class: "note" }, t("check_view.not_sent")),
      doctor.warnings.map((w) => h("p", { class: "warning" }, t("check_view.warning", { warning: w }))));
  }
  // h() flattens the lists and skips the nulls.
  section.replaceChildren(h("div", {}, parts));
}

function modelPart(doctor, model) {
  if (!model) {
    const why = doctor.unreachable || doctor.refused?.error || t("check_view.no_answer");
    return h("section", { "data-check-model": "none" }, h("h3", {}, t("check_view.model")), h("p", { class: "error" }, why));
  }
  // This engine's verdict first, then each other engine's on the same answers.
  const [mine, ...others] = doctor.results;
  return h("section", { "data-check-model": model.outcome },
    h("h3", {}, t("check_view.model_for", { engine: engineName(mine.engine) })),
    h("p", {}, h("span", { class: `outcome ${mine.verdict}` }, outcomeWord(mine.verdict)), ": ", mine.explanation),
    mine.failed ? h("p", {}, t("playground.failed_check", { check: mine.failed.summary })) : null,
    mine.console.map((line) => h("pre", { class: "console" }, line)),
    mine.fix ? h("p", {}, t("har.fix"), " ", mine.fix.text, " ", h("code", {}, mine.fix.actix)) : null,
    others.filter((other) => other.verdict !== mine.verdict).map((other) =>
      h("p", { "data-check-other": other.verdict },
        t("check_view.differs", { engine: engineName(other.engine), outcome: outcomeWord(other.verdict) }), " ",
        other.console[0] ?? "")),
    doctor.redirect ? h("p", { class: "note" }, t("check_view.redirect_note", { location: doctor.redirect.location })) : null);
}
