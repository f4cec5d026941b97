// The playground's state and its URL: one urlFromState / stateFromUrl pair
// (as Jake Archibald's CORS playground keeps one dataToState / setURL), and
// the two things derived from a state: the policy server-b answers from
// (/lab/playground?p=…) and the exchange POST /explain judges. No CORS rule
// is decided here: the model on server-a does that.

export const ROUTE = "#/playground";

/**
 * Where a request can be sent from: the page; the page on the other loopback
 * name; the attacker's page on the same site (localhost) and on another site
 * (evil.localhost); a sandboxed frame (Origin: null). Their origins and
 * frames come from /config.json (`senders`), worked out by server-a.
 */
export const SENDERS = ["page", "other-origin", "attacker-same-site", "attacker", "sandboxed"];

/** A state that shows something worth a look: a preflighted PUT. */
export function defaultState() {
  return {
    method: "PUT",
    headers: { "Content-Type": "application/json", "X-Token": "abc" },
    body: "text",
    credentials: "same-origin",
    from: "page",
    preflight: { status: 204, allow_origin: "page", allow_methods: "PUT", allow_headers: "content-type, x-token" },
    response: { status: 200, allow_origin: "page" },
  };
}

/** Whether a hash is the playground's route. */
export function isPlaygroundRoute(hash) {
  return hash === ROUTE || hash.startsWith(`${ROUTE}?`);
}

/** The hash that holds a state. */
export function hashFromState(state) {
  return `${ROUTE}?s=${encodeURIComponent(JSON.stringify(normalise(state)))}`;
}

/** A URL on the page's origin that restores `state` when opened. */
export function urlFromState(state, base = location) {
  return `${base.origin}${base.pathname}${hashFromState(state)}`;
}

/** The state a URL (or hash) holds; the default state when it holds none. */
export function stateFromUrl(url = location.href) {
  const hash = url.includes("#") ? url.slice(url.indexOf("#")) : "";
  const query = hash.startsWith(`${ROUTE}?`) ? hash.slice(ROUTE.length + 1) : "";
  const text = new URLSearchParams(query).get("s");
  if (!text) return defaultState();
  try {
    return normalise(JSON.parse(text));
  } catch {
    return defaultState();
  }
}

const ANSWER_FIELDS = {
  preflight: ["status", "allow_origin", "allow_credentials", "allow_methods", "allow_headers", "max_age"],
  response: ["status", "allow_origin", "allow_credentials", "expose_headers"],
};
const EXTRA_FIELDS = ["vary", "set_cookie"];

/** Only the fields the playground knows, with empty ones left out (absent header). */
export function normalise(input) {
  const s = input && typeof input === "object" ? input : {};
  const state = {
    method: typeof s.method === "string" && s.method ? s.method : "GET",
    headers: {},
    body: ["none", "text", "url-search-params", "form-data", "blob"].includes(s.body) ? s.body : "none",
    credentials: ["omit", "same-origin", "include"].includes(s.credentials) ? s.credentials : "same-origin",
    from: SENDERS.includes(s.from) ? s.from : "page",
  };
  for (const [name, value] of Object.entries(s.headers || {})) {
    if (name) state.headers[name] = String(value);
  }
  for (const [answer, fields] of Object.entries(ANSWER_FIELDS)) {
    state[answer] = {};
    for (const field of fields) {
      const value = s[answer]?.[field];
      if (value === undefined || value === null || value === "") continue;
      state[answer][field] = field === "status" && /^\d+$/.test(String(value)) ? Number(value) : String(value);
    }
  }
  for (const field of EXTRA_FIELDS) {
    if (typeof s[field] === "string" && s[field]) state[field] = s[field];
  }
  return state;
}

/** What server-b answers from: the state's answers, as /lab/playground?p= reads them. */
export function policyOf(state) {
  const policy = { preflight: state.preflight, response: state.response };
  for (const field of EXTRA_FIELDS) if (state[field]) policy[field] = state[field];
  return policy;
}

/** The playground URL of one run. */
export function playgroundUrl(config, state, run) {
  const p = encodeURIComponent(JSON.stringify(policyOf(state)));
  return `${config.apiOrigin}/lab/playground?p=${p}&run=${encodeURIComponent(run)}`;
}

/** The Origin a state's request carries. */
export function senderOrigin(config, state) {
  return config.senders[state.from].origin;
}

/**
 * The header lines one answer carries, as server-b writes them (for the
 * model): "page" is the allowlisted lab page, "reflect" the request's Origin.
 */
function answerHeaders(answer, state, config, isResponse) {
  const headers = [];
  const allow = answer.allow_origin;
  if (allow && allow !== "none") {
    const named = { page: config.labOrigin, reflect: senderOrigin(config, state) };
    headers.push(["Access-Control-Allow-Origin", named[allow] ?? allow]);
  }
  const names = {
    allow_credentials: "Access-Control-Allow-Credentials",
    allow_methods: "Access-Control-Allow-Methods",
    allow_headers: "Access-Control-Allow-Headers",
    max_age: "Access-Control-Max-Age",
    expose_headers: "Access-Control-Expose-Headers",
  };
  for (const [field, name] of Object.entries(names)) {
    if (answer[field] !== undefined) headers.push([name, String(answer[field])]);
  }
  if (state.vary) headers.push(["Vary", state.vary]);
  if (isResponse && state.set_cookie) headers.push(["Set-Cookie", state.set_cookie]);
  return headers;
}

/** The input of POST /explain for a run of `state` at `url`. */
export function explainInput(config, state, url) {
  const origin = senderOrigin(config, state);
  return {
    request: {
      origin,
      url,
      method: state.method,
      headers: Object.entries(state.headers),
      body: state.body,
      credentials: state.credentials,
    },
    preflight: { status: state.preflight.status ?? 204, headers: answerHeaders(state.preflight, state, config, false) },
    response: { status: state.response.status ?? 200, headers: answerHeaders(state.response, state, config, true) },
  };
}

/**
 * The fetch options of a state for a frame: they cross postMessage, which
 * cannot carry a FormData, and a URLSearchParams body is sent as the string
 * and Content-Type fetch would give it. Throws for form-data.
 */
export function framedFetchInit(state) {
  if (state.body === "form-data") {
    throw new Error("a form-data body can only be sent from the page itself (postMessage cannot carry a FormData)");
  }
  const init = fetchInit(state);
  if (init.body instanceof URLSearchParams) {
    init.headers = { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", ...init.headers };
    init.body = init.body.toString();
  }
  return init;
}

/** The fetch options of a state (the body as its type asks). */
export function fetchInit(state) {
  const init = { method: state.method, headers: state.headers, credentials: state.credentials, mode: "cors" };
  const bodies = {
    text: () => JSON.stringify({ hello: "server-b" }),
    "url-search-params": () => new URLSearchParams({ hello: "server-b" }),
    "form-data": () => { const f = new FormData(); f.append("hello", "server-b"); return f; },
    blob: () => new Blob(["hello"]),
  };
  if (bodies[state.body]) init.body = bodies[state.body]();
  return init;
}
