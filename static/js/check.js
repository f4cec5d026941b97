// Expected vs observed, per step: the lesson's claims next to what this
// browser and server-b actually did.

import { isPreflight } from "./wire.js";

/**
 * Rows of {label, expected, observed, ok}; ok is null when it cannot be told.
 * `sessionCookie` is server-b's session cookie name, from /config.json.
 */
export function checkStep(step, result, sessionCookie) {
  const expect = step.expect;
  const wire = !result.exchanges_error;
  const preflights = result.exchanges.filter(isPreflight);
  const actual = result.exchanges.filter((e) => !isPreflight(e));
  const lastActual = actual[actual.length - 1];
  const rows = [];
  const row = (label, expected, observed, ok) => rows.push({ label, expected, observed, ok });
  const unknown = "unknown (no wire view)";

  row("outcome", expect.outcome, result.outcome, result.outcome === expect.outcome);
  row(
    "preflights reaching server-b",
    expect.preflights,
    wire ? preflights.length : unknown,
    wire ? preflights.length === expect.preflights : null,
  );
  row(
    "requests reaching server-b",
    step.expected_requests,
    wire ? actual.length : unknown,
    wire ? actual.length === step.expected_requests : null,
  );

  if (expect.status !== undefined && expect.status !== null) {
    // The status the server answered with; when blocked, only the wire shows it.
    const status = step.target === "page" ? result.status : lastActual ? lastActual.response.status : null;
    const known = step.target === "page" || wire;
    row("status server-b answered", expect.status, known ? status ?? "no request" : unknown, known ? status === expect.status : null);
  }
  if (expect.session_cookie_sent !== undefined && expect.session_cookie_sent !== null) {
    const sent = lastActual ? lastActual.request.cookie_names.includes(sessionCookie) : false;
    row(`${sessionCookie} cookie sent`, yesNo(expect.session_cookie_sent), wire ? yesNo(sent) : unknown, wire ? sent === expect.session_cookie_sent : null);
  }
  if (expect.preflight_status !== undefined && expect.preflight_status !== null) {
    const last = preflights[preflights.length - 1];
    const status = last ? last.response.status : "no preflight";
    row("preflight status", expect.preflight_status, wire ? status : unknown, wire ? status === expect.preflight_status : null);
  }
  if (expect.origin_sent !== undefined && expect.origin_sent !== null) {
    const origin = step.target === "page" ? result.body && result.body.origin : lastActual && lastActual.request.origin;
    const known = step.target === "page" || wire;
    row("Origin header sent", yesNo(expect.origin_sent), known ? yesNo(Boolean(origin)) : unknown, known ? Boolean(origin) === expect.origin_sent : null);
  }
  if (expect.sec_fetch_site) {
    const site = step.target === "page"
      ? result.body && result.body.sec_fetch_site
      : lastActual && lastActual.request.sec_fetch_site;
    const known = step.target === "page" || wire;
    row("Sec-Fetch-Site", expect.sec_fetch_site, known ? site || "none" : unknown, known ? site === expect.sec_fetch_site : null);
  }
  if (expect.writes !== undefined && expect.writes !== null) {
    // The lab endpoint's JSON body counts the writes that reached it in this run.
    const writes = result.body && typeof result.body === "object" ? result.body.writes : undefined;
    row("writes server-b counted", expect.writes, writes ?? "unreadable", writes === expect.writes);
  }
  for (const name of expect.visible_headers || []) {
    const value = readHeader(result.headers, name);
    row(`headers.get("${name}")`, "a value", show(value), value !== null && value !== undefined);
  }
  for (const name of expect.hidden_headers || []) {
    const value = readHeader(result.headers, name);
    row(`headers.get("${name}")`, "null", show(value), value === null);
  }
  const cookies = result.document_cookie_names || [];
  for (const name of expect.document_cookie_has || []) {
    row(`document.cookie has ${name}`, "yes", yesNo(cookies.includes(name)), cookies.includes(name));
  }
  for (const name of expect.document_cookie_lacks || []) {
    row(`document.cookie has ${name}`, "no", yesNo(cookies.includes(name)), !cookies.includes(name));
  }
  return rows;
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
