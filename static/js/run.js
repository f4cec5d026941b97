// The run engine: sends a lesson's requests from this browser and collects,
// for each step, what JavaScript got and what server-b saw.
//
// Every run makes a fresh nonce and adds ?run=<nonce> to each URL. The browser
// caches preflight answers by URL, so a new URL means each run starts with an
// empty preflight cache, and the nonce picks this run's exchanges out of
// server-b's recorder.

import { cookieNames, send, textStream } from "./attempt.js";
import { frameSender } from "./frame-sender.js";
import { whyNotRunnable } from "./https-reach.js";
import { t } from "./words.js";

/** A random hex string, new for each run. */
export function newNonce() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The API a step is sent with: its own when the lesson fixes it, else the run's. */
export function apiOf(step, api) {
  return step.api || api || "fetch";
}

/**
 * The URL and the fetch options of a step, and the API that sends them. The
 * page shows the code generated from this very object, and the engine passes
 * it to fetch (or maps it onto XMLHttpRequest, see xhr.js) unchanged.
 */
export function requestFor(step, config, nonce, api) {
  // server-a worked out where the step goes (the page, or server-b over the
  // step's scheme); none for https when server-b serves none (never sent).
  const url = `${step.request_origin || ""}${step.url_path}?run=${nonce}`;
  const init = { method: step.method };
  if (step.headers && Object.keys(step.headers).length > 0) init.headers = { ...step.headers };
  if (step.body !== undefined && step.body !== null) init.body = step.body;
  // A stream body (fetch only: the lesson file fixes the step's API) needs duplex.
  if (step.body_kind === "stream" && init.body !== undefined) {
    init.body = textStream(step.body);
    init.duplex = "half";
  }
  init.credentials = step.credentials;
  // "no-cors" where the lesson file says so (fetch only): no CORS check,
  // an opaque answer, and only Cross-Origin-Resource-Policy left to refuse it.
  init.mode = step.mode || "cors";
  // XMLHttpRequest only (the lesson file says so): a listener on xhr.upload,
  // and where withCredentials is set ("before-open", "unset"; else after open()).
  if (step.upload_listener) init.uploadListener = true;
  if (step.with_credentials) init.withCredentialsAt = step.with_credentials;
  // open()'s user and password (a demo's: lessons are public).
  if (step.xhr_user !== undefined) init.openCredentials = [step.xhr_user, step.xhr_password];
  return { url, init, api: apiOf(step, api) };
}

/**
 * Runs every step of a lesson, in order, with `api` ("fetch" or "xhr") where
 * a step does not fix its own. Resolves with
 * {id, api, outcome, status, body, exchanges, steps}: the top-level fields are
 * the last step's. A blocked request is a result, not an error: this rejects
 * only when the lab itself fails (for example runner.html never answers).
 */
export async function runLesson(lesson, config, api = "fetch") {
  const nonce = newNonce();
  const steps = [];
  let afterSeq = 0;
  for (const step of lesson.steps) {
    const result = await runStep(step, config, { nonce, api }, afterSeq);
    afterSeq = result.last_seq;
    steps.push(result);
  }
  const last = steps[steps.length - 1];
  const result = {
    id: lesson.id,
    api,
    nonce,
    outcome: last.outcome,
    status: last.status,
    body: last.body,
    exchanges: steps.flatMap((s) => s.exchanges),
    steps,
  };
  const unread = steps.find((s) => s.exchanges_error);
  if (unread) result.exchanges_error = unread.exchanges_error;
  return result;
}

async function runStep(step, config, { nonce, api: runApi }, afterSeq) {
  const notRunnable = await whyNotRunnable(step);
  if (notRunnable) return skipped(step, notRunnable, afterSeq);
  const { url, init, api } = requestFor(step, config, nonce, runApi);
  const sender = step.sender_frame ? frameSender(step.sender_frame) : { send, cookieNames };

  const attempts = [];
  for (let i = 0; i < step.times; i++) {
    attempts.push(await sender.send(api, url, init, step.read_headers || []));
  }
  const last = attempts[attempts.length - 1];
  const result = {
    name: step.name,
    url,
    init,
    api,
    from: step.from,
    outcome: last.outcome,
    status: last.status,
    body: last.body,
    error: last.error,
    attempts,
    headers: last.headers,
    // This step's exchanges are the run's numbered after_seq < seq <= last_seq.
    after_seq: afterSeq,
    last_seq: afterSeq,
    exchanges: [],
  };
  if (step.read_document_cookie) result.document_cookie_names = await sender.cookieNames();
  const seen = await exchangesOfRun(config, nonce, afterSeq);
  if (seen.error) {
    result.exchanges_error = seen.error;
  } else if (!seen.recorded && seen.reason && step.target !== "page") {
    result.exchanges_error = seen.reason;
  } else {
    result.last_seq = seen.last_seq;
    result.exchanges = seen.exchanges.filter((e) => e.path === step.url_path);
  }
  return result;
}

/** A step this browser cannot run now: nothing sent, and why. */
function skipped(step, reason, afterSeq) {
  return {
    name: step.name,
    outcome: "skipped",
    reason,
    attempts: [],
    after_seq: afterSeq,
    last_seq: afterSeq,
    exchanges: [],
  };
}

/**
 * What server-b saw of this run after sequence number `after`. Only the
 * origins on server-b's allowlist may read it: from elsewhere this fails,
 * and the run goes on without the wire view. When server-b's recorder was
 * full, the answer says the run was not recorded, and why.
 */
export async function exchangesOfRun(config, run, after = 0) {
  if (recorderReadable === false) return { error: t("result.recorder_not_readable") };
  const query = new URLSearchParams({ run, after: String(after) });
  try {
    const response = await fetch(`${config.apiOrigin}/lab/exchanges?${query}`, { cache: "no-store" });
    if (!response.ok) return { error: t("result.server_b_answered", { status: response.status }) };
    recorderReadable = true;
    return await response.json();
  } catch (error) {
    recorderReadable = false;
    return { error: String(error) };
  }
}

/**
 * Whether this page may read server-b's recorder: unknown until the first
 * try. Once it failed, the lab stops asking, so that the console shows only
 * the lesson's own CORS errors.
 */
let recorderReadable;
