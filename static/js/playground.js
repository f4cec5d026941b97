// The playground (#/playground): compose any request and server-b's answers
// to its preflight and to the request itself; see the model's prediction
// (POST /explain on server-a, never re-derived here), run it, and see what
// the browser did beside it. The state lives in the URL (playground-state.js).
//
//   window.lab.playground.link(state)   a URL on this origin that restores state
//   window.lab.playground.state()       the state the page shows
//   window.lab.playground.run(state)    runs it; resolves to
//                                       {outcome, status, predicted: {outcome, reason, console},
//                                        steps, exchanges}

import { attempt } from "./attempt.js";
import { h } from "./dom.js";
import { detectEngine, FALLBACK_ENGINE } from "./engine.js";
import { frameSender } from "./frame-sender.js";
import { exchangesOfRun, newNonce } from "./run.js";
import {
  explainInput, fetchInit, framedFetchInit, hashFromState, isPlaygroundRoute, normalise, playgroundUrl,
  senderOf, senderOrigin, stateFromUrl, urlFromState,
} from "./playground-state.js";
import { wireLines } from "./wire.js";
import { outcomeWord } from "./render.js";
import { pageLanguage, t } from "./words.js";

let config = null;
let current = null;

/** Installs window.lab.playground and follows back/forward. */
export function installPlayground(lab) {
  lab.playground = {
    link: (state) => urlFromState(normalise(state)),
    state: () => structuredClone(current ?? stateFromUrl()),
    run: (state) => lab.ready.then((cfg) => runState(cfg ?? lab.config, normalise(state ?? current))),
  };
  window.addEventListener("popstate", () => {
    if (isPlaygroundRoute(location.hash) && config) showPlayground(config);
  });
}

/** Renders the playground for the state in the URL. */
export function showPlayground(cfg) {
  config = cfg;
  current = stateFromUrl();
  document.title = `${t("site.playground")} · CORS Lab`;
  const main = document.querySelector("main");
  const view = h("article", { class: "lesson", "data-playground": "" },
    h("h2", { tabindex: "-1" }, t("site.playground")),
    h("p", {}, t("playground.intro"), " ", senderOf(cfg, current).frame
      ? t("playground.sent_from_frame", { origin: h("code", {}, senderOrigin(cfg, current)), frame: senderOf(cfg, current).frame.url })
      : t("playground.sent_from_page", { origin: h("code", {}, senderOrigin(cfg, current)) })),
    form(current),
    h("section", { "data-prediction": "" }),
    h("p", {}, h("button", { type: "button", "data-run": "", onclick: () => runState(cfg, current) }, t("playground.run"))),
    h("section", { "data-observed": "" }));
  main.replaceChildren(view);
  predict(cfg, current).then((verdict) => showPrediction(view, verdict), (e) => showError(view, e));
}

function field(label, value, onChange, attrs = {}) {
  return h("label", { class: "field" }, `${label} `,
    h("input", { value: value ?? "", onchange: (e) => onChange(e.target.value), ...attrs }));
}

function choice(label, value, options, onChange) {
  const select = h("select", { onchange: (e) => onChange(e.target.value) },
    options.map((o) => h("option", { value: o, selected: o === value }, o)));
  return h("label", { class: "field" }, `${label} `, select);
}

/** The form; each change becomes a new history entry and a new prediction. */
function form(state) {
  const set = (apply) => (value) => {
    const next = structuredClone(state);
    apply(next, value);
    history.pushState(null, "", hashFromState(next));
    showPlayground(config);
  };
  const headerText = Object.entries(state.headers).map(([n, v]) => `${n}: ${v}`).join("\n");
  const fields = config.playgroundFields;
  const legend = (key) => (key === "preflight" ? t("playground.answer_preflight") : t("playground.answer_response"));
  const answer = (key) => h("fieldset", {}, h("legend", {}, legend(key)),
    fields[key].map((f) => field(f, state[key][f], set((s, v) => { s[key][f] = v; }), { "data-field": `${key}.${f}` })));
  return h("form", { class: "playground", onsubmit: (e) => e.preventDefault() },
    h("fieldset", {}, h("legend", {}, t("playground.request")),
      field("method", state.method, set((s, v) => { s.method = v; }), { "data-field": "method" }),
      h("label", { class: "field" }, `${t("playground.headers")} `,
        h("textarea", { rows: 3, "data-field": "headers", onchange: (e) => set((s, v) => {
          s.headers = {};
          for (const line of v.split("\n")) {
            const at = line.indexOf(":");
            if (at > 0) s.headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
          }
        })(e.target.value) }, headerText)),
      choice("body", state.body, ["none", "text", "url-search-params", "form-data", "blob"],
        set((s, v) => { s.body = v; })),
      choice("credentials", state.credentials, ["omit", "same-origin", "include"],
        set((s, v) => { s.credentials = v; })),
      choice("from", state.from, config.senderNames, set((s, v) => { s.from = v; }))),
    answer("preflight"),
    answer("response"),
    h("fieldset", {}, h("legend", {}, t("playground.both")),
      fields.both.map((f) => field(f, state[f], set((s, v) => { s[f] = v; }), { "data-field": f }))),
    h("p", { class: "note" }, t("playground.fields_note")));
}

