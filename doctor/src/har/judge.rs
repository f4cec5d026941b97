//! One recorded request judged by the CORS model: the request rebuilt as
//! the page made it, the answers as recorded, each engine's verdict, and the
//! verdicts again with `credentials: "include"` when the HAR cannot say
//! which mode the page used. No CORS rule is decided here: what the HAR
//! holds becomes a `cors_model::Exchange`, and the model judges it.
//!
//! What the HAR cannot tell, and how it is read:
//! - Which headers the page set. The browser adds its own (User-Agent,
//!   `Sec-Fetch-*`, Firefox's `Priority`, …) and a HAR mixes them in. The
//!   page's CORS-unsafe headers are exactly those the preflight named in
//!   `Access-Control-Request-Headers`; the others the page may have set are
//!   the safelisted names. Those two go to the model, nothing else.
//! - The credentials mode. A `Cookie` header proves `include` (no other
//!   mode sends a cookie to another origin), and so does an `Authorization`
//!   the preflight did not name (the browser's own HTTP credentials; one the
//!   page set is a header of the page's, named by the preflight). Otherwise
//!   the mode is unknown: DevTools can also leave those headers out.
//! - A preflight the browser did not send again (its cache) or that the HAR
//!   left out: when the request itself went out, the preflight passed, and
//!   the model is given one that lets it through, so only the response is
//!   judged.

use std::collections::BTreeMap;

use cors_model::explain::Fix;
use cors_model::preflight;
use cors_model::{
    Answer, Credentials, Engine, Exchange, Failure, Headers, Language, Outcome, Request, Stage,
    Verdict,
};
use serde::Serialize;

use super::file::{Entry, Header};
use super::pair::{Case, OriginFrom};

/// The value given to a header the preflight named but the HAR does not
/// hold: its `(` makes it CORS-unsafe under every safelisted name too.
const NOT_RECORDED: &str = "(not recorded)";

