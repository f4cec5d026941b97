// A run's results, under each step: expected vs observed, what JavaScript
// got, the wire view from server-b's recorder, the console message, the
// cookies sent. Everything here comes from the run, inserted as text.

import { h } from "./dom.js";
import { badge, fetchCode, outcomeWord } from "./render.js";
import { isPreflight, wireLines } from "./wire.js";
import { checkStep } from "./check.js";
import { detectEngine, enginesInOrder, valueFor } from "./engine.js";
import { LANGUAGES } from "./lang.js";
import { pageLanguage, t } from "./words.js";

/** Marks a lesson as running: the outcome is empty until the run ends. */
export function showRunning(article) {
  const outcome = article.querySelector("[data-outcome]");
  outcome.setAttribute("data-outcome", "");
  outcome.textContent = t("result.running");
  outcome.className = "outcome";
  setRunning(article, true);
}

function setRunning(article, running) {
  const button = article.querySelector("[data-run]");
  button.setAttribute("aria-disabled", String(running));
  button.textContent = running ? t("result.running_button") : t("lesson.run");
  article.setAttribute("aria-busy", String(running));
}

/** Shows a run's results under each step, and the top-level outcome. */
export function showResult(article, lesson, result, ctx) {
  const outcome = article.querySelector("[data-outcome]");
  setRunning(article, false);
  outcome.setAttribute("data-outcome", result.outcome);
  outcome.className = `outcome ${result.outcome}`;
  outcome.textContent = t("result.outcome_line", { outcome: outcomeWord(result.outcome), why: outcomeWording(result) });
  lesson.steps.forEach((step, i) => {
    const li = article.querySelectorAll(".step")[i];
    const stepResult = result.steps[i];
    if (stepResult.outcome !== "skipped") {
      li.querySelector("[data-fetch-code] code").textContent = fetchCode(step, stepResult, ctx.config);
    }
    const box = li.querySelector("[data-result]");
    box.replaceChildren(...stepResultView(step, stepResult, ctx).filter(Boolean));
    box.hidden = false;
  });
}

/** The run's outcome, as a sentence about its last step. */
function outcomeWording(result) {
  const last = result.steps[result.steps.length - 1];
  if (result.outcome === "allowed") return t("result.run_allowed", { status: result.status });
  if (result.outcome === "error") {
    const api = last.api === "xhr" ? "XMLHttpRequest.open" : "fetch";
    return t("result.run_error", { api, error: last.error });
  }
  if (result.outcome === "skipped") return last.reason;
  if (result.outcome === "opaque") return t("result.run_opaque");
  return t(last.api === "xhr" ? "result.run_blocked_xhr" : "result.run_blocked_fetch");
}

/** A run that failed for reasons of the lab itself, not of CORS. */
export function showFailure(article, error) {
  const outcome = article.querySelector("[data-outcome]");
  setRunning(article, false);
  outcome.setAttribute("data-outcome", "");
  outcome.className = "outcome";
  outcome.textContent = t("result.lab_failed", { error: error.message || error });
}

function stepResultView(step, result, ctx) {
  if (result.outcome === "skipped") {
    return [
      h("h4", {}, t("result.result", { outcome: badge(result.outcome) })),
      h("p", { class: "warning", "data-skipped": "" }, result.reason),
      step.scheme === "https" && step.request_origin
        ? h("p", {}, h("a", { href: "/lab-ca.pem", download: "lab-ca.pem" }, t("result.download_ca")))
        : null,
    ];
  }
  return [
    h("h4", {}, t("result.result", { outcome: badge(result.outcome) })),
    checkTable(step, result, ctx),
    h(
      "section",
      {},
      h("h5", {}, t("result.javascript_got")),
      result.attempts.map((a, i) => attemptView(a, i, result.attempts.length)),
      cookieView(result),
    ),
    wireView(step, result, ctx),
    consoleView(step, result, ctx),
    cookiesSentView(step, result),
  ];
}

