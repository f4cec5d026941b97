// The views before a run: the lesson list, and a lesson with its steps (the
// policy, the code that runs, what to expect). results.js shows a run.
// Everything a server sends is inserted as text; only the lessons' own
// markdown goes through renderMarkdown, which escapes HTML first.

import { h } from "./dom.js";
import { engineNames, enginesInOrder, groupByValue } from "./engine.js";
import { renderMarkdown } from "./markdown.js";
import { describePolicy } from "./policy.js";
import { routeHref } from "./route.js";
import { requestFor } from "./run.js";
import { apiSwitch } from "./api-switch.js";
import { storyClaims } from "./claims.js";
import { count, t } from "./words.js";

/** The numbered lesson list, with a tick for each lesson run at least once. */
export function renderNav(list, lessons, done, currentId) {
  list.replaceChildren(
    ...lessons.map((lesson) => {
      const isDone = done.has(lesson.id);
      return h(
        "li",
        { class: isDone ? "done" : null },
        h(
          "a",
          { href: routeHref(lesson.id), "aria-current": lesson.id === currentId ? "page" : null },
          h("span", { class: "title" }, lesson.title),
          tick(isDone),
        ),
      );
    }),
  );
}

/** The mark of a lesson run at least once. */
function tick(isDone) {
  if (!isDone) return h("span", { class: "tick" }, "");
  return h("span", { class: "tick", "aria-label": t("lesson.done"), title: t("lesson.done_title") }, "✓");
}

/**
 * A lesson's view. `ctx` = {config, index, lessons, onRun, api, onApiChange}:
 * `api` ("fetch" or "xhr") is the switch's position.
 * Its root carries data-lesson; the Run button data-run; the outcome data-outcome.
 */
export function renderLesson(lesson, ctx) {
  const { index, lessons } = ctx;
  const outcome = h("output", { "data-outcome": "", class: "outcome", "aria-live": "polite" }, t("lesson.not_run"));
  // While running, the button says so but stays focusable (a disabled button
  // would drop the keyboard focus); clicks are ignored until the run ends.
  const runButton = h(
    "button",
    {
      type: "button",
      "data-run": true,
      class: "run",
      onclick: () => runButton.getAttribute("aria-disabled") !== "true" && ctx.onRun(lesson.id),
    },
    t("lesson.run"),
  );

  const article = h(
    "article",
    { "data-lesson": lesson.id, class: "lesson" },
    h(
      "header",
      {},
      h("p", { class: "eyebrow" }, t("lesson.number", { n: index + 1, all: lessons.length })),
      h("h2", { tabindex: "-1" }, lesson.title),
      h("p", { class: "summary" }, lesson.summary),
    ),
    markdownSection("explanation", lesson.explanation),
    lesson.browsers ? browserNotes(lesson.browsers) : null,
    storyClaims(lesson),
    h(
      "section",
      { class: "run-bar", "aria-label": t("lesson.run_bar") },
      runButton,
      apiSwitch(lesson.id, ctx.api, ctx.onApiChange),
      h("p", { class: "outcome-line" }, t("lesson.outcome", { outcome })),
      h("p", { class: "note" }, t("lesson.run_note", { run: code("?run=…") })),
    ),
    h("ol", { class: "steps" }, lesson.steps.map((step, i) => renderStep(step, i, ctx))),
    pager(index, lessons),
  );
  return article;
}

/**
 * Where the engines differ: this browser's paragraph first, then the other
 * engines', then the rest. An engine the lesson writes no paragraph for is
 * left out rather than shown under an empty heading.
 */
function browserNotes(notes) {
  const sections = enginesInOrder()
    .filter((engine) => notes[engine.id])
    .map((engine) => [t("lesson.in_engine", { engine: engine.name }), notes[engine.id]]);
  if (notes.others) sections.push([t("lesson.other_browsers"), notes.others]);
  return h(
    "aside",
    { class: "browsers" },
    h("h3", {}, t("lesson.browser_by_browser")),
    sections.map(([title, text]) => [h("h4", {}, title), markdownSection("", text)]),
  );
}

function markdownSection(className, source) {
  const section = h("div", { class: `prose ${className}`.trim() });
  section.innerHTML = renderMarkdown(source);
  return section;
}

