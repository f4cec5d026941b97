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
  return h("span", { class: "tick", "aria-label": "(done)", title: "Run at least once" }, "✓");
}

/**
 * A lesson's view. `ctx` = {config, index, lessons, onRun, api, onApiChange}:
 * `api` ("fetch" or "xhr") is the switch's position.
 * Its root carries data-lesson; the Run button data-run; the outcome data-outcome.
 */
export function renderLesson(lesson, ctx) {
  const { index, lessons } = ctx;
  const outcome = h("output", { "data-outcome": "", class: "outcome", "aria-live": "polite" }, "not run yet");
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
    "Run this lesson",
  );

  const article = h(
    "article",
    { "data-lesson": lesson.id, class: "lesson" },
    h(
      "header",
      {},
      h("p", { class: "eyebrow" }, `Lesson ${index + 1} of ${lessons.length}`),
      h("h2", { tabindex: "-1" }, lesson.title),
      h("p", { class: "summary" }, lesson.summary),
    ),
    markdownSection("explanation", lesson.explanation),
    lesson.browsers ? browserNotes(lesson.browsers) : null,
    storyClaims(lesson),
    h(
      "section",
      { class: "run-bar", "aria-label": "Run" },
      runButton,
      apiSwitch(lesson.id, ctx.api, ctx.onApiChange),
      h("p", { class: "outcome-line" }, "Outcome: ", outcome),
      h(
        "p",
        { class: "note" },
        "The requests go from this browser to the real servers. The lab adds ",
        h("code", {}, "?run=…"),
        " (a fresh value for every run) to each URL, so each run starts with an empty preflight cache: "
          + "browsers cache preflight answers per URL.",
      ),
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
    .map((engine) => [`In ${engine.name}`, notes[engine.id]]);
  if (notes.others) sections.push(["Other browsers", notes.others]);
  return h(
    "aside",
    { class: "browsers" },
    h("h3", {}, "Browser by browser"),
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
    h("h3", {}, h("span", { class: "step-number" }, `Step ${i + 1}`), " ", step.title),
    h(
      "div",
      { class: "step-plan" },
      h(
        "section",
        {},
        h("h4", {}, "What server-b answers with: ", policy.heading),
        policy.code ? h("pre", { class: "code" }, h("code", {}, policy.code)) : null,
        policy.notes.map((note) => h("p", { class: "note" }, note)),
      ),
      h(
        "section",
        {},
        h("h4", {}, codeHeading(step)),
        h("pre", { class: "code", "data-fetch-code": true }, h("code", {}, fetchCode(step, request, ctx.config))),
      ),
      h("section", {}, h("h4", {}, "Expected"), expectedList(step, ctx.config.sessionCookie)),
    ),
    curlBlock(step, request.api),
    h("div", { class: "result", "data-result": true, hidden: true }),
  );
}

function codeHeading(step) {
  return step.sender_frame ? `The code that runs (on ${step.sender_origin})` : "The code that runs";
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
    const sentence = {
      allowed: " JavaScript can read the response.",
      blocked: " fetch rejects with a TypeError.",
      error: " fetch (or XMLHttpRequest.open) throws before anything is sent.",
      opaque: " fetch resolves with an opaque response: status 0, nothing readable.",
    };
    items.push([badge(outcome), engines, sentence[outcome]]);
  }
  if (step.target !== "page") {
    items.push([preflightSentence(step)]);
    for (const [n, engines] of byEngine(e.requests ?? step.expected_requests)) {
      items.push([lead(engines), requestsSentence(n)]);
    }
  }
  if (isSet(e.status)) {
    const where = e.requests !== null && typeof e.requests === "object" ? " where the request reaches it." : ".";
    for (const [status, engines] of byEngine(e.status)) {
      items.push([lead(engines), "server-b answers ", code(String(status)), where]);
    }
  }
  if (isSet(e.writes)) {
    const writes = code(`"writes": ${e.writes}`);
    items.push(["The body reports ", writes, ": the writes that reached server-b in this run."]);
  }
  if (isSet(e.session_cookie_sent)) {
    for (const [sent, engines] of byEngine(e.session_cookie_sent)) {
      items.push([lead(engines), "The ", code(sessionCookie), sent ? " cookie is sent." : " cookie is not sent."]);
    }
  }
  if (isSet(e.authorization_sent)) {
    for (const [sent, engines] of byEngine(e.authorization_sent)) {
      items.push([lead(engines), "The request ", sent ? "carries" : "carries no", " ", code("Authorization"), " header."]);
    }
  }
  if (isSet(e.preflight_status)) {
    items.push(["server-b answers the preflight with ", code(String(e.preflight_status)), "."]);
  }
  if (isSet(e.origin_sent)) {
    items.push([e.origin_sent ? "The browser sends an " : "The browser sends no ", code("Origin"), " header."]);
  }
  for (const [site, engines] of isSet(e.sec_fetch_site) ? byEngine(e.sec_fetch_site) : []) {
    items.push([lead(engines), code(`Sec-Fetch-Site: ${site}`), "."]);
  }
  for (const name of e.visible_headers || []) items.push([code(`headers.get("${name}")`), " returns its value."]);
  for (const name of e.hidden_headers || []) items.push([code(`headers.get("${name}")`), " returns null."]);
  for (const [names, engines] of byEngine(e.cookies_sent || [])) {
    for (const name of names) items.push([lead(engines), "The ", code(name), " cookie is sent."]);
  }
  for (const [names, engines] of byEngine(e.cookies_withheld || [])) {
    for (const name of names) items.push([lead(engines), "The ", code(name), " cookie is not sent."]);
  }
  for (const [names, engines] of byEngine(e.document_cookie_has || [])) {
    for (const name of names) items.push([lead(engines), code("document.cookie"), " shows ", code(name), "."]);
  }
  for (const [names, engines] of byEngine(e.document_cookie_lacks || [])) {
    for (const name of names) items.push([lead(engines), code("document.cookie"), " does not show ", code(name), "."]);
  }
  return h("ul", { class: "expected" }, items.map((parts) => h("li", {}, parts)));
}

