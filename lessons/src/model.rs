//! The shape of a lesson file. Everything a lesson says lives in its TOML file;
//! these types only give it names.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::console::ConsoleLines;
use crate::engines::{ByEngine, Count, Engine, EngineNotes, PerEngine};

/// One lesson: a file of the catalogue.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// The lesson's id, as in its file name and the page's `#/<id>`.
    pub id: String,
    /// The lesson's heading.
    pub title: String,
    /// One sentence for the lesson list.
    pub summary: String,
    /// What happens and why, in the page's small markdown (paragraphs, `code`,
    /// fenced blocks, `- ` lists), raw HTTP included.
    pub explanation: String,
    /// Where the engines differ: a paragraph for each (see `engines`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browsers: Option<EngineNotes>,
    /// The requests the page sends, in order.
    pub steps: Vec<Step>,
}

/// One request the page makes (possibly several times), the policy server-b
/// answers it with, and what the browser is expected to do.
///
/// A lesson file writes a step's fields flat (see `step_file`); here the
/// fields that belong to one kind of step are part of that kind: a lab
/// step's endpoint of `Target::Lab`, XMLHttpRequest's settings of
/// `FixedApi::Xhr`. A file that gives a field to another kind of step does
/// not parse.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(
    try_from = "crate::step_file::StepFile",
    into = "crate::step_file::StepFile"
)]
pub struct Step {
    /// Unique within the lesson; for a lab step also the endpoint's name.
    pub name: String,
    /// The step's heading on the page.
    pub title: String,
    /// Which origin sends the request.
    pub from: Initiator,
    /// Only with `from = "attacker"`: the attacker page's host name,
    /// `localhost` (the default: same site as the lab) or a name under
    /// `.localhost` (another site), which every browser resolves to loopback.
    pub attacker_host: Option<String>,
    /// Only with `from = "attacker"`: the `Cross-Origin-Embedder-Policy` the
    /// attacker's page is served with, which then decides what its no-cors
    /// requests may load.
    pub embedder_policy: Option<EmbedderPolicy>,
    /// Which server the request goes to, with a lab step's endpoint.
    pub target: Target,
    /// server-b's http origin (the default) or its https one, where the same
    /// endpoints answer: the scheme is part of the origin.
    pub scheme: Scheme,
    /// The name the request calls server-b by: the lab's (the default), or
    /// the other loopback name (`127.0.0.1` for `localhost`), another host.
    pub server_name: ServerName,
    /// For `lab`: the endpoint under `/lab/<lesson>/`; for `api` and `page`: the
    /// absolute path on that origin.
    pub path: String,
    /// The request's method, upper case.
    pub method: String,
    /// The request headers the page sets.
    pub headers: BTreeMap<String, String>,
    /// The request body, as text.
    pub body: Option<String>,
    /// How the page hands `body` to fetch: a string (the default) or a
    /// `ReadableStream` of its bytes (then fetch-only, see `BodyKind`).
    pub body_kind: BodyKind,
    /// fetch's `credentials` (XHR: `withCredentials` when `include`).
    pub credentials: Credentials,
    /// fetch's `mode`: `cors` (the default), or `no-cors` (fetch only): no
    /// CORS check, no preflight, an opaque response, and only
    /// `Cross-Origin-Resource-Policy` left to refuse it.
    pub mode: RequestMode,
    /// The API that sends the request, when the step fixes it (the login
    /// lesson's XMLHttpRequest step); otherwise the page's switch decides.
    pub api: Option<FixedApi>,
    /// How many times the page sends the request in one run.
    pub times: u32,
    /// Response headers the page tries to read with `response.headers.get`.
    pub read_headers: Vec<String>,
    /// Whether the page reports the cookie names `document.cookie` shows afterwards.
    pub read_document_cookie: bool,
    /// What the browser is expected to do.
    pub expect: Expect,
}

/// An endpoint under `/lab/<lesson>/`, as a lab step describes it: what
/// server-b mounts for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabEndpoint {
    /// The endpoint's CORS policy.
    pub policy: Policy,
    /// What the endpoint does besides answering CORS (default: it says what
    /// it did and counts writes).
    pub serves: Option<Serves>,
    /// Headers the endpoint sends whatever the policy.
    pub response_headers: BTreeMap<String, String>,
    /// Without actix-cors: the status the endpoint answers a preflight with
    /// (default 204), e.g. 503 for a server that is down when the browser asks.
    pub preflight_answer: Option<u16>,
    /// Without actix-cors: headers the endpoint adds to its preflight answer
    /// only (the policy's go on both answers).
    pub preflight_headers: BTreeMap<String, String>,
}

