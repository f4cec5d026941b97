//! The whole judgement for one engine: the preflight it sends, the checks it
//! runs in order, the first that fails, and what follows (cache, cookies,
//! readable headers, the explanation, the fix, the console lines), its
//! words in the language asked for.

use serde::{Deserialize, Serialize};

use crate::cache::{self, CacheEntry, CacheSource};
use crate::check::{self, Asker};
use crate::console;
use crate::cookies::{self, CookieEffect, ThirdPartyCookies};
use crate::engine::Engine;
use crate::error::InputError;
use crate::explain::{self, Fix, Subject};
use crate::expose::{self, Exposure};
use crate::failure::{Check, CheckName, Failure, Stage, Trace};
use crate::headers::Headers;
use crate::language::Language;
use crate::preflight::{self, Plan};
use crate::redirect;
use crate::request::Prepared;
use crate::response::Answer;
use crate::stream;

use crate::exchange::Exchange;

crate::texts! {
    // Why JavaScript reads the answer.
    ALLOWED_SAME_ORIGIN {
        en: "Same origin: CORS does not apply, JavaScript reads the whole response.",
        ru: "Тот же источник: CORS не применяется, JavaScript читает весь ответ.",
        zh: "同源：CORS 不适用，JavaScript 可以读取整个响应。",
    }
    ALLOWED_PREFLIGHTED {
        en: "The preflight passed, the request was sent, and the answer allows this origin to read it.",
        ru: "Предварительный запрос прошёл, запрос отправлен, и ответ разрешает этому источнику его прочитать.",
        zh: "预检请求通过了，请求已发送，响应允许这个源读取它。",
    }
    ALLOWED_SIMPLE {
        en: "A simple request (no preflight): the answer allows this origin to read it.",
        ru: "Простой запрос (без предварительного): ответ разрешает этому источнику его прочитать.",
        zh: "简单请求（没有预检）：响应允许这个源读取它。",
    }
    /// The cookie rule, for a request a failed preflight stopped.
    NEVER_SENT {
        en: "the request was never sent; had it been: {reason}",
        ru: "запрос так и не был отправлен; если бы был: {reason}",
        zh: "请求根本没有发出；如果发出了：{reason}",
    }

    // Where an engine departs from the standard.
    HEADER_MAP_ORDER {
        en: "Chromium checks request headers in its own header map's order, not the standard's sorted order: its console may name any of {names} (all are missing)",
        ru: "Chromium проверяет заголовки запроса в порядке своей внутренней таблицы заголовков, а не в отсортированном порядке, как велит стандарт: его консоль может назвать любой из {names} (не хватает всех)",
        zh: "Chromium 按它自己内部请求头表的顺序检查请求头，而不是按标准规定的排序顺序：它的控制台可能指出 {names} 中的任何一个（它们都缺失）",
    }
    MAX_AGE_CAPPED {
        en: "{engine} caps Access-Control-Max-Age at {cap} s (the standard sets no cap)",
        ru: "{engine} ограничивает Access-Control-Max-Age {cap} с (стандарт предела не задаёт)",
        zh: "{engine} 把 Access-Control-Max-Age 限制在 {cap} 秒以内（标准没有规定上限）",
    }
    FIREFOX_INVALID_MAX_AGE {
        en: "Firefox caches nothing for an unparsable Max-Age (the standard uses the 5 s default)",
        ru: "Firefox ничего не кеширует, если Max-Age не разбирается (стандарт берёт значение по умолчанию, 5 с)",
        zh: "Max-Age 无法解析时，Firefox 什么都不缓存（标准会使用默认的 5 秒）",
    }
    FIREFOX_DROPS_ENTRY {
        en: "Firefox removes the preflight cache entry when the response fails the CORS check, so the same request is preflighted again (the standard keeps it)",
        ru: "Firefox удаляет запись из кеша предварительных запросов, когда ответ не проходит проверку CORS, поэтому перед тем же запросом снова отправляется предварительный (стандарт запись сохраняет)",
        zh: "当响应没有通过 CORS 检查时，Firefox 会删除预检缓存条目，所以同样的请求会再次预检（标准会保留该条目）",
    }
    FIREFOX_LITERAL_CACHE {
        en: "Firefox's preflight cache matches methods and headers literally: the '*' that let this request through is not found for it again, so the same request is preflighted again (the standard's cache honours '*')",
        ru: "Кеш предварительных запросов Firefox сравнивает методы и заголовки буквально: '*', который пропустил этот запрос, при повторе для него не находится, поэтому перед тем же запросом снова отправляется предварительный (кеш по стандарту '*' учитывает)",
        zh: "Firefox 的预检缓存按字面匹配方法和请求头：放行这个请求的 '*' 下次不会被匹配到，所以同样的请求会再次预检（标准的缓存承认 '*'）",
    }
    STAR_COVERS_AUTHORIZATION {
        en: "{engine} lets Access-Control-Allow-Headers: * cover Authorization; the standard requires it to be listed{firefox}",
        ru: "{engine} позволяет Access-Control-Allow-Headers: * покрывать Authorization, а стандарт требует указывать его явно{firefox}",
        zh: "{engine} 允许 Access-Control-Allow-Headers: * 涵盖 Authorization；标准要求必须明确列出它{firefox}",
    }
    FIREFOX_WARNS {
        en: " (Firefox logs a deprecation warning)",
        ru: " (Firefox пишет предупреждение об устаревании)",
        zh: "（Firefox 会记录一条弃用警告）",
    }
    THIRD_PARTY_BLOCKED {
        en: "Chromium 156 blocks third-party cookies by default (a setting, not the standard)",
        ru: "Chromium 156 по умолчанию блокирует сторонние cookie (это настройка, а не стандарт)",
        zh: "Chromium 156 默认阻止第三方 Cookie（这是一项设置，不是标准）",
    }
}

