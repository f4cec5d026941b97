// The page's side of what server-a sends it, and of the server-b bodies it
// reads, described once. Every shape here is a Rust type that a server
// serialises (named beside each); the page reads these and computes no CORS
// decision of its own. The other modules name them with
// `@type {import("./contract.js").LabConfig}` and the like. Nothing here runs.

/**
 * A value the engines disagree on, one per engine of `ENGINES` (engine.js),
 * always all three (`lessons::engines::PerEngine`). A value every engine
 * shares comes bare instead, so a field typed `T | PerEngine<T>` is either.
 * @template T
 * @typedef {{chromium: T, firefox: T, webkit: T}} PerEngine
 */

/**
 * `GET /config.json` (`server-a/src/routes/lab_config.rs`, `LabConfig`).
 * @typedef {object} LabConfig
 * @property {string} apiOrigin server-b, as the browser reaches it
 * @property {?string} apiTlsOrigin server-b over https, when it serves it (the
 *   lab's CA, at /lab-ca.pem, issued its certificate)
 * @property {string} pageOrigin this page's origin
 * @property {string} otherPageOrigin the same page under the other loopback name
 * @property {string} labOrigin the page on server-b's allowlist
 * @property {string} sessionCookie the session cookie's name
 * @property {string[]} senderNames the playground's senders, in the form's order
 * @property {Object<string, Sender>} senders each sender's origin and frame
 * @property {PlaygroundFields} playgroundFields the policy's fields (`cors_model::playground::Fields`)
 */

/**
 * `GET /config.json` on the attacker's port (`server-a/src/routes/attacker.rs`,
 * `AttackerConfig`): the attacker's page answers only pages on this port.
 * @typedef {object} AttackerConfig
 * @property {number} labPort the lab page's port
 */

/**
 * @typedef {object} Sender
 * @property {string} origin the Origin its requests carry ("null" when sandboxed)
 * @property {?Frame} frame the frame that sends, or null for the page itself
 */

/**
 * `lessons::origins::Frame`.
 * @typedef {object} Frame
 * @property {string} origin
 * @property {string} url the page the frame loads
 * @property {boolean} sandboxed
 */

/**
 * @typedef {object} PlaygroundFields
 * @property {string[]} preflight
 * @property {string[]} response
 * @property {string[]} both
 */

/**
 * One entry of `GET /lessons.json` (`lessons::view::LessonView`).
 * @typedef {object} LessonView
 * @property {string} id
 * @property {string} title
 * @property {string} summary
 * @property {string} explanation Markdown, with the real origins filled in
 * @property {?{chromium: string, firefox: string, webkit?: string, others?: string}} browsers
 *   Markdown per engine where they differ (`webkit` where the lesson writes it)
 * @property {StepView[]} steps
 * @property {ClaimView[]} [claims] The story's claims its steps answer
 */

/**
 * A claim of the story, for one lesson (`lessons::view::ClaimView`).
 * @typedef {object} ClaimView
 * @property {string} id
 * @property {"ru"|"zh"|"story"} post
 * @property {string} says
 * @property {"confirmed"|"nuance"|"wrong"} verdict
 * @property {string} answer
 * @property {string[]} steps This lesson's step names that answer it
 */

/**
 * A step (`lessons::view::StepView`): the lesson file's fields (`name`,
 * `method`, `headers`, `expect`, …) and what the catalogue derives.
 * @typedef {object} StepView
 * @property {string} url_path
 * @property {?string} request_origin where the request goes: the page, or
 *   server-b over the step's `scheme` ("http", or "https" when the file says);
 *   null for an https step when server-b serves none
 * @property {string} sender_origin
 * @property {?Frame} sender_frame
 * @property {boolean} preflighted
 * @property {number} expected_requests
 * @property {?string} policy_code the policy as the code server-b runs
 * @property {object[]} checks the rows of "expected vs observed"
 * @property {string[]} curl the exchange as curl commands, quoted for a shell
 * @property {string[]} [curl_setup] what to run once first (an https step: save the lab's CA)
 * @property {?Object<string, PerEngine<string[]>>} console_by_api per API ("fetch",
 *   "xhr"), the lines each engine logs for a blocked step, in order (WebKit's
 *   two: the reason, then the API's line), `{url}` left for the page to fill in
 * @property {?Object<string, Object<string, string[]>>} firefox_translated per API,
 *   then per language ("ru", "zh"): Firefox's lines as its language pack writes them
 */

/**
 * `POST /explain` (`server-a/src/routes/explain.rs`, `Explained`).
 * @typedef {object} Explained
 * @property {object[]} results one `cors_model::Verdict` per engine judged:
 *   the engine named (the playground names its own), or each engine, in the
 *   order of `ENGINES`, when none is
 * @property {boolean} agree
 * @property {string[]} curl the exchange as curl commands
 */

/**
 * `POST /doctor` (`server-a/src/routes/doctor/answer.rs`, `DoctorAnswer`),
 * or `Unreachable` when nothing answered.
 * @typedef {object} DoctorAnswer
 * @property {string} engine
 * @property {string} origin
 * @property {string} url
 * @property {string[]} addresses
 * @property {object[]} exchanges
 * @property {boolean} request_sent
 * @property {?{location: string, followed: boolean}} redirect
 * @property {?object} probe
 * @property {object[]} results verdicts, each with `settled`: `engine`'s
 *   first, then the other engines' on the same answers
 * @property {boolean} agree
 * @property {string[]} warnings
 */

/**
 * `POST /doctor` when nothing answered the probe (`server-a/src/routes/doctor/answer.rs`,
 * `Unreachable`).
 * @typedef {object} Unreachable
 * @property {string} unreachable why
 */

/**
 * `/same-origin/echo` (`server-a/src/routes/same_origin.rs`, `SameOriginEcho`):
 * the checks of a step that targets the page read `origin` and `sec_fetch_site`.
 * @typedef {object} SameOriginEcho
 * @property {string} method
 * @property {?string} origin the Origin header, or null when none was sent
 * @property {?string} sec_fetch_mode
 * @property {?string} sec_fetch_site
 */

/**
 * A lab endpoint's body (`server-b/src/lab/endpoint.rs`, `EndpointEcho`): the
 * `writes` check reads `writes`.
 * @typedef {object} EndpointEcho
 * @property {string} endpoint the endpoint's path within its lesson
 * @property {string} lesson
 * @property {string} method
 * @property {?number} writes the writes to the lesson in this run that reached server-b, or null without a run
 */

/**
 * The attack track's victims (`server-b/src/lab/victim.rs`, `Account` and
 * `Intranet`): the `leaks` check reads `api_key` or `deploy_token`.
 * @typedef {object} Account
 * @property {?string} api_key the logged-in user's secret
 * @property {string} user the user's email
 */

/**
 * @typedef {object} Intranet
 * @property {string} deploy_token the intranet service's secret
 * @property {string} service what the service is
 */

/**
 * Every refusal of both servers (`common::Refusal`).
 * @typedef {object} Refusal
 * @property {string} error what is wrong, and what to do instead
 * @property {string} field where: a JSON path, "body", or empty
 * @property {number} [retry_after_seconds] where waiting helps
 */

export {};