/// The API a step fixes, with the settings only that API has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixedApi {
    /// `fetch(url, init)`.
    Fetch,
    /// `XMLHttpRequest`, set up as the step says.
    Xhr(XhrSettings),
}

impl FixedApi {
    /// Which API it is.
    pub fn api(&self) -> Api {
        match self {
            FixedApi::Fetch => Api::Fetch,
            FixedApi::Xhr(_) => Api::Xhr,
        }
    }
}

/// What a step sets on its `XMLHttpRequest` beyond the request itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XhrSettings {
    /// A listener on `xhr.upload` (`onprogress`).
    pub upload_listener: bool,
    /// Where the page sets `withCredentials`.
    pub with_credentials: WithCredentials,
    /// The user and password given to `open(method, url, true, user,
    /// password)`: HTTP authentication the browser may send for the page.
    pub open_credentials: Option<OpenCredentials>,
}

/// The user name and password of `XMLHttpRequest.open`'s last two arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenCredentials {
    /// `open`'s fourth argument.
    pub user: String,
    /// `open`'s fifth argument (a demo password: lessons are public).
    pub password: String,
}

/// Where XMLHttpRequest code sets `withCredentials`. Setting it is allowed
/// until `send()`; never setting it leaves XHR's default, `false`.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum WithCredentials {
    /// After `open()`, to `true` for `credentials = "include"` and to
    /// `false` otherwise: the lab's own XHR code.
    #[default]
    AfterOpen,
    /// Before `open()`, as the Russian post writes its login.
    BeforeOpen,
    /// Never: the property keeps its default, `false`.
    Unset,
}

impl WithCredentials {
    /// Whether this is the lab's own way (not written in lesson files).
    pub fn is_default(&self) -> bool {
        *self == WithCredentials::AfterOpen
    }
}

/// Which page makes the request.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Initiator {
    /// The lab page itself (the origin on server-b's allowlist).
    #[default]
    Page,
    /// The same page opened on the other loopback name (`127.0.0.1` for
    /// `localhost`): another origin, and another site.
    OtherOrigin,
    /// The attacker's page (server-a's attacker port), at the step's
    /// `attacker_host`.
    Attacker,
    /// A frame sandboxed with `allow-scripts` only: an opaque origin, so the
    /// browser sends `Origin: null`.
    Sandboxed,
}

/// What a lab endpoint of the attack track serves.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Serves {
    /// The logged-in user's private data (their API key), read from the
    /// real session cookie; 401 without one.
    Account,
    /// Data an intranet service guards by network position alone: no cookie,
    /// no login, answered to anyone who can reach it.
    Internal,
    /// A login (`{"email", "password"}` as JSON) whose session cookie is
    /// `SameSite=None; Secure`, scoped to the lesson's own path: a site that
    /// wants its cookie sent from other sites.
    LoginSameSiteNone,
    /// The logout of that login: it deletes the session on the server, as
    /// `/api/logout` does (whose path the lesson's cookie never reaches).
    Logout,
    /// A GET that changes state: it counts as a write, as a "mark as read"
    /// link or a tracking pixel does. Its answer is the endpoint's usual one.
    CountedGet,
    /// HTTP authentication as a server asks for it: 401 with
    /// `WWW-Authenticate: Basic` until the request carries the lab's demo
    /// user (`BASIC_AUTH_USER`), then 200 with the user's name.
    BasicAuth,
    /// A Fetch Metadata guard: a request whose `Sec-Fetch-Site` says
    /// `cross-site` gets 403 before the handler runs; others get the
    /// endpoint's usual answer (and count as writes when they are).
    SameSiteOnly,
}

/// The demo user name of the lab's Basic-authentication endpoints.
pub const BASIC_AUTH_USER: &str = "lab-user";
/// Its password: a demo, printed in the lesson like the login's.
pub const BASIC_AUTH_PASSWORD: &str = "lab-pass";

impl Serves {
    /// Whether the endpoint writes an answer of its own instead of the
    /// usual one (`lessons::answers` cannot say it from the file).
    pub fn answers_itself(self) -> bool {
        self != Serves::CountedGet
    }
}

/// Where a step's request goes, with the endpoint a lab step calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An endpoint of this lesson on server-b, `/lab/<lesson>/<path>`
    /// (boxed: the other targets carry nothing).
    Lab(Box<LabEndpoint>),
    /// The real API on server-b (`/api/...`), with its real policy.
    Api,
    /// server-a itself: the page's own origin.
    Page,
}