/// Whether the page gets to read the response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Every check passed (or CORS did not apply): JavaScript reads the
    /// response.
    Allowed,
    /// A check failed, or the request could not be sent.
    Blocked,
}

/// The first check that failed, and in which answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failed {
    /// The answer it failed in.
    pub stage: Stage,
    /// The check, as the trace names it.
    pub check: CheckName,
    /// Why it failed, with what the engines quote.
    pub failure: Failure,
    /// The failure in a few words ([`Failure::describe`]).
    pub summary: String,
}

/// One engine's judgement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The engine this verdict is for.
    pub engine: Engine,
    /// Allowed or blocked.
    pub verdict: Outcome,
    /// Whether the page's origin differs from the URL's (when not, CORS
    /// does not apply).
    pub cross_origin: bool,
    /// The preflight the engine sends, if any.
    pub preflight: Option<Plan>,
    /// The actual request's headers as sent (`Origin` first).
    pub request_headers: Headers,
    /// Headers the page set that fetch drops (forbidden request headers).
    pub dropped_headers: Vec<String>,
    /// Whether the actual request reached the server (a blocked one may have).
    pub reached_server: bool,
    /// The checks the engine ran, in order, up to the first failure.
    pub checks: Vec<Check>,
    /// The first failure, if any.
    pub failed: Option<Failed>,
    /// The preflight cache entry a passing preflight left, if any.
    pub cache: Option<CacheEntry>,
    /// Whether the cookie the browser holds went with the actual request;
    /// `None` when it holds none.
    pub cookie_sent: Option<CookieEffect>,
    /// What the browser did with each `Set-Cookie` of the last answer
    /// (whatever the verdict; none if the request never reached the server).
    pub cookies_stored: Vec<CookieEffect>,
    /// Response headers JavaScript can read, when it can read the response.
    pub exposure: Option<Exposure>,
    /// What happened, in a learner's words.
    pub explanation: String,
    /// How to make the request pass, when blocked.
    pub fix: Option<Fix>,
    /// The lines the engine logs, exactly.
    pub console: Vec<String>,
    /// Where this engine departs from the Fetch standard in this exchange.
    pub departures: Vec<String>,
}