/** The model's verdict for this browser's engine (FALLBACK_ENGINE's when unknown): the first of POST /explain's. */
async function predict(cfg, state, url = playgroundUrl(cfg, state, "RUN")) {
  const input = { ...explainInput(cfg, state, url), engine: detectEngine() ?? FALLBACK_ENGINE };
  const response = await fetch(`explain?lang=${pageLanguage()}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(input),
  });
  /** @type {import("./contract.js").Explained & import("./contract.js").Refusal} */
  const body = await response.json();
  if (!response.ok) throw new Error(`${body.field || "input"}: ${body.error}`);
  // The exchange as curl commands, quoted for a shell by server-a.
  return { ...body.results[0], curl: body.curl };
}

function showPrediction(view, verdict) {
  const section = view.querySelector("[data-prediction]");
  section.replaceChildren(h("div", {}, h("h3", {}, t("playground.predicted")),
    h("p", {}, h("strong", { "data-predicted": verdict.verdict }, outcomeWord(verdict.verdict)), ": ", verdict.explanation),
    verdict.failed ? h("p", {}, t("playground.failed_check", { check: verdict.failed.summary })) : null,
    verdict.preflight
      ? h("p", {}, t("playground.preflight_sent", { method: h("code", {}, verdict.preflight.request_method) }))
      : h("p", {}, t("playground.no_preflight")),
    verdict.console.map((line) => h("pre", { class: "console" }, line)),
    verdict.departures.map((d) => h("p", { class: "note" }, d))));
}

function showError(view, error) {
  view.querySelector("[data-prediction]").replaceChildren(h("p", { class: "error" }, String(error.message || error)));
}

let queue = Promise.resolve();

/** Runs a state (queued behind earlier runs) and shows it when it is on screen. */
function runState(cfg, state) {
  const result = queue.then(() => runNow(cfg, state));
  queue = result.catch(() => {});
  return result;
}

async function runNow(cfg, state) {
  const run = newNonce();
  const url = playgroundUrl(cfg, state, run);
  const verdict = await predict(cfg, state, url);
  const observed = await send(cfg, state, url);
  const record = await exchangesOfRun(cfg, run);
  const exchanges = record.exchanges || [];
  const predicted = { outcome: verdict.verdict, reason: verdict.explanation, console: verdict.console };
  const step = { ...observed, url, exchanges };
  const result = { outcome: observed.outcome, status: observed.status, predicted, steps: [step], exchanges };
  const view = document.querySelector("main [data-playground]");
  if (view && JSON.stringify(current) === JSON.stringify(state)) showObserved(view, cfg, result, verdict.curl);
  return result;
}

/** Sends the request from the state's sender: this page, or its frame. */
async function send(cfg, state, url) {
  const frame = senderOf(cfg, state).frame;
  const got = frame
    ? await frameSender(frame).send("fetch", url, framedFetchInit(state), [])
    : await attempt(url, fetchInit(state));
  return { outcome: got.outcome, status: got.status ?? 0, ...(got.error ? { error: got.error } : {}) };
}

function showObserved(view, cfg, result, curl) {
  const agree = result.outcome === result.predicted.outcome;
  view.querySelector("[data-observed]").replaceChildren(h("div", {}, h("h3", {}, t("playground.observed")),
    h("table", {}, h("tr", {}, h("th", {}, ""), h("th", {}, t("result.expected")), h("th", {}, t("result.observed"))),
      h("tr", {}, h("td", {}, t("check.outcome")), h("td", {}, outcomeWord(result.predicted.outcome)),
        h("td", { "data-outcome": result.outcome }, outcomeWord(result.outcome))),
      h("tr", {}, h("td", {}, t("playground.status_seen")), h("td", {}, ""), h("td", {}, String(result.status)))),
    h("p", {}, agree ? t("playground.agree") : t("playground.disagree")),
    h("h4", {}, t("result.wire")),
    result.exchanges.map((e) => h("pre", { class: "wire" }, wireLines(e, cfg.apiOrigin).map((l) => l.text).join("\n"))),
    h("h4", {}, t("lesson.curl")), h("pre", { "data-curl": "" }, curl.join("\n"))));
}