function renderStep(step, i, ctx) {
  const policy = describePolicy(step);
  const request = requestFor(step, ctx.config, "…", ctx.api);
  return h(
    "li",
    { class: "step", "data-step": step.name },
    h("h3", {}, h("span", { class: "step-number" }, t("lesson.step", { n: i + 1 })), " ", step.title),
    h(
      "div",
      { class: "step-plan" },
      h(
        "section",
        {},
        h("h4", {}, t("lesson.policy_heading", { policy: policy.heading })),
        policy.code ? h("pre", { class: "code" }, h("code", {}, policy.code)) : null,
        policy.notes.map((note) => h("p", { class: "note" }, note)),
      ),
      h(
        "section",
        {},
        h("h4", {}, codeHeading(step)),
        h("pre", { class: "code", "data-fetch-code": true }, h("code", {}, fetchCode(step, request, ctx.config))),
      ),
      h("section", {}, h("h4", {}, t("lesson.expected")), expectedList(step, ctx.config.sessionCookie)),
    ),
    curlBlock(step, request.api),
    h("div", { class: "result", "data-result": true, hidden: true }),
  );
}

function codeHeading(step) {
  return step.sender_frame ? t("lesson.code_on", { origin: step.sender_origin }) : t("lesson.code");
}

/** Where a framed step's code runs, as comment lines. */
function frameComment(step) {
  const frame = step.sender_frame;
  if (!frame) return [];
  if (step.from === "other-origin") {
    return [
      `// Runs in ${frame.url} (a hidden iframe):`,
      "// the same page under the other loopback name, another origin and another site.",
    ];
  }
  if (frame.sandboxed) {
    return [
      `// Runs in <iframe sandbox="allow-scripts" src="${frame.url}">, on the attacker's site:`,
      "// a sandboxed frame has an opaque origin, so the browser sends Origin: null.",
    ];
  }
  return [`// Runs on the attacker's page, ${frame.url} (another origin; shown below the lessons).`];
}

/**
 * The JavaScript that runs, generated from the same {url, init, api} the
 * engine sends: what you read here is what was sent.
 */
export function fetchCode(step, request, config) {
  const lines = [];
  for (const line of frameComment(step)) lines.push(line);
  lines.push(`const url = ${jsString(request.url)};`);
  const body = request.api === "xhr" ? xhrLines(step, request.init) : fetchLines(step, request.init);
  if (step.times > 1) {
    lines.push(`for (let i = 1; i <= ${step.times}; i++) { // the same request, ${step.times} times in a row`);
    for (const line of body) lines.push(...line.split("\n").map((l) => `  ${l}`));
    lines.push("}");
  } else {
    lines.push(...body);
  }
  if (step.read_document_cookie) lines.push("document.cookie; // the cookies this page's script can see");
  return lines.join("\n");
}

function fetchLines(step, init) {
  const stream = init.body instanceof ReadableStream
    ? [
      "// fetch only: XMLHttpRequest cannot send a ReadableStream (xhr.send(stream) sends \"[object ReadableStream]\").",
      "// WebKit sends nothing: fetch rejects with \"NotSupportedError: ReadableStream uploading is not supported\".",
      "const stream = new ReadableStream({",
      `  start(controller) { controller.enqueue(new TextEncoder().encode(${jsString(init.body.labText)})); controller.close(); },`,
      "});",
    ]
    : [];
  return [
    ...stream,
    init.mode === "no-cors"
      ? "// no-cors: no CORS check; the answer is opaque (status 0, empty body), unless the browser refuses it (TypeError)."
      : "// If the browser blocks the response, this await throws a TypeError.",
    `const response = await fetch(url, ${jsObject(init, "")});`,
    init.mode === "no-cors" ? "const body = await response.text(); // \"\": nothing to read" : "const body = await response.text();",
    ...(step.read_headers || []).map((name) => `response.headers.get(${jsString(name)});`),
  ];
}

/** The same request with XMLHttpRequest, as xhr.js sends it. */
function xhrLines(step, init) {
  const headers = Object.entries(init.headers || {});
  const reads = (step.read_headers || []).map((name) => `  xhr.getResponseHeader(${jsString(name)});`);
  const credentials = `xhr.withCredentials = ${init.credentials === "include"}; // credentials: ${jsString(init.credentials)}`;
  const at = init.withCredentialsAt;
  return [
    "const xhr = new XMLHttpRequest();",
    ...(at === "before-open" ? [`${credentials}, set before open()`] : []),
    init.openCredentials
      ? `xhr.open(${jsString(init.method)}, url, true, ${init.openCredentials.map(jsString).join(", ")}); // async, user, password`
      : `xhr.open(${jsString(init.method)}, url);`,
    ...(at ? [] : [credentials]),
    ...(at === "unset" ? ["// withCredentials is never set: it stays false, XHR's default"] : []),
    ...headers.map(([name, value]) => `xhr.setRequestHeader(${jsString(name)}, ${jsString(value)});`),
    ...(init.uploadListener ? ["xhr.upload.onprogress = (event) => {}; // a listener on the upload"] : []),
    "// If the browser blocks the response, \"error\" fires (not \"load\") and xhr.status is 0.",
    "xhr.onload = () => {",
    "  const body = xhr.responseText;",
    ...reads,
    "};",
    `xhr.send(${init.body === undefined ? "" : jsString(init.body)});`,
  ];
}