/**
 * A value the lesson gives once, or per engine ({chromium, firefox, webkit}):
 * pairs of [value, " In Chromium and WebKit:"-like label], the engines that
 * share a value in one pair; one pair, unlabelled, when all engines agree.
 */
function byEngine(value) {
  const groups = groupByValue(value);
  if (groups.length === 1) return [[groups[0][0], ""]];
  return groups.map(([shared, engines]) => [shared, ` In ${engineNames(engines)}:`]);
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

function requestsSentence(n) {
  return `${plural(n, "request")} reach${n === 1 ? "es" : ""} server-b.`;
}

function preflightSentence(step) {
  const groups = groupByValue(step.expect.preflights);
  if (groups.length > 1) {
    const counts = groups.map(([n, engines]) => `${n} in ${engineNames(engines)}`).join(", ");
    return `Preflights (OPTIONS): ${counts}: the engines disagree.`;
  }
  const n = groups[0][0];
  if (!step.preflighted) return "No preflight: the Fetch rules call this a simple request.";
  if (n < step.times) {
    return `${plural(n, "preflight")} (OPTIONS) for ${step.times} requests: the browser reuses the cached answer.`;
  }
  return `${plural(n, "preflight")} (OPTIONS) first: the Fetch rules say this request needs permission.`;
}

function curlBlock(step, api) {
  const text = (step.curl || []).join("\n\n");
  if (!text) return null;
  const status = h("span", { class: "copied", "aria-live": "polite" });
  return h(
    "details",
    { class: "curl" },
    h("summary", {}, "The same exchange with curl"),
    h(
      "p",
      { class: "note" },
      step.curl.length > 1
        ? "The preflight, then the actual request, as the browser sends them (without the ?run= nonce). "
        : "The request as the browser sends it (without the ?run= nonce). ",
      "curl ignores CORS: it shows what the server answers, and nothing is blocked.",
      api === "xhr" ? " XMLHttpRequest and fetch put the same request on the wire." : "",
      step.body_kind === "stream"
        ? " The body goes as text with a Content-Length: curl does not stream it as fetch would."
        : "",
      (step.curl_setup || []).length
        ? ` Over https, curl trusts the lab's CA once it is saved: ${step.curl_setup.join("; ")}`
        : "",
    ),
    h("pre", { class: "code" }, h("code", {}, text)),
    h("button", { type: "button", class: "copy", onclick: () => copy(text, status) }, "Copy"),
    status,
  );
}

async function copy(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied.";
  } catch {
    status.textContent = "Copying is not allowed here: select the text instead.";
  }
}

function pager(index, lessons) {
  const prev = lessons[index - 1];
  const next = lessons[index + 1];
  return h(
    "nav",
    { class: "pager", "aria-label": "Previous and next lesson" },
    prev ? h("a", { href: routeHref(prev.id), rel: "prev" }, `← ${prev.title}`) : h("span"),
    next ? h("a", { href: routeHref(next.id), rel: "next" }, `${next.title} →`) : h("span"),
  );
}

export function badge(outcome) {
  return h("span", { class: `badge ${outcome}` }, outcome);
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