function checkTable(step, result, ctx) {
  const rows = checkStep(step, result, ctx.config.sessionCookie);
  const allOk = rows.every((r) => r.ok !== false);
  return h(
    "table",
    { class: "check" },
    h("caption", {}, t(allOk ? "result.checks_hold" : "result.checks_differ")),
    h("thead", {}, h("tr", {}, [t("result.check"), t("result.expected"), t("result.observed"), matchHeading()]
      .map(columnHeading))),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          { class: r.ok === false ? "mismatch" : null },
          h("th", { scope: "row" }, r.label),
          h("td", {}, String(r.expected)),
          h("td", {}, String(r.observed)),
          h("td", { class: "mark" }, r.ok === true ? "✓" : r.ok === false ? `✗ ${t("result.differs")}` : "?"),
        ),
      ),
    ),
  );
}

function columnHeading(title) {
  return h("th", { scope: "col" }, title);
}

/** The mark column's heading: read out by screen readers, not shown. */
function matchHeading() {
  return h("span", { class: "visually-hidden" }, t("result.match"));
}

function attemptView(a, i, count) {
  const label = count > 1 ? `${t("result.request_number", { n: i + 1 })} ` : "";
  const headers = Object.entries(a.headers || {});
  if (a.outcome === "error") {
    return h(
      "div",
      { class: "attempt blocked" },
      h("p", {}, label, t("result.thrown", { error: h("code", {}, a.error) })),
      note(t("result.thrown_note")),
    );
  }
  if (a.outcome === "opaque") {
    return h(
      "div",
      { class: "attempt opaque" },
      h("p", {}, label, t("result.opaque", { response: h("code", {}, `type "opaque", status ${a.status}`) })),
      note(t("result.opaque_note")),
    );
  }
  if (a.outcome === "blocked") {
    return h(
      "div",
      { class: "attempt blocked" },
      h("p", {}, label, t(a.error.startsWith("error event") ? "result.xhr_failed" : "result.fetch_rejected", {
        error: h("code", {}, a.error),
      })),
      note(t("result.blocked_note")),
      headersView(headers),
    );
  }
  return h(
    "div",
    { class: "attempt allowed" },
    h("p", {}, label, t("result.status_body", { status: h("code", {}, String(a.status)) })),
    h("pre", { class: "code" }, h("code", {}, bodyText(a.body))),
    headersView(headers),
  );
}

function bodyText(body) {
  if (body === null) return t("result.empty");
  return typeof body === "string" ? body : JSON.stringify(body, null, 2);
}

function headersView(headers) {
  if (!headers.length) return null;
  return h(
    "ul",
    { class: "read-headers" },
    headers.map(([name, value]) => {
      const shown = value === null ? "null" : JSON.stringify(value);
      return h("li", {}, h("code", {}, `response.headers.get("${name}")`), " → ", h("code", {}, shown));
    }),
  );
}

function cookieView(result) {
  if (!result.document_cookie_names) return null;
  const names = result.document_cookie_names;
  const jar = h("code", {}, "document.cookie");
  if (!names.length) return h("p", {}, t("result.document_cookie_empty", { jar }));
  return h("p", {}, t("result.document_cookie_shows", { jar, names: codeList(names) }));
}

/** Why the wire view is empty: the recorder was full, or not readable here. */
function recorderProblem(error) {
  if (error.includes("not recorded")) return t("result.not_recorded", { error });
  return t("result.recorder_unreadable", { error });
}

function wireView(step, result, ctx) {
  const heading = h("h5", {}, t("result.wire"));
  if (step.target === "page") return h("section", {}, heading, note(t("result.wire_page")));
  if (result.exchanges_error) {
    return h("section", {}, heading, h("p", { class: "warning" }, recorderProblem(result.exchanges_error)));
  }
  if (!result.exchanges.length) {
    return h("section", {}, heading, h("p", {}, t("result.wire_nothing")));
  }
  const first = result.exchanges[0].time_ms;
  return h(
    "section",
    {},
    heading,
    note(t("result.wire_note")),
    result.exchanges.map((exchange) => exchangeView(exchange, first, step.request_origin)),
  );
}

/** One exchange as raw HTTP, the CORS lines marked; `first` is the step's first time. */
function exchangeView(exchange, first, origin) {
  const preflight = isPreflight(exchange);
  const when = h("span", { class: "note" }, `#${exchange.seq}, +${exchange.time_ms - first} ms`);
  const lines = wireLines(exchange, origin).map(markCors);
  return h(
    "figure",
    { class: `exchange ${preflight ? "preflight" : "actual"}` },
    h("figcaption", {}, preflight ? t("result.preflight_caption") : t("result.request_caption"), " ", when),
    h("pre", { class: "code wire" }, h("code", {}, lines)),
  );
}