cors_model::texts! {
    // What the HAR could not tell, and how it was read.
    ORIGIN_FROM_PREFLIGHT {
        en: "the HAR holds the request's headers as the page gave them, without Origin (the browser adds it on the way out): the origin is its preflight's",
        ru: "в HAR заголовки запроса записаны так, как их задала страница, без Origin (его браузер добавляет при отправке): источник взят из предварительного запроса",
        zh: "HAR 中记录的是页面给出的请求头，没有 Origin（浏览器在发出时才加上它）：源取自它的预检请求",
    }
    ORIGIN_GIVEN {
        en: "the request carried no Origin header: the origin is the page's, {origin}, as given; if it was an <img>, a <script> or a no-cors fetch, CORS did not apply to it",
        ru: "у запроса не было заголовка Origin: источником считается указанный источник страницы, {origin}; если это был <img>, <script> или fetch в режиме no-cors, CORS к нему не применялся",
        zh: "这个请求没有 Origin 请求头：源按给定的页面源 {origin} 计算；如果它是 <img>、<script> 或 no-cors 模式的 fetch，CORS 并不适用于它",
    }
    PREFLIGHT_NOT_RECORDED {
        en: "the browser sent this request after a preflight the HAR does not hold (its preflight cache, or a HAR without preflights): that preflight passed, so only the response is judged",
        ru: "браузер отправил этот запрос после предварительного, которого в HAR нет (он взят из кеша предварительных запросов, или HAR сохранён без них): тот предварительный запрос прошёл, поэтому оценивается только ответ",
        zh: "浏览器是在一次 HAR 中没有记录的预检之后发送这个请求的（来自预检缓存，或者 HAR 没有保存预检）：那次预检通过了，所以只评判响应",
    }
    NOT_A_CORS_FAILURE {
        en: "the browser reported {failure} for it, which is not a CORS failure: the answers pass every CORS check",
        ru: "браузер сообщил для него {failure}, но это не ошибка CORS: ответы проходят все проверки CORS",
        zh: "浏览器为它报告了 {failure}，但这不是 CORS 失败：这些响应通过了所有 CORS 检查",
    }
    ONLY_THE_PREFLIGHT {
        en: "only the preflight is in the HAR: the request is rebuilt from Access-Control-Request-Method and -Headers",
        ru: "в HAR есть только предварительный запрос: сам запрос восстановлен по Access-Control-Request-Method и -Headers",
        zh: "HAR 中只有预检请求：请求本身是根据 Access-Control-Request-Method 和 -Headers 重建的",
    }
    INCLUDE_BY_COOKIE {
        en: "credentials: \"include\": the request carried a Cookie header",
        ru: "credentials: \"include\": у запроса был заголовок Cookie",
        zh: "credentials: \"include\"：请求带有 Cookie 请求头",
    }
    INCLUDE_BY_AUTHORIZATION {
        en: "credentials: \"include\": the request carried an Authorization header the page did not set (its preflight did not name it): the browser's own HTTP credentials",
        ru: "credentials: \"include\": у запроса был заголовок Authorization, который страница не задавала (предварительный запрос его не называл): это собственные HTTP-учётные данные браузера",
        zh: "credentials: \"include\"：请求带有页面没有设置的 Authorization 请求头（它的预检请求没有列出它）：这是浏览器自己的 HTTP 凭据",
    }

    // Why a request was not sent.
    PREFLIGHT_UNANSWERED_REPORTED {
        en: "its preflight got no answer ({error})",
        ru: "на его предварительный запрос не пришло ответа ({error})",
        zh: "它的预检请求没有得到响应（{error}）",
    }
    PREFLIGHT_UNANSWERED {
        en: "its preflight got no answer",
        ru: "на его предварительный запрос не пришло ответа",
        zh: "它的预检请求没有得到响应",
    }
    REPORTED_NO_ANSWER {
        en: "the browser reported {error} and no answer",
        ru: "браузер сообщил {error}, и ответа нет",
        zh: "浏览器报告了 {error}，并且没有响应",
    }
    NO_ANSWER_RECORDED {
        en: "the HAR records no answer",
        ru: "в HAR не записан ответ",
        zh: "HAR 中没有记录响应",
    }
    NOT_SENT_NO_CHECK {
        en: "The request was not sent, or not answered: {why}. No answer means no CORS check: a network failure (server down, connection refused, blocked by an extension) looks the same to JavaScript, a TypeError.",
        ru: "Запрос не был отправлен или остался без ответа: {why}. Нет ответа — нет и проверки CORS: сетевая ошибка (сервер не работает, соединение отклонено, запрос заблокировало расширение) выглядит для JavaScript так же — как TypeError.",
        zh: "请求没有发出，或者没有得到响应：{why}。没有响应就没有 CORS 检查：网络故障（服务器宕机、连接被拒绝、被扩展拦截）在 JavaScript 看来也一样，都是 TypeError。",
    }
    PREFLIGHT_FAILED {
        en: "its preflight failed: {summary}",
        ru: "его предварительный запрос не прошёл: {summary}",
        zh: "它的预检请求失败了：{summary}",
    }
    PASSED_REPORTED_NO_ANSWER {
        en: "the preflight passed, but the browser reported {error} and no answer",
        ru: "предварительный запрос прошёл, но браузер сообщил {error}, и ответа нет",
        zh: "预检请求通过了，但浏览器报告了 {error}，并且没有响应",
    }
    PASSED_NO_ANSWER_RECORDED {
        en: "the preflight passed, but the HAR records no answer",
        ru: "предварительный запрос прошёл, но в HAR не записан ответ",
        zh: "预检请求通过了，但 HAR 中没有记录响应",
    }
    NOT_SENT_NOT_CORS {
        en: "The request was not sent, or not answered: {why}. That is not a CORS decision.",
        ru: "Запрос не был отправлен или остался без ответа: {why}. Это решение принимал не CORS.",
        zh: "请求没有发出，或者没有得到响应：{why}。这不是 CORS 做出的决定。",
    }
}

/// The safelisted names a page may set without a preflight.
const SAFELISTED_NAMES: [&str; 5] = [
    "accept",
    "accept-language",
    "content-language",
    "content-type",
    "range",
];