impl Target {
    /// Which server, as the file's `target` names it.
    pub fn kind(&self) -> TargetKind {
        match self {
            Target::Lab(_) => TargetKind::Lab,
            Target::Api => TargetKind::Api,
            Target::Page => TargetKind::Page,
        }
    }
}

/// A `Sec-Fetch-Site` value: how the request's initiator relates to its
/// target.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SecFetchSite {
    /// The same origin.
    SameOrigin,
    /// Another origin of the same site.
    SameSite,
    /// Another site.
    CrossSite,
    /// No initiator (a typed URL, a bookmark).
    None,
}

impl SecFetchSite {
    /// The header's value, as the browser sends it.
    pub fn as_str(self) -> &'static str {
        match self {
            SecFetchSite::SameOrigin => "same-origin",
            SecFetchSite::SameSite => "same-site",
            SecFetchSite::CrossSite => "cross-site",
            SecFetchSite::None => "none",
        }
    }
}

/// The scheme a step reaches server-b with.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    /// `http://`, server-b's `--port`.
    #[default]
    Http,
    /// `https://`, server-b's `--tls-port`, with the lab CA's certificate.
    Https,
}

impl Scheme {
    /// Whether this is the default, which the file leaves out.
    pub fn is_default(&self) -> bool {
        *self == Scheme::Http
    }
}

/// The name a step calls server-b by.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum ServerName {
    /// The name the page calls it by (`localhost` when the page is there).
    #[default]
    Lab,
    /// The other loopback name: the same server, another host, so none of
    /// the page's host's cookies go with the request.
    OtherLoopback,
}

impl ServerName {
    /// Whether this is the default, which the file leaves out.
    pub fn is_default(&self) -> bool {
        *self == ServerName::Lab
    }
}

/// The file's `target`: which server a step's request goes to.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum TargetKind {
    /// An endpoint of this lesson on server-b (then the step describes it).
    #[default]
    Lab,
    /// The real API on server-b.
    Api,
    /// server-a itself.
    Page,
}

/// A page's `Cross-Origin-Embedder-Policy`.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum EmbedderPolicy {
    /// `require-corp`: another origin's no-cors answer loads only with a
    /// `Cross-Origin-Resource-Policy` that allows this page.
    RequireCorp,
    /// `credentialless`: another origin's no-cors request goes without
    /// cookies, and its answer loads without CORP.
    Credentialless,
}

impl EmbedderPolicy {
    /// The header's value, which is also the page's `?coep=` query.
    pub fn value(self) -> &'static str {
        match self {
            EmbedderPolicy::RequireCorp => "require-corp",
            EmbedderPolicy::Credentialless => "credentialless",
        }
    }
}

/// fetch's `mode` for a step.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum RequestMode {
    /// A CORS request: the browser checks the answer (and may preflight).
    #[default]
    Cors,
    /// `mode: "no-cors"`: sent as a simple request without any CORS check;
    /// JavaScript gets an opaque response (type "opaque", status 0, no body).
    NoCors,
}

impl RequestMode {
    /// Whether this is the default, which the file leaves out.
    pub fn is_default(&self) -> bool {
        *self == RequestMode::Cors
    }
}

/// What the page passes to `fetch` as the body.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// The text itself, a string (fetch and XMLHttpRequest alike).
    #[default]
    Text,
    /// A `ReadableStream` that yields the text's UTF-8 bytes, sent with
    /// `duplex: "half"`. fetch only: `xhr.send(stream)` does not stream, it
    /// sends the string "[object ReadableStream]", so the catalogue requires
    /// `api = "fetch"` on such a step.
    Stream,
}

impl BodyKind {
    /// The CORS model's kind for a step with a body.
    pub fn model(self) -> cors_model::BodyKind {
        match self {
            BodyKind::Text => cors_model::BodyKind::Text,
            BodyKind::Stream => cors_model::BodyKind::Stream,
        }
    }
}

/// The `credentials` option of `fetch`: the CORS model's own.
pub use cors_model::Credentials;

pub use crate::js_api::Api;

/// How a lab endpoint answers CORS.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Policy {
    /// No CORS headers at all.
    None,
    /// A correct policy, built with actix-cors.
    ActixCors(ActixCorsPolicy),
    /// `Cors::permissive()`: reflects any origin, with credentials, any
    /// method and header. For the lesson about that mistake only.
    Permissive,
    /// Headers written literally, for the mistakes actix-cors refuses to make.
    /// `{page_origin}` in a value stands for the lab page's origin.
    Literal {
        /// Header name to value, sent on the preflight and the response alike.
        headers: BTreeMap<String, String>,
    },
}

