// Expected vs observed, per step: the lesson's claims next to what this
// browser and server-b actually did. Which claims a step makes, and the value
// each expects, come from /lessons.json (step.checks, written by the lessons
// crate from the lesson file); this file only reads each observation from the
// run and compares it with the expected value.

import { isPreflight } from "./wire.js";
import { valueFor } from "./engine.js";

const UNKNOWN = "unknown (no wire view)";

/**
 * Rows of {label, expected, observed, ok}; ok is null when it cannot be told.
 * `sessionCookie` is server-b's session cookie name, from /config.json.
 */
export function checkStep(step, result, sessionCookie) {
  const evidence = evidenceOf(step, result, sessionCookie);
  return step.checks.map((check) => {
    const observed = OBSERVATIONS[check.observe.kind](evidence, check.observe);
    const row = { label: check.label, expected: check.expected_text };
    if (!observed.known) return { ...row, observed: UNKNOWN, ok: null };
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
  outcome: (e) => seen(e.result.outcome, e.result.outcome),
  preflights: (e) => onWire(e, e.preflights.length),
  requests: (e) => onWire(e, e.actual.length),
  status: (e) => {
    // The status the server answered with; when blocked, only the wire shows it.
    const status = e.toPage ? e.result.status : e.lastActual ? e.lastActual.response.status : null;
    return withEcho(e, status, status ?? "no request");
  },
  preflight_status: (e) => {
    const last = e.preflights[e.preflights.length - 1];
    return onWire(e, last ? last.response.status : null, last ? last.response.status : "no preflight");
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
    return withEcho(e, site || null, site || "none");
  },
  writes: (e) => {
    // The lab endpoint's JSON body counts the writes that reached it in this run.
    const body = e.result.body;
    const writes = body && typeof body === "object" ? body.writes : undefined;
    return seen(writes ?? null, writes ?? "unreadable");
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
  return value ? "yes" : "no";
}

function show(value) {
  return value === null || value === undefined ? "null" : JSON.stringify(value);
}