/// A verdict as the report gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Said {
    /// JavaScript could read the answer.
    Allowed,
    /// The engine blocked it.
    Blocked,
    /// Nothing recorded to judge (the request was not sent, and this engine
    /// would have passed the preflight that stopped it).
    Unknown,
}

impl From<Outcome> for Said {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Allowed => Said::Allowed,
            Outcome::Blocked => Said::Blocked,
        }
    }
}

impl Said {
    /// The word the report and its JSON use.
    pub fn name(self) -> &'static str {
        match self {
            Said::Allowed => "allowed",
            Said::Blocked => "blocked",
            Said::Unknown => "unknown",
        }
    }
}

/// What the HAR says of the credentials mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CredentialsSeen {
    /// A cookie or Authorization went with it: `credentials: "include"`.
    Include,
    /// Nothing recorded says which mode the page used.
    Unknown,
}

/// The check that failed, as the model names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FailedCheck {
    /// Which exchange failed it.
    pub stage: Stage,
    /// The check's name (`allow-origin`, …).
    pub check: String,
    /// What failed, in a sentence.
    pub summary: String,
}

/// One engine's judgement, in the report's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EngineVerdict {
    /// The verdict.
    pub verdict: Said,
    /// The check that failed, if one did.
    pub failed_check: Option<FailedCheck>,
    /// Why, in words.
    pub explanation: String,
    /// What to change on the server, where the model knows.
    pub fix: Option<Fix>,
    /// The lines this engine logs for it.
    pub console: Vec<String>,
}

/// One cross-origin request of the HAR, judged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Judged {
    /// The request's URL.
    pub url: String,
    /// Its method.
    pub method: String,
    /// The page's origin it was judged from.
    pub origin: String,
    /// A preflight for it is in the HAR.
    pub preflight: bool,
    /// The credentials mode, as far as the HAR tells.
    pub credentials: CredentialsSeen,
    /// Each engine's verdict, by its name.
    pub verdicts: BTreeMap<&'static str, Said>,
    /// With `credentials: "include"`, when the mode is unknown and that
    /// changes an engine's verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdicts_with_credentials: Option<BTreeMap<&'static str, Said>>,
    /// The model's `Failure` of the engine explained (the first that blocks).
    pub failure: Option<Failure>,
    /// Why, in words.
    pub explanation: String,
    /// The engine whose failure and explanation these are.
    pub explained_for: &'static str,
    /// That engine's failed check.
    pub failed_check: Option<FailedCheck>,
    /// What to change on the server, where the model knows.
    pub fix: Option<Fix>,
    /// Whether the request went out (false: stopped by its preflight, or
    /// refused before an answer).
    pub sent: bool,
    /// Why it was not sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_sent: Option<String>,
    /// The recorded status (0: none).
    pub status: u16,
    /// Its place in `log.entries`, from 1.
    pub entry: usize,
    /// Each engine, in full.
    pub engines: BTreeMap<&'static str, EngineVerdict>,
    /// What the HAR could not tell, and how it was read.
    pub notes: Vec<String>,
    /// Set when the model could not judge what was recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The request the page made, rebuilt from what was recorded.
struct Rebuilt {
    request: Request,
    credentials: CredentialsSeen,
    notes: Vec<String>,
}

/// Judges one case.
pub fn judge(case: &Case) -> Judged {
    judge_in(Language::En, case)
}