/**
 * The lines each engine logs for a blocked step: this browser's first, the
 * other engines' after it. An engine may log more than one line (WebKit logs
 * the reason, then the API's line with the URL): they are shown as the engine
 * prints them, one per line. server-a filled in the sending origin; the URL
 * is this run's. An engine the step gives no lines for is left out rather
 * than said to log nothing.
 */
function consoleView(step, result, ctx) {
  const heading = h("h5", {}, t("result.console"));
  if (result.outcome === "allowed") return h("section", {}, heading, h("p", {}, t("result.console_allowed")));
  if (result.outcome === "error") return h("section", {}, heading, h("p", {}, t("result.console_error")));
  if (result.outcome === "opaque") return h("section", {}, heading, h("p", {}, t("result.console_opaque")));
  const lines = (step.console_by_api || {})[result.api] || step.expect.console || {};

  const engines = enginesInOrder().filter((engine) => Object.hasOwn(lines, engine.id));
  const logged = (engine) =>
    (lines[engine.id] || []).length
      ? lines[engine.id].map((l) => l.replaceAll("{url}", result.url)).join("\n")
      : silentWords(valueFor(step.expect.outcome, engine.id));
  const line = (engine) =>
    h(
      "figure",
      { class: "console-line", "data-console-line": engine.id },
      h("figcaption", {}, t("result.in_engine", { engine: engine.name })),
      h("pre", { class: "code console" }, h("code", {}, logged(engine))),
    );
  const figures = engines.map(line);
  const translated = firefoxInPageLanguage(step, result);
  if (translated) {
    // Firefox translates its console: beside its en-US words, the ones its
    // language pack writes, first where this browser is Firefox.
    const at = detectEngine() === "firefox" ? 0 : engines.findIndex((e) => e.id === "firefox") + 1;
    figures.splice(at, 0, translated);
  }
  return h(
    "section",
    {},
    heading,
    h("p", {}, step.sender_frame
      ? t("result.console_intro_frame", { frame: step.sender_frame.url })
      : t("result.console_intro")),
    figures,
  );
}

/**
 * Firefox's lines for this step in the page's language (Russian or
 * Chinese), as its language pack writes them (server-a's
 * `firefox_translated`), or null in English or where Firefox logs nothing.
 */
function firefoxInPageLanguage(step, result) {
  const code = pageLanguage();
  const lines = ((step.firefox_translated || {})[result.api] || {})[code];
  if (!lines || !lines.length) return null;
  const name = LANGUAGES.find((l) => l.code === code).name;
  return h(
    "figure",
    { class: "console-line", "data-console-line": `firefox-${code}` },
    h("figcaption", {}, t("result.in_firefox_language_pack", { language: name })),
    h("pre", { class: "code console" }, h("code", {}, lines.map((l) => l.replaceAll("{url}", result.url)).join("\n"))),
  );
}

/**
 * What an engine that logs nothing for a step is shown, by the lesson's
 * outcome for that engine: a request it allows, or one it refuses to send
 * at all, has no CORS line.
 */
function silentWords(outcome) {
  if (outcome === "allowed") return t("result.silent_allowed");
  if (outcome === "error") return t("result.silent_error");
  return t("result.silent");
}

function cookiesSentView(step, result) {
  if (step.target === "page" || result.exchanges_error) return null;
  const actual = result.exchanges.filter((e) => !isPreflight(e));
  if (!actual.length) return null;
  const names = [...new Set(actual.flatMap((e) => e.request.cookie_names))];
  return h(
    "section",
    {},
    h("h5", {}, t("result.cookies_sent")),
    h("p", {}, names.length ? t("result.cookies_sent_names", { names: codeList(names) }) : t("result.no_cookies")),
  );
}

/** A wire line, marked when a learner should look at it (Origin, Access-Control-*). */
function markCors(line) {
  return line.cors ? [h("mark", {}, line.text), "\n"] : `${line.text}\n`;
}

function note(text) {
  return h("p", { class: "note" }, text);
}

/** Names as code, separated by commas. */
function codeList(names) {
  return names.map((n) => h("code", {}, n)).flatMap((c, i) => (i ? [", ", c] : [c]));
}