impl Exchange {
    /// Checks what the answers carry (the request is checked by `prepare`).
    pub fn validate(&self) -> Result<Prepared, InputError> {
        let prepared = self.request.prepare()?;
        for (field, answer) in [
            ("preflight", &self.preflight),
            ("response", &self.response),
            ("redirected", &self.redirected),
        ] {
            if let Some(answer) = answer {
                answer.validate(field)?;
            }
        }
        Ok(prepared)
    }
}

/// The judgement of `engine` on `exchange`.
pub fn judge(exchange: &Exchange, engine: Engine) -> Result<Verdict, InputError> {
    judge_in(Language::En, exchange, engine)
}

/// [`judge`], its words (explanation, summary, fix, cookie reasons,
/// departures) in `language`.
pub fn judge_in(
    language: Language,
    exchange: &Exchange,
    engine: Engine,
) -> Result<Verdict, InputError> {
    let written_body = exchange.request.body;
    if let Some(refusal) = stream::refused(engine, written_body) {
        return Err(refusal);
    }
    let exchange = stream::as_sent(exchange, engine);
    let exchange = exchange.as_ref();
    let request = exchange.validate()?;
    let mut trace = Trace::default();
    let plan = preflight::plan(engine, &request);
    let bare = Answer::new(200);
    let mut cache = None;
    if plan.is_some() {
        let answer = exchange.preflight.as_ref().unwrap_or(&bare);
        if preflight::run(engine, &request, answer, &mut trace) {
            cache = Some(cache::entry(engine, answer, &request));
        }
    }
    if !trace.failed() && stream::fails_to_send(engine, &request) {
        trace.run(
            Stage::Response,
            CheckName::Transport,
            Err(Failure::StreamNeedsHttp2),
        );
    }
    let reached_server = !trace.failed();
    let response = exchange.response.as_ref().unwrap_or(&bare);
    let ended = if reached_server && !request.same_origin() {
        let end = actual(engine, &request, exchange, &mut trace)?;
        if engine == Engine::Firefox && trace.failed() {
            // Firefox drops the preflight cache entry of a request whose
            // response failed the CORS check (measured by the matrix).
            if let Some(entry) = cache.as_mut() {
                entry.answers_repeat = false;
                entry.dropped = true;
            }
        }
        end
    } else {
        End {
            url: request.url.to_string(),
            redirected_from: None,
            answer: response.clone(),
        }
    };
    let mut verdict = assemble(
        language,
        engine,
        exchange,
        &request,
        plan,
        trace,
        cache,
        reached_server,
        ended,
    );
    verdict
        .departures
        .extend(stream::departure(language, engine, written_body));
    Ok(verdict)
}

/// The last answer the engine judged, and where it came from.
struct End {
    url: String,
    redirected_from: Option<String>,
    answer: Answer,
}