/// [`judge`], the explanations, fixes and notes in `language`.
pub fn judge_in(language: Language, case: &Case) -> Judged {
    let rebuilt = rebuild(language, case);
    let mut judged = Judged {
        url: rebuilt.request.url.clone(),
        method: rebuilt.request.method.clone(),
        origin: case.origin.clone(),
        preflight: case.preflight.is_some(),
        credentials: rebuilt.credentials,
        verdicts: BTreeMap::new(),
        verdicts_with_credentials: None,
        failure: None,
        explanation: String::new(),
        explained_for: Engine::Chromium.name(),
        failed_check: None,
        fix: None,
        sent: true,
        not_sent: None,
        status: case
            .request
            .map_or(0, |e| u16::try_from(e.response.status).unwrap_or(0)),
        entry: case.number,
        engines: BTreeMap::new(),
        notes: rebuilt.notes.clone(),
        error: None,
    };
    match case.origin_from {
        OriginFrom::Header => {}
        OriginFrom::Preflight => judged
            .notes
            .push(ORIGIN_FROM_PREFLIGHT.get(language).into()),
        OriginFrom::Given => judged
            .notes
            .push(ORIGIN_GIVEN.fill(language, &[("origin", &case.origin)])),
    }
    let sent = case.request.filter(|e| !e.unanswered());
    match sent {
        Some(entry) => judge_sent(language, case, entry, rebuilt, &mut judged),
        None => judge_unsent(language, case, rebuilt, &mut judged),
    }
    judged
}

/// Recorded with an answer: the model judges the answers.
fn judge_sent(
    language: Language,
    case: &Case,
    entry: &Entry,
    rebuilt: Rebuilt,
    judged: &mut Judged,
) {
    let mut exchange = Exchange {
        request: rebuilt.request,
        preflight: case.preflight.filter(|p| !p.unanswered()).map(answer_of),
        response: Some(answer_of(entry)),
        redirected: case.redirected.filter(|e| !e.unanswered()).map(answer_of),
        third_party_cookies: Default::default(),
    };
    if exchange.preflight.is_none() {
        if let Some(passed) = passed_preflight(&exchange.request) {
            judged
                .notes
                .push(PREFLIGHT_NOT_RECORDED.get(language).into());
            exchange.preflight = Some(passed);
        }
    } else if case.preflight.is_some() && !preflighted(&exchange.request) {
        // The browser preflighted what the method and headers do not call
        // for: an upload listener or a streamed body. The model is told so.
        exchange.request.upload_listener = true;
    }
    let Some(verdicts) = model_verdicts(language, &exchange, judged) else {
        return;
    };
    fill(judged, &verdicts, |v| v.verdict.into());
    if let Some(failure) = entry.failure() {
        if verdicts.iter().all(|v| v.verdict == Outcome::Allowed) {
            let note = NOT_A_CORS_FAILURE.fill(language, &[("failure", &failure)]);
            judged.notes.push(note);
        }
    }
    if rebuilt.credentials == CredentialsSeen::Unknown {
        exchange.request.credentials = Credentials::Include;
        with_credentials(judged, &exchange, |v| v.verdict.into());
    }
}

/// Both engines' verdicts, or `None` with the model's complaint kept in
/// `judged.error`.
fn model_verdicts(
    language: Language,
    exchange: &Exchange,
    judged: &mut Judged,
) -> Option<Vec<Verdict>> {
    match cors_model::explain_in(language, exchange, None) {
        Ok(explanation) => Some(explanation.results),
        Err(e) => {
            judged.error = Some(format!("{}: {}", e.field, e.message));
            None
        }
    }
}