/// An actix-cors `Cors` builder, as data.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ActixCorsPolicy {
    /// Which origins it allows.
    pub origins: OriginRule,
    /// `allowed_methods` (actix-cors' default when empty).
    #[serde(default)]
    pub methods: Vec<String>,
    /// `allowed_headers` (actix-cors' default when empty).
    #[serde(default)]
    pub headers: Vec<String>,
    /// `expose_headers`.
    #[serde(default)]
    pub expose: Vec<String>,
    /// `max_age` in seconds (`None`: no Access-Control-Max-Age).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<usize>,
    /// `supports_credentials()`.
    #[serde(default)]
    pub credentials: bool,
}

pub use crate::origin_rules::OriginRule;

pub use crate::outcome::Outcome;

/// What the browser is expected to do; the browser suite checks every field.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Whether JavaScript can read the response (one outcome, or one per
    /// engine where they differ).
    pub outcome: ByEngine<Outcome>,
    /// OPTIONS requests that reach server-b during the step (one number, or
    /// one per engine where they differ).
    #[serde(default)]
    pub preflights: Count,
    /// Actual requests that reach server-b (default: `times`, or 0 for
    /// `page`); one number, or one per engine where they differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<Count>,
    /// The status server-b answered the (last) preflight with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preflight_status: Option<u16>,
    /// Whether the browser sent an `Origin` header with the actual request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_sent: Option<bool>,
    /// The status server-b answered the actual request with, in each engine
    /// whose request reaches server-b (shared, or per engine).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ByEngine<u16>>,
    /// Whether the browser sent the `lab_session` cookie with the actual
    /// request (shared, or per engine: their cookie rules differ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_cookie_sent: Option<ByEngine<bool>>,
    /// The `Sec-Fetch-Site` the browser sent with the actual request, shared
    /// or per engine (they differ on whether the scheme counts for "site").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sec_fetch_site: Option<ByEngine<SecFetchSite>>,
    /// The line each engine logs when it blocks, whole (see `engines`); an
    /// empty list for an engine whose outcome is `allowed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub console: Option<PerEngine<ConsoleLines>>,
    /// The lab's write counter of this lesson and run, as the step's JSON body
    /// reports it: proof that a blocked request still ran on the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub writes: Option<u64>,
    /// Response headers JavaScript can read.
    #[serde(default)]
    pub visible_headers: Vec<String>,
    /// Response headers hidden from JavaScript.
    #[serde(default)]
    pub hidden_headers: Vec<String>,
    /// Cookies the browser sent with the (last) actual request, by name
    /// (one list, or one per engine: their cookie rules differ).
    #[serde(default, skip_serializing_if = "ByEngine::is_empty")]
    pub cookies_sent: ByEngine<Vec<String>>,
    /// Whether the (last) actual request carried an `Authorization` header
    /// (server-b records that it did, never its value): shared, or per engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_sent: Option<ByEngine<bool>>,
    /// Cookies the browser kept back from the (last) actual request, by
    /// name, in every engine that does not list them in `cookies_sent`
    /// (the browser holds them, for another host or another site).
    #[serde(default, skip_serializing_if = "ByEngine::is_empty")]
    pub cookies_withheld: ByEngine<Vec<String>>,
    /// Cookies `document.cookie` shows (one list, or one per engine).
    #[serde(default)]
    pub document_cookie_has: ByEngine<Vec<String>>,
    /// Cookies `document.cookie` never shows (one list, or one per engine).
    #[serde(default)]
    pub document_cookie_lacks: ByEngine<Vec<String>>,
    /// Whether the demo user's private data (their API key) reached the
    /// sending page's JavaScript: the attack worked (shared, or per engine).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaks: Option<ByEngine<bool>>,
    /// What changes when the browser allows third-party cookies (Chromium's
    /// `profile.cookie_controls_mode: 0`, Firefox's
    /// `network.cookie.cookieBehavior: 0`); fields left out stay as above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_third_party_cookies: Option<CookieSettingExpect>,
}

/// The expectations a browser's third-party cookie setting can change.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CookieSettingExpect {
    /// As `Expect::status` (one value, or one per engine).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ByEngine<u16>>,
    /// As `Expect::session_cookie_sent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_cookie_sent: Option<ByEngine<bool>>,
    /// As `Expect::leaks`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaks: Option<ByEngine<bool>>,
    /// As `Expect::cookies_sent` (one list, or one per engine): the cookies
    /// the setting lets go; the step's other cookies stay withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookies_sent: Option<ByEngine<Vec<String>>>,
}

