// The playground's state and its URL: one urlFromState / stateFromUrl pair
// (as Jake Archibald's CORS playground keeps one dataToState / setURL), and
// the two things derived from a state: the policy server-b answers from
// (/lab/playground?p=…) and the input of POST /explain, which carries the
// same policy. No CORS rule is decided here, and no answer is written here:
// the model (cors_model::playground) makes server-b's answers from the
// policy, and names its fields (config.playgroundFields).

export const ROUTE = "#/playground";

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

/** The request's fields: the page sends the request, so it owns them. */
const REQUEST_FIELDS = ["method", "headers", "body", "credentials", "from"];
const ANSWERS = ["preflight", "response"];

/** A field's value as the policy takes it; `undefined` for an empty field (absent header). */
function policyValue(field, value) {
  if (value === undefined || value === null || value === "" || typeof value === "object") return undefined;
  return field === "status" && /^\d+$/.test(String(value)) ? Number(value) : String(value);
}

/**
 * The request's fields checked, and the policy's fields kept as written with
 * the empty ones left out: server-b and POST /explain read the policy, and a
 * field they do not know is refused there, by name.
 */
export function normalise(input) {
  const s = input && typeof input === "object" ? input : {};
  const state = {
    method: typeof s.method === "string" && s.method ? s.method : "GET",
    headers: {},
    body: ["none", "text", "url-search-params", "form-data", "blob"].includes(s.body) ? s.body : "none",
    credentials: ["omit", "same-origin", "include"].includes(s.credentials) ? s.credentials : "same-origin",
    // A sender /config.json does not name is sent from the page (senderOf).
    from: typeof s.from === "string" && s.from ? s.from : "page",
  };
  for (const [name, value] of Object.entries(s.headers || {})) {
    if (name) state.headers[name] = String(value);
  }
  for (const answer of ANSWERS) {
    state[answer] = {};
    for (const [field, value] of Object.entries(s[answer] || {})) {
      const kept = policyValue(field, value);
      if (kept !== undefined) state[answer][field] = kept;
    }
  }
  for (const [field, value] of Object.entries(s)) {
    if (REQUEST_FIELDS.includes(field) || ANSWERS.includes(field)) continue;
    const kept = policyValue(field, value);
    if (kept !== undefined) state[field] = kept;
  }
  return state;
}

/** What server-b answers from: every field of the state but the request's. */
export function policyOf(state) {
  return Object.fromEntries(Object.entries(state).filter(([field]) => !REQUEST_FIELDS.includes(field)));
}

/** The playground URL of one run. */
export function playgroundUrl(config, state, run) {
  const p = encodeURIComponent(JSON.stringify(policyOf(state)));
  return `${config.apiOrigin}/lab/playground?p=${p}&run=${encodeURIComponent(run)}`;
}

/**
 * Where a state's request is sent from: the page; the page on the other
 * loopback name; the attacker's page on the same site (localhost) and on
 * another site (evil.localhost); a sandboxed frame (Origin: null). server-a
 * names them and works out their origins and frames (/config.json's
 * `senderNames` and `senders`); an unknown name is the page.
 */
export function senderOf(config, state) {
  return Object.hasOwn(config.senders, state.from) ? config.senders[state.from] : config.senders.page;
}

/** The Origin a state's request carries. */
export function senderOrigin(config, state) {
  return senderOf(config, state).origin;
}

/** The input of POST /explain for a run of `state` at `url`: the request, and the policy server-b answers it from. */
export function explainInput(config, state, url) {
  return {
    request: {
      origin: senderOrigin(config, state),
      url,
      method: state.method,
      headers: Object.entries(state.headers),
      body: state.body,
      credentials: state.credentials,
    },
    policy: policyOf(state),
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