/// Recorded without an answer: not sent, and why.
fn judge_unsent(language: Language, case: &Case, rebuilt: Rebuilt, judged: &mut Judged) {
    judged.sent = false;
    let reported = case
        .request
        .and_then(Entry::failure)
        .or_else(|| case.preflight.and_then(Entry::failure));
    let preflight = case.preflight.filter(|p| !p.unanswered());
    let Some(preflight) = preflight else {
        let why = match (case.request, reported) {
            (None, Some(error)) => {
                PREFLIGHT_UNANSWERED_REPORTED.fill(language, &[("error", &error)])
            }
            (None, None) => PREFLIGHT_UNANSWERED.get(language).to_owned(),
            (Some(_), Some(error)) => REPORTED_NO_ANSWER.fill(language, &[("error", &error)]),
            (Some(_), None) => NO_ANSWER_RECORDED.get(language).to_owned(),
        };
        let explanation = NOT_SENT_NO_CHECK.fill(language, &[("why", &why)]);
        judged.not_sent = Some(why);
        judged.explanation = explanation.clone();
        for engine in Engine::ALL {
            judged.verdicts.insert(engine.name(), Said::Blocked);
            judged.engines.insert(
                engine.name(),
                EngineVerdict {
                    verdict: Said::Blocked,
                    failed_check: None,
                    explanation: explanation.clone(),
                    fix: None,
                    console: Vec::new(),
                },
            );
        }
        return;
    };
    let mut exchange = Exchange {
        request: rebuilt.request,
        preflight: Some(answer_of(preflight)),
        response: None,
        redirected: None,
        third_party_cookies: Default::default(),
    };
    if !preflighted(&exchange.request) {
        exchange.request.upload_listener = true;
    }
    let Some(verdicts) = model_verdicts(language, &exchange, judged) else {
        return;
    };
    // Only a failed preflight says why: past it, nothing was recorded.
    let stopped = |v: &Verdict| -> Said {
        match &v.failed {
            Some(f) if f.stage == Stage::Preflight => Said::Blocked,
            _ => Said::Unknown,
        }
    };
    fill(judged, &verdicts, stopped);
    if judged.verdicts.values().all(|v| *v != Said::Blocked) {
        // Every engine passes the preflight: the failure the model found
        // past it is in an answer that was never recorded.
        judged.failure = None;
        judged.failed_check = None;
        judged.fix = None;
    }
    let why = match (judged.failed_check.as_ref(), reported) {
        (Some(check), _) => PREFLIGHT_FAILED.fill(language, &[("summary", &check.summary)]),
        (None, Some(error)) => PASSED_REPORTED_NO_ANSWER.fill(language, &[("error", &error)]),
        (None, None) => PASSED_NO_ANSWER_RECORDED.get(language).to_owned(),
    };
    if case.request.is_none() {
        judged.notes.push(ONLY_THE_PREFLIGHT.get(language).into());
    }
    if judged.failed_check.is_none() {
        judged.explanation = NOT_SENT_NOT_CORS.fill(language, &[("why", &why)]);
    }
    judged.not_sent = Some(why);
    if rebuilt.credentials == CredentialsSeen::Unknown {
        exchange.request.credentials = Credentials::Include;
        with_credentials(judged, &exchange, stopped);
    }
}

/// Sets the verdicts, and the failure and explanation of the first engine
/// that blocks (else the first engine's).
fn fill(judged: &mut Judged, verdicts: &[Verdict], said: impl Fn(&Verdict) -> Said) {
    for v in verdicts {
        let verdict = said(v);
        judged.verdicts.insert(v.engine.name(), verdict);
        judged.engines.insert(
            v.engine.name(),
            EngineVerdict {
                verdict,
                failed_check: v.failed.as_ref().map(|f| FailedCheck {
                    stage: f.stage,
                    check: f.check.name().to_owned(),
                    summary: f.summary.clone(),
                }),
                explanation: v.explanation.clone(),
                fix: v.fix.clone(),
                console: v.console.clone(),
            },
        );
    }
    let chosen = verdicts
        .iter()
        .find(|v| said(v) == Said::Blocked)
        .or(verdicts.first());
    if let Some(v) = chosen {
        judged.explained_for = v.engine.name();
        judged.failure = v.failed.as_ref().map(|f| f.failure.clone());
        judged.failed_check = judged.engines[v.engine.name()].failed_check.clone();
        judged.explanation = v.explanation.clone();
        judged.fix = v.fix.clone();
    }
}

/// The verdicts with `credentials: "include"`, kept when one differs (the
/// verdicts only: their words are not kept, so English serves).
fn with_credentials(judged: &mut Judged, exchange: &Exchange, said: impl Fn(&Verdict) -> Said) {
    let Ok(explanation) = cors_model::explain(exchange, None) else {
        return;
    };
    let verdicts: BTreeMap<&'static str, Said> = explanation
        .results
        .iter()
        .map(|v| (v.engine.name(), said(v)))
        .collect();
    if verdicts != judged.verdicts {
        judged.verdicts_with_credentials = Some(verdicts);
    }
}