function jsObject(object, indent) {
  const inner = Object.entries(object).map(([key, value]) => {
    if (value instanceof ReadableStream) return `${indent}  ${key}: stream,`;
    const literal = typeof value === "object"
      ? `{ ${Object.entries(value).map(([k, v]) => `${jsString(k)}: ${jsString(v)}`).join(", ")} }`
      : jsString(value);
    return `${indent}  ${key}: ${literal},`;
  });
  return `{\n${inner.join("\n")}\n${indent}}`;
}

/** A string literal as a person would write it: single quotes around JSON. */
function jsString(text) {
  text = String(text);
  if (text.includes('"') && !/['\\\n]/.test(text)) return `'${text}'`;
  return JSON.stringify(text);
}

/** What the lesson says will happen, as sentences. */
function expectedList(step, sessionCookie) {
  const e = step.expect;
  const items = [];
  for (const [outcome, engines] of byEngine(e.outcome)) {
    items.push([badge(outcome), engines, " ", outcomeSentence(outcome)]);
  }
  if (step.target !== "page") {
    items.push([preflightSentence(step)]);
    for (const [n, engines] of byEngine(e.requests ?? step.expected_requests)) {
      items.push([lead(engines), count("lesson.requests_reach", n)]);
    }
  }
  if (isSet(e.status)) {
    const some = e.requests !== null && typeof e.requests === "object";
    for (const [status, engines] of byEngine(e.status)) {
      const key = some ? "lesson.status_where_reached" : "lesson.status";
      items.push([lead(engines), t(key, { status: code(String(status)) })]);
    }
  }
  if (isSet(e.writes)) items.push([t("lesson.writes", { writes: code(`"writes": ${e.writes}`) })]);
  if (isSet(e.session_cookie_sent)) {
    for (const [sent, engines] of byEngine(e.session_cookie_sent)) {
      items.push([lead(engines), cookieSentence(sent, sessionCookie)]);
    }
  }
  if (isSet(e.authorization_sent)) {
    for (const [sent, engines] of byEngine(e.authorization_sent)) {
      const key = sent ? "lesson.authorization_sent" : "lesson.authorization_not_sent";
      items.push([lead(engines), t(key, { header: code("Authorization") })]);
    }
  }
  if (isSet(e.preflight_status)) {
    items.push([t("lesson.preflight_status", { status: code(String(e.preflight_status)) })]);
  }
  if (isSet(e.origin_sent)) {
    items.push([t(e.origin_sent ? "lesson.origin_sent" : "lesson.origin_not_sent", { header: code("Origin") })]);
  }
  for (const [site, engines] of isSet(e.sec_fetch_site) ? byEngine(e.sec_fetch_site) : []) {
    items.push([lead(engines), code(`Sec-Fetch-Site: ${site}`), "."]);
  }
  for (const name of e.visible_headers || []) {
    items.push([t("lesson.header_visible", { call: code(`headers.get("${name}")`) })]);
  }
  for (const name of e.hidden_headers || []) {
    items.push([t("lesson.header_hidden", { call: code(`headers.get("${name}")`) })]);
  }
  for (const [names, engines] of byEngine(e.cookies_sent || [])) {
    for (const name of names) items.push([lead(engines), cookieSentence(true, name)]);
  }
  for (const [names, engines] of byEngine(e.cookies_withheld || [])) {
    for (const name of names) items.push([lead(engines), cookieSentence(false, name)]);
  }
  const jar = code("document.cookie");
  for (const [names, engines] of byEngine(e.document_cookie_has || [])) {
    for (const name of names) items.push([lead(engines), t("lesson.document_cookie_has", { jar, cookie: code(name) })]);
  }
  for (const [names, engines] of byEngine(e.document_cookie_lacks || [])) {
    for (const name of names) items.push([lead(engines), t("lesson.document_cookie_lacks", { jar, cookie: code(name) })]);
  }
  return h("ul", { class: "expected" }, items.map((parts) => h("li", {}, parts)));
}

function outcomeSentence(outcome) {
  switch (outcome) {
    case "allowed":
      return t("lesson.outcome_allowed");
    case "blocked":
      return t("lesson.outcome_blocked");
    case "error":
      return t("lesson.outcome_error");
    default:
      return t("lesson.outcome_opaque");
  }
}

function cookieSentence(sent, name) {
  return t(sent ? "lesson.cookie_sent" : "lesson.cookie_not_sent", { cookie: code(name) });
}

/**
 * A value the lesson gives once, or per engine ({chromium, firefox, webkit}):
 * pairs of [value, " In Chromium and WebKit:"-like label], the engines that
 * share a value in one pair; one pair, unlabelled, when all engines agree.
 */
function byEngine(value) {
  const groups = groupByValue(value);
  if (groups.length === 1) return [[groups[0][0], ""]];
  return groups.map(([shared, engines]) => [shared, ` ${t("lesson.in_engines", { engines: engineNames(engines) })}`]);
}

/** "In Chromium: " before a sentence that holds in some engines only, or nothing. */
function lead(engines) {
  return engines.trim() ? `${engines.trim()} ` : "";
}

/** The catalogue leaves out what a lesson does not claim: absent or null. */
function isSet(value) {
  return value !== undefined && value !== null;
}

function code(text) {
  return h("code", {}, text);
}

function preflightSentence(step) {
  const groups = groupByValue(step.expect.preflights);
  if (groups.length > 1) {
    const counts = groups.map(([n, engines]) => t("lesson.n_in_engines", { n, engines: engineNames(engines) }));
    return t("lesson.preflights_differ", { counts: counts.join("; ") });
  }
  const n = groups[0][0];
  if (!step.preflighted) return t("lesson.no_preflight");
  if (n < step.times) return count("lesson.preflights_cached", n, { times: step.times });
  return count("lesson.preflights_first", n);
}

function curlBlock(step, api) {
  const text = (step.curl || []).join("\n\n");
  if (!text) return null;
  const status = h("span", { class: "copied", "aria-live": "polite" });
  return h(
    "details",
    { class: "curl" },
    h("summary", {}, t("lesson.curl")),
    h("p", { class: "note" }, curlNote(step, api)),
    h("pre", { class: "code" }, h("code", {}, text)),
    h("button", { type: "button", class: "copy", onclick: () => copy(text, status) }, t("lesson.copy")),
    status,
  );
}

/** What the curl lines are, as sentences. */
function curlNote(step, api) {
  const sentences = [
    t(step.curl.length > 1 ? "lesson.curl_pair" : "lesson.curl_one"),
    t("lesson.curl_ignores_cors"),
  ];
  if (api === "xhr") sentences.push(t("lesson.curl_xhr"));
  if (step.body_kind === "stream") sentences.push(t("lesson.curl_stream"));
  if ((step.curl_setup || []).length) {
    sentences.push(t("lesson.curl_https", { setup: step.curl_setup.join("; ") }));
  }
  return sentences.join(" ");
}

async function copy(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = t("lesson.copied");
  } catch {
    status.textContent = t("lesson.copy_refused");
  }
}

function pager(index, lessons) {
  const prev = lessons[index - 1];
  const next = lessons[index + 1];
  return h(
    "nav",
    { class: "pager", "aria-label": t("lesson.pager") },
    prev ? h("a", { href: routeHref(prev.id), rel: "prev" }, `← ${prev.title}`) : h("span"),
    next ? h("a", { href: routeHref(next.id), rel: "next" }, `${next.title} →`) : h("span"),
  );
}

/** An outcome's badge, in the page's language; its class is the catalogue's word ("blocked"). */
export function badge(outcome) {
  return h("span", { class: `badge ${outcome}` }, outcomeWord(outcome));
}

/** The word for an outcome ("allowed", "blocked", …) in the page's language. */
export function outcomeWord(outcome) {
  switch (outcome) {
    case "allowed":
      return t("outcome.allowed");
    case "blocked":
      return t("outcome.blocked");
    case "opaque":
      return t("outcome.opaque");
    case "error":
      return t("outcome.error");
    case "skipped":
      return t("outcome.skipped");
    default:
      return outcome;
  }
}
