// Expected vs observed, per step: the lesson's claims next to what this
// browser and server-b actually did. Which claims a step makes, and the value
// each expects, come from /lessons.json (step.checks, written by the lessons
// crate from the lesson file); this file only reads each observation from the
// run, compares it with the expected value, and words the row in the page's
// language.

import { isPreflight } from "./wire.js";
import { engineNames, groupByValue, isPerEngine, valueFor } from "./engine.js";
import { t } from "./words.js";
import { outcomeWord } from "./render.js";

/**
 * Rows of {label, expected, observed, ok}; ok is null when it cannot be told.
 * `sessionCookie` is server-b's session cookie name, from /config.json.
 */
export function checkStep(step, result, sessionCookie) {
  const evidence = evidenceOf(step, result, sessionCookie);
  return step.checks.map((check) => {
    const observed = OBSERVATIONS[check.observe.kind](evidence, check.observe);
    const row = { label: labelOf(check.observe, sessionCookie), expected: expectedWords(check) };
    if (!observed.known) return { ...row, observed: t("check.unknown"), ok: null };
    // A value the engines disagree on comes per engine ({chromium, firefox,
    // webkit}): the run is held to this browser's (to Chromium's in a browser
    // the lab does not know). The attack track: a value the browser's
    // third-party cookie setting changes agrees with the lesson either way
    // (the lesson explains both).
    const ok =
      observed.value === valueFor(check.expected) ||
      ("with_third_party_cookies" in check && observed.value === valueFor(check.with_third_party_cookies));
    return { ...row, observed: observed.text, ok };
  });
}

/** What the run left to look at: its result and server-b's record of it. */
function evidenceOf(step, result, sessionCookie) {
  const exchanges = result.exchanges;
  const actual = exchanges.filter((e) => !isPreflight(e));
  return {
    result,
    sessionCookie,
    wire: !result.exchanges_error,
    // A request to the page's own origin is seen by server-a, which echoes it.
    toPage: step.target === "page",
    preflights: exchanges.filter(isPreflight),
    actual,
    lastActual: actual[actual.length - 1],
  };
}

/** How each observation is read: {value, text, known}. */
const OBSERVATIONS = {
  outcome: (e) => seen(e.result.outcome, outcomeWord(e.result.outcome)),
  preflights: (e) => onWire(e, e.preflights.length),
  requests: (e) => onWire(e, e.actual.length),
  status: (e) => {
    // The status the server answered with; when blocked, only the wire shows it.
    const status = e.toPage ? e.result.status : e.lastActual ? e.lastActual.response.status : null;
    return withEcho(e, status, status ?? t("check.no_request"));
  },
  preflight_status: (e) => {
    const last = e.preflights[e.preflights.length - 1];
    return onWire(e, last ? last.response.status : null, last ? last.response.status : t("check.no_preflight"));
  },
  session_cookie_sent: (e) => {
    const sent = e.lastActual ? e.lastActual.request.cookie_names.includes(e.sessionCookie) : false;
    return onWire(e, sent, yesNo(sent));
  },
  authorization_sent: (e) => {
    // server-b records that an Authorization header came, never its value.
    const sent = e.lastActual ? Boolean(e.lastActual.request.authorization) : false;
    return onWire(e, sent, yesNo(sent));
  },
  cookie_sent: (e, { name }) => {
    const sent = e.lastActual ? e.lastActual.request.cookie_names.includes(name) : false;
    return onWire(e, sent, yesNo(sent));
  },
  origin_sent: (e) => {
    const origin = e.toPage ? e.result.body && e.result.body.origin : e.lastActual && e.lastActual.request.origin;
    return withEcho(e, Boolean(origin), yesNo(Boolean(origin)));
  },
  sec_fetch_site: (e) => {
    const site = e.toPage
      ? e.result.body && e.result.body.sec_fetch_site
      : e.lastActual && e.lastActual.request.sec_fetch_site;
    return withEcho(e, site || null, site || t("check.none"));
  },
  writes: (e) => {
    // The lab endpoint's JSON body counts the writes that reached it in this run.
    const body = e.result.body;
    const writes = body && typeof body === "object" ? body.writes : undefined;
    return seen(writes ?? null, writes ?? t("check.unreadable"));
  },
  leaks: (e) => {
    // The attack worked when the sending page's JavaScript holds the secret.
    const body = e.result.body;
    const stolen = Boolean(body && typeof body === "object" && (body.api_key || body.deploy_token));
    return seen(stolen, yesNo(stolen));
  },
  header_readable: (e, { name }) => {
    // A header the step never read is neither readable nor hidden.
    const value = readHeader(e.result.headers, name);
    return seen(value === undefined ? null : value !== null, show(value));
  },
  document_cookie_has: (e, { name }) => {
    const has = (e.result.document_cookie_names || []).includes(name);
    return seen(has, yesNo(has));
  },
};

function seen(value, text = value) {
  return { value, text: String(text), known: true };
}

/** Observed on server-b's recorder: unknown when this page cannot read it. */
function onWire(e, value, text = value) {
  return e.wire ? seen(value, text) : { known: false };
}

/** Observed on the wire, or in server-a's echo for a request to the page. */
function withEcho(e, value, text) {
  return e.toPage ? seen(value, text) : onWire(e, value, text);
}

/** What headers.get(name) returned; header names are case-insensitive. */
function readHeader(headers, name) {
  const key = Object.keys(headers || {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

function yesNo(value) {
  return value ? t("check.yes") : t("check.no");
}

/** What a row checks, in words. */
function labelOf(observe, sessionCookie) {
  switch (observe.kind) {
    case "outcome":
      return t("check.outcome");
    case "preflights":
      return t("check.preflights");
    case "requests":
      return t("check.requests");
    case "status":
      return t("check.status");
    case "preflight_status":
      return t("check.preflight_status");
    case "session_cookie_sent":
      return t("check.cookie_sent", { name: sessionCookie });
    case "cookie_sent":
      return t("check.cookie_sent", { name: observe.name });
    case "authorization_sent":
      return t("check.authorization_sent");
    case "origin_sent":
      return t("check.origin_sent");
    case "sec_fetch_site":
      return "Sec-Fetch-Site";
    case "writes":
      return t("check.writes");
    case "leaks":
      return t("check.leaks");
    case "header_readable":
      return `headers.get("${observe.name}")`;
    case "document_cookie_has":
      return t("check.document_cookie_has", { name: observe.name });
    default:
      return observe.kind;
  }
}

/**
 * The expected value in words: "yes", "401", "blocked in Chromium and
 * Firefox, allowed in WebKit", and the value where third-party cookies are
 * allowed when the lesson says that setting changes it.
 */
function expectedWords(check) {
  const words = valueWords(check.expected, check.observe.kind);
  if (!("with_third_party_cookies" in check)) return words;
  const other = valueWords(check.with_third_party_cookies, check.observe.kind);
  return t("check.with_third_party_cookies", { value: words, other });
}

function valueWords(expected, kind) {
  if (!isPerEngine(expected)) return oneValue(expected, kind);
  return groupByValue(expected)
    .map(([value, engines]) => t("check.value_in_engines", { value: oneValue(value, kind), engines: engineNames(engines) }))
    .join("; ");
}

function oneValue(value, kind) {
  if (value === null) return t("check.none");
  if (kind === "header_readable") return value ? t("check.a_value") : "null";
  if (kind === "outcome") return outcomeWord(value);
  if (typeof value === "boolean") return yesNo(value);
  return String(value);
}

function show(value) {
  return value === null || value === undefined ? "null" : JSON.stringify(value);
}