/// The CORS check on the actual response, through one redirect if any.
fn actual(
    engine: Engine,
    request: &Prepared,
    exchange: &Exchange,
    trace: &mut Trace,
) -> Result<End, InputError> {
    let bare = Answer::new(200);
    let response = exchange.response.as_ref().unwrap_or(&bare);
    let asker = Asker {
        origin: &request.origin,
        include_credentials: request.includes_credentials(),
    };
    if !response.is_redirect() {
        check::run(engine, asker, response, Stage::Response, trace);
        return Ok(End {
            url: request.url.to_string(),
            redirected_from: None,
            answer: response.clone(),
        });
    }
    let first = request.url.to_string();
    if !check::run(engine, asker, response, Stage::Redirect, trace) {
        return Ok(End {
            url: first,
            redirected_from: None,
            answer: response.clone(),
        });
    }
    let hop = match redirect::follow(&request.url, &request.origin, response)? {
        Ok(hop) => hop,
        Err(failure) => {
            trace.run(Stage::Redirect, CheckName::Redirect, Err(failure));
            return Ok(End {
                url: first,
                redirected_from: None,
                answer: response.clone(),
            });
        }
    };
    trace.run(
        Stage::Redirect,
        CheckName::Redirect,
        Ok(format!(
            "followed to {} with Origin: {}",
            hop.to, hop.origin
        )),
    );
    let answer = exchange.redirected.clone().unwrap_or(bare);
    let asker = Asker {
        origin: &hop.origin,
        ..asker
    };
    check::run(engine, asker, &answer, Stage::Response, trace);
    Ok(End {
        url: hop.to.to_string(),
        redirected_from: Some(first),
        answer,
    })
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    language: Language,
    engine: Engine,
    exchange: &Exchange,
    request: &Prepared,
    plan: Option<Plan>,
    trace: Trace,
    cache: Option<CacheEntry>,
    reached_server: bool,
    end: End,
) -> Verdict {
    let subject = Subject {
        origin: &request.origin,
        method: &request.method,
        include_credentials: request.includes_credentials(),
    };
    let failed = trace.failure.clone().map(|(stage, failure)| Failed {
        stage,
        check: failure.check(),
        summary: failure.describe_in(language),
        failure,
    });
    let console = failed.as_ref().map_or_else(Vec::new, |f| {
        let failed_answer = match f.stage {
            Stage::Preflight => exchange.preflight.as_ref(),
            Stage::Response | Stage::Redirect => Some(&end.answer),
        };
        let at = console::Context {
            url: &end.url,
            redirected_from: end.redirected_from.as_deref(),
            origin: &request.origin,
            status: failed_answer.map_or(200, |a| a.status),
        };
        console::lines(engine, f.stage, &f.failure, at)
    });
    let mut departures = departures(
        language,
        engine,
        cache.as_ref(),
        request,
        exchange.third_party_cookies,
    );
    if let Some(note) = failed.as_ref().and_then(|f| {
        header_order_note(
            language,
            engine,
            &f.failure,
            request,
            exchange.preflight.as_ref(),
        )
    }) {
        departures.push(note);
    }
    let explanation = match &failed {
        Some(f) => explain::explanation_in(language, f.stage, &f.failure, subject),
        None => allowed_text(language, request, plan.is_some()),
    };
    let setting = exchange.third_party_cookies;
    Verdict {
        engine,
        verdict: if failed.is_some() {
            Outcome::Blocked
        } else {
            Outcome::Allowed
        },
        cross_origin: !request.same_origin(),
        request_headers: sent_headers(request),
        dropped_headers: request.dropped.clone(),
        reached_server,
        checks: trace.checks,
        cache,
        cookie_sent: cookie_sent(language, engine, request, setting, reached_server),
        cookies_stored: if reached_server {
            cookies::stored(language, engine, request, &end.answer, setting)
        } else {
            Vec::new()
        },
        exposure: failed.is_none().then(|| exposure(request, &end.answer)),
        fix: failed
            .as_ref()
            .map(|f| explain::fix_in(language, &f.failure, subject)),
        failed,
        preflight: plan,
        explanation,
        console,
        departures,
    }
}

fn allowed_text(language: Language, request: &Prepared, preflighted: bool) -> String {
    let text = if request.same_origin() {
        ALLOWED_SAME_ORIGIN
    } else if preflighted {
        ALLOWED_PREFLIGHTED
    } else {
        ALLOWED_SIMPLE
    };
    text.get(language).to_owned()
}

/// The actual request's headers: `Origin` (cross-origin, or any non-GET/HEAD), then the page's.
fn sent_headers(request: &Prepared) -> Headers {
    let mut headers = Headers::new();
    if !request.same_origin() || !matches!(request.method.as_str(), "GET" | "HEAD") {
        headers = headers.with("Origin", &request.origin);
    }
    for (name, value) in request.headers.iter() {
        headers = headers.with(name, value);
    }
    headers
}