/// Whether the model preflights this request in some engine.
fn preflighted(request: &Request) -> bool {
    Engine::ALL
        .iter()
        .any(|e| preflight::needs_preflight(*e, &request.method, &request.headers))
}

/// A preflight answer that passes, for a preflight the browser sent but the
/// HAR does not hold (`None` when the model sends none).
fn passed_preflight(request: &Request) -> Option<Answer> {
    let prepared = request.prepare().ok()?;
    let plan = Engine::ALL
        .iter()
        .find_map(|e| preflight::plan(*e, &prepared))?;
    let mut answer = Answer::new(204)
        .with("Access-Control-Allow-Origin", &request.origin)
        .with("Access-Control-Allow-Credentials", "true")
        .with("Access-Control-Allow-Methods", &plan.request_method);
    if let Some(names) = &plan.request_headers {
        answer = answer.with("Access-Control-Allow-Headers", names);
    }
    Some(answer)
}

/// The request as the page made it (its notes in `language`).
fn rebuild(language: Language, case: &Case) -> Rebuilt {
    let mut notes = Vec::new();
    let named = named_headers(case.preflight);
    let (method, url) = match (case.request, case.preflight) {
        (Some(entry), _) => (entry.request.method.clone(), entry.request.url.clone()),
        (None, Some(preflight)) => (
            preflight
                .request_header("access-control-request-method")
                .unwrap_or_default()
                .trim()
                .to_owned(),
            preflight.request.url.clone(),
        ),
        (None, None) => (String::new(), String::new()),
    };
    let recorded: &[Header] = case.request.map_or(&[], |e| &e.request.headers[..]);
    let mut headers = Headers::new();
    for header in recorded {
        let name = header.name.to_ascii_lowercase();
        if named.contains(&name) || SAFELISTED_NAMES.contains(&name.as_str()) {
            headers = headers.with(&header.name, &one_line(&header.value));
        }
    }
    for name in &named {
        if !headers.contains(name) {
            headers = headers.with(name, NOT_RECORDED);
        }
    }
    let has = |name: &str| case.request.is_some_and(|e| e.has_request_header(name));
    let credentials = if has("cookie") {
        notes.push(INCLUDE_BY_COOKIE.get(language).to_owned());
        CredentialsSeen::Include
    } else if has("authorization") && !named.iter().any(|n| n == "authorization") {
        notes.push(INCLUDE_BY_AUTHORIZATION.get(language).to_owned());
        CredentialsSeen::Include
    } else {
        CredentialsSeen::Unknown
    };
    Rebuilt {
        request: Request {
            headers,
            credentials: match credentials {
                CredentialsSeen::Include => Credentials::Include,
                // As sent: no credentials to another origin.
                CredentialsSeen::Unknown => Credentials::SameOrigin,
            },
            ..Request::new(case.origin.clone(), super::pair::normalise(&url), method)
        },
        credentials,
        notes,
    }
}

/// The names the preflight asked for, lower-cased.
fn named_headers(preflight: Option<&Entry>) -> Vec<String> {
    preflight
        .and_then(|p| p.request_header("access-control-request-headers"))
        .map(|list| {
            list.split(',')
                .map(|n| n.trim().to_ascii_lowercase())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A recorded answer. DevTools writes a repeated header as one value with
/// a line feed between the two: each line is a header of its own here.
/// Names that are not tokens (HTTP/2's `:status`) are left out.
pub fn answer_of(entry: &Entry) -> Answer {
    let status = u16::try_from(entry.response.status)
        .ok()
        .filter(|s| (100..=599).contains(s))
        .unwrap_or(200);
    let mut answer = Answer::new(status);
    for header in &entry.response.headers {
        if !cors_model::headers::is_token(&header.name) {
            continue;
        }
        for line in header.value.split('\n') {
            answer = answer.with(&header.name, &one_line(line));
        }
    }
    answer
}

/// A value without CR, LF or NUL (which no HTTP header line can hold).
fn one_line(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if matches!(c, '\r' | '\n' | '\0') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}