impl Expect {
    /// Every cookie the step names as sent or withheld, once, in name order
    /// (the same rows whatever the third-party cookie setting lets go), with
    /// whether each engine sends it: listed in `cookies_sent` for that
    /// engine, or not.
    pub fn cookie_claims(&self) -> Vec<(&String, ByEngine<bool>)> {
        let names: std::collections::BTreeSet<&String> = self
            .cookies_sent
            .names()
            .into_iter()
            .chain(self.cookies_withheld.names())
            .collect();
        names
            .into_iter()
            .map(|name| (name, self.cookies_sent.holds(name)))
            .collect()
    }

    /// The expectations in a browser that allows third-party cookies.
    pub fn with_third_party_cookies_allowed(&self) -> Expect {
        let mut expect = self.clone();
        if let Some(changes) = &self.with_third_party_cookies {
            expect.status = changes.status.or(expect.status);
            expect.session_cookie_sent = changes.session_cookie_sent.or(expect.session_cookie_sent);
            expect.leaks = changes.leaks.or(expect.leaks);
            if let Some(sent) = &changes.cookies_sent {
                expect.cookies_sent = sent.clone();
            }
        }
        expect.with_third_party_cookies = None;
        expect
    }
}

impl Step {
    /// How many actual requests server-b should see (the most of any engine,
    /// where they differ).
    pub fn expected_requests(&self) -> u32 {
        self.expected_request_count().max()
    }

    /// How many actual requests server-b should see when `engine` runs the step.
    pub fn expected_requests_in(&self, engine: Engine) -> u32 {
        self.expected_request_count().get(engine)
    }

    /// The actual requests server-b should see, shared or per engine.
    pub fn expected_request_count(&self) -> Count {
        self.expect
            .requests
            .unwrap_or(ByEngine::Shared(match self.target {
                Target::Page => 0,
                Target::Lab(_) | Target::Api => self.times,
            }))
    }

    /// A lab step's endpoint; `None` for the other targets.
    pub fn lab(&self) -> Option<&LabEndpoint> {
        match &self.target {
            Target::Lab(endpoint) => Some(endpoint.as_ref()),
            Target::Api | Target::Page => None,
        }
    }

    /// The API the step fixes, if it fixes one.
    pub fn fixed_api(&self) -> Option<Api> {
        self.api.as_ref().map(FixedApi::api)
    }

    /// The step's XMLHttpRequest settings, when it fixes that API.
    pub fn xhr(&self) -> Option<&XhrSettings> {
        match &self.api {
            Some(FixedApi::Xhr(settings)) => Some(settings),
            Some(FixedApi::Fetch) | None => None,
        }
    }

    /// Whether the page listens on `xhr.upload` (an XMLHttpRequest step's
    /// setting, which the Fetch rules read).
    pub fn upload_listener(&self) -> bool {
        self.xhr().is_some_and(|xhr| xhr.upload_listener)
    }

    /// Whether the body is a `ReadableStream` (a fetch-only step).
    pub fn streams_body(&self) -> bool {
        self.body.is_some() && self.body_kind == BodyKind::Stream
    }

    /// The request's path on its origin.
    pub fn url_path(&self, lesson_id: &str) -> String {
        match self.target {
            Target::Lab(_) => format!("/lab/{lesson_id}/{}", self.path),
            Target::Api | Target::Page => self.path.clone(),
        }
    }
}

/// Stands for the lab page's origin in a literal policy's header values, as
/// it does in the lessons' prose (see `prose`).
pub const PAGE_ORIGIN_PLACEHOLDER: &str = "{page_origin}";

/// Stands for the lab page's origin with `https` for its scheme, in a literal
/// policy's header values: the origin a server configured for the https
/// front end names, which is not the page's.
pub const PAGE_ORIGIN_AS_HTTPS_PLACEHOLDER: &str = "{page_origin_as_https}";

/// A literal policy's header value for the page at `page_origin`.
pub fn fill_literal(value: &str, page_origin: &str) -> String {
    value
        .replace(PAGE_ORIGIN_AS_HTTPS_PLACEHOLDER, &as_https(page_origin))
        .replace(PAGE_ORIGIN_PLACEHOLDER, page_origin)
}

/// The same origin with `https` for its scheme (an https origin stays).
pub fn as_https(origin: &str) -> String {
    match origin.strip_prefix("http://") {
        Some(rest) => format!("https://{rest}"),
        None => origin.to_owned(),
    }
}