fn exposure(request: &Prepared, answer: &Answer) -> Exposure {
    let all = expose::exposure(
        answer,
        request.includes_credentials(),
        &request.read_headers,
    );
    if !request.same_origin() {
        return all;
    }
    // Same origin: every header but Set-Cookie is readable.
    let mut names: Vec<String> = all.readable.into_iter().chain(all.hidden).collect();
    names.sort();
    let (hidden, readable) = names.into_iter().partition(|n| n.starts_with("set-cookie"));
    Exposure { readable, hidden }
}

/// The cookie goes with the actual request only if that request is sent.
fn cookie_sent(
    language: Language,
    engine: Engine,
    request: &Prepared,
    setting: ThirdPartyCookies,
    reached: bool,
) -> Option<CookieEffect> {
    let mut effect = cookies::sent(language, engine, request, setting)?;
    if !reached {
        effect.yes = false;
        effect.reason = NEVER_SENT.fill(language, &[("reason", &effect.reason)]);
    }
    Some(effect)
}

/// The preflight passed although `Authorization` was only covered by `*`.
fn authorization_by_wildcard(entry: &CacheEntry, request: &Prepared) -> bool {
    let listed = |name: &str| entry.headers.iter().any(|h| h.eq_ignore_ascii_case(name));
    listed("*")
        && !listed("authorization")
        && crate::safelist::unsafe_names(&request.headers)
            .iter()
            .any(|n| n == "authorization")
}

/// Several request headers missing from Access-Control-Allow-Headers: the
/// standard checks them in sorted order and Firefox names the first; Chromium
/// 156 checks them in the order of its internal header map (a hash order,
/// measured by the browser matrix: with `x-token` and `x-trace` missing it
/// names `x-trace`, with `authorization` and `x-token` it names
/// `authorization`), so it may name another of them.
fn header_order_note(
    language: Language,
    engine: Engine,
    failure: &Failure,
    request: &Prepared,
    preflight: Option<&Answer>,
) -> Option<String> {
    let Failure::HeaderNotAllowed { .. } = failure else {
        return None;
    };
    let allowed = preflight
        .and_then(|a| a.get("access-control-allow-headers"))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let allowed = crate::headers::split_list(&allowed);
    let missing: Vec<String> = crate::safelist::unsafe_names(&request.headers)
        .into_iter()
        .filter(|n| !allowed.contains(&n.as_str()))
        .collect();
    (engine == Engine::Chromium && missing.len() > 1)
        .then(|| HEADER_MAP_ORDER.fill(language, &[("names", &missing.join(", "))]))
}

fn departures(
    language: Language,
    engine: Engine,
    cache: Option<&CacheEntry>,
    request: &Prepared,
    setting: ThirdPartyCookies,
) -> Vec<String> {
    let mut notes = Vec::new();
    let name = ("engine", &engine.name() as &dyn std::fmt::Display);
    if let Some(entry) = cache {
        match (entry.source, engine) {
            (CacheSource::Capped, _) => {
                notes.push(MAX_AGE_CAPPED.fill(language, &[name, ("cap", &engine.max_age_cap())]))
            }
            (CacheSource::Invalid, Engine::Firefox) => {
                notes.push(FIREFOX_INVALID_MAX_AGE.get(language).to_owned())
            }
            _ => {}
        }
        if entry.dropped {
            notes.push(FIREFOX_DROPS_ENTRY.get(language).to_owned());
        } else if engine == Engine::Firefox && entry.seconds > 0 && !entry.answers_repeat {
            notes.push(FIREFOX_LITERAL_CACHE.get(language).to_owned());
        }
        if authorization_by_wildcard(entry, request) {
            let warning = match engine {
                Engine::Firefox => FIREFOX_WARNS.get(language),
                _ => "",
            };
            notes.push(STAR_COVERS_AUTHORIZATION.fill(language, &[name, ("firefox", &warning)]));
        }
    }
    let cross_site = !request.same_origin() && !cookies::same_site(&request.origin, &request.url);
    if engine == Engine::Chromium
        && setting == ThirdPartyCookies::Blocked
        && request.cookie.is_some()
        && cross_site
    {
        notes.push(THIRD_PARTY_BLOCKED.get(language).to_owned());
    }
    notes
}
