//! Console text back to the check that failed: a line (or a whole block)
//! as copied from DevTools, read with the patterns made from the writers'
//! templates (see `pattern`). What a line cannot tell stays unknown: Firefox
//! never names the page's origin, nor the method it refused, nor whether a
//! missing `Access-Control-Allow-Origin` was the preflight's or the
//! response's; WebKit's reason never names the URL (the line after it
//! does), and it words a missing `Access-Control-Allow-Origin` and another
//! origin's alike. The notes on lines that name no check are written in
//! the language asked for ([`read_in`]).

use regex_lite::{Captures, Regex};
use serde::Serialize;
use std::sync::LazyLock;

use super::pattern::{self, Pattern};
use super::{firefox, webkit, Api};
use crate::engine::Engine;
use crate::failure::{Failure, Stage};
use crate::language::Language;
use crate::text::Text;

/// What one line says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// The engine whose words these are; `None` for a line no engine's
    /// template writes.
    pub engine: Option<Engine>,
    /// fetch or XMLHttpRequest, where the line says (Chromium's do).
    pub api: Option<Api>,
    /// The URL the line names as blocked.
    pub url: Option<String>,
    /// The page's origin, where the line names it (Chromium's do).
    pub origin: Option<String>,
    /// The first URL, when the line says a redirect led to `url`
    /// (Chromium's do).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirected_from: Option<String>,
    /// Which exchange failed, where the line tells.
    pub stage: Option<Stage>,
    /// The failed check, when the line names exactly one.
    pub failure: Option<Failure>,
    /// The fields of `failure` the line does not give: the reading holds a
    /// stand-in there (an empty text, status 0), never shown as a value.
    #[serde(skip)]
    pub unnamed: Vec<&'static str>,
    /// What a line that names no check means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The HTTP status, when a line gives it (Chromium's second line does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The line as read, without what DevTools puts around it.
    pub line: String,
}

impl Reading {
    pub(super) fn unknown(line: &str) -> Reading {
        Reading {
            engine: None,
            api: None,
            url: None,
            origin: None,
            redirected_from: None,
            stage: None,
            failure: None,
            unnamed: Vec::new(),
            note: None,
            status: None,
            line: line.to_owned(),
        }
    }
}

/// Every line of `text` that an engine's template writes, or that names no
/// check but says something (Chromium's `net::ERR_…` lines, Firefox's "CORS
/// request did not succeed", the errors JavaScript sees); when none does,
/// one reading that says so. Empty text gives none.
pub fn read(text: &str) -> Vec<Reading> {
    read_in(Language::En, text)
}

/// [`read`], its notes in `language`.
pub fn read_in(language: Language, text: &str) -> Vec<Reading> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut readings: Vec<Reading> = Vec::new();
    for line in &lines {
        let reading = read_cors_line(language, line).or_else(|| read_other_line(language, line));
        if let Some(reading) = reading {
            fold_status(&mut readings, &reading);
            fold_did_not_succeed(&mut readings, &reading);
            fold_webkit_url(&mut readings, &reading);
            readings.push(reading);
        }
    }
    if readings.is_empty() && !lines.is_empty() {
        let mut nothing = Reading::unknown(&lines.join("\n"));
        nothing.note = Some(NOT_A_CORS_LINE.get(language).into());
        readings.push(nothing);
    }
    readings
}

crate::texts! {
    NOT_A_CORS_LINE {
        en: "No line here is one a browser logs for a CORS failure. Copy the red line from the browser's console that names the URL (Chromium: \"Access to fetch at … has been blocked by CORS policy: …\"; Firefox: \"Cross-Origin Request Blocked: … (Reason: …)\"; WebKit: the line before \"Fetch API cannot load … due to access control checks.\").",
        ru: "Здесь нет ни одной строки, которую браузер пишет при ошибке CORS. Скопируйте из консоли браузера красную строку, в которой назван URL (Chromium: «Access to fetch at … has been blocked by CORS policy: …»; Firefox: «Cross-Origin Request Blocked: … (Reason: …)» или та же строка на языке вашего Firefox; WebKit: строку перед «Fetch API cannot load … due to access control checks.»).",
        zh: "这里没有任何一行是浏览器在 CORS 失败时记录的。请从浏览器控制台复制写有 URL 的那条红色的行（Chromium：“Access to fetch at … has been blocked by CORS policy: …”；Firefox：“Cross-Origin Request Blocked: … (Reason: …)”，或你的 Firefox 所用语言的同一行；WebKit：“Fetch API cannot load … due to access control checks.”的前一行）。",
    }
    FIREFOX_NAMES_NO_CHECK {
        en: "Firefox names no check in this line: the request did not complete. After a line about a failed preflight, it is the request that preflight stopped, never sent. On its own, the server was not reached (nothing listens there, a name that does not resolve, a refused certificate) or a redirect was refused: look at the line before it, and at the Network tab.",
        ru: "В этой строке Firefox не называет никакой проверки: запрос не завершился. Если перед ней стоит строка о непройденном предварительном запросе, речь о запросе, который тот остановил: он так и не был отправлен. Если она стоит сама по себе, до сервера не достучались (там ничего не слушает, имя не разрешается, сертификат отвергнут) или было отклонено перенаправление: посмотрите на строку перед ней и на панель «Сеть».",
        zh: "Firefox 在这一行中没有指出任何检查：请求没有完成。如果它前面是一条关于预检失败的行，它说的就是被那次预检拦下、从未发出的请求。如果它单独出现，说明没能连到服务器（那里没有服务在监听、域名无法解析、证书被拒绝），或者重定向被拒绝了：请看它前面的一行，以及 “网络”面板。",
    }
    CHROMIUM_NAMES_NO_CHECK {
        en: "Chromium names no check in this line.",
        ru: "В этой строке Chromium не называет никакой проверки.",
        zh: "Chromium 在这一行中没有指出任何检查。",
    }
    WEBKIT_NAMES_NO_CHECK {
        en: "WebKit names no check in this line: it names the URL it blocked, and the line before it (\"Origin … is not allowed by Access-Control-Allow-Origin.\", \"Preflight response is not successful.\", …) says why. Without such a line before it, the Network tab shows what failed.",
        ru: "В этой строке WebKit не называет никакой проверки: в ней назван заблокированный URL, а почему он заблокирован, говорит строка перед ней («Origin … is not allowed by Access-Control-Allow-Origin.», «Preflight response is not successful.», …). Если такой строки перед ней нет, что не прошло, покажет панель «Сеть».",
        zh: "WebKit 在这一行中没有指出任何检查：它写出被拦截的 URL，原因在它前面的一行（“Origin … is not allowed by Access-Control-Allow-Origin.”、“Preflight response is not successful.”……）。如果前面没有这样的行，可以在 “网络”面板里看到是什么失败了。",
    }
    UNKNOWN_REASON {
        en: "A CORS failure the lab's model does not know yet ({engine}'s reason: \"{reason}\"). The lab reads the reasons Chromium 156 and Firefox ESR 153 give.",
        ru: "Ошибка CORS, которую модель лаборатории пока не знает (причина по словам {engine}: «{reason}»). Лаборатория понимает причины, которые называют Chromium 156 и Firefox ESR 153.",
        zh: "这是实验室的模型还不认识的 CORS 失败（{engine} 给出的原因：“{reason}”）。实验室能读懂 Chromium 156 和 Firefox ESR 153 给出的原因。",
    }
    CHROMIUM_NETWORK_LINE {
        en: "Chromium's network line for the same request: net::ERR_FAILED after a CORS line means the CORS check failed (the line before says which); the number after it is the status the server answered. Any other net::ERR_ means the request itself failed (not CORS): nothing listens, the name does not resolve, the certificate is refused.",
        ru: "Сетевая строка Chromium о том же запросе: net::ERR_FAILED после строки о CORS значит, что не прошла проверка CORS (какая — сказано в строке перед ней); число после него — статус, которым ответил сервер. Любой другой net::ERR_ значит, что не удался сам запрос (дело не в CORS): там ничего не слушает, имя не разрешается, сертификат отвергнут.",
        zh: "这是 Chromium 针对同一请求的网络行：CORS 行之后的 net::ERR_FAILED 表示 CORS 检查失败了（前一行说明是哪项）；它后面的数字是服务器响应的状态码。其他任何 net::ERR_ 都表示请求本身失败了（不是 CORS）：那里没有服务在监听、域名无法解析、证书被拒绝。",
    }
    CHROMIUM_LOG_NETWORK_LINE {
        en: "Chromium's network line for the same request (as its log writes it): net::ERR_FAILED after a CORS line means the CORS check failed (the line before says which); any other net::ERR_ means the request itself failed, not CORS.",
        ru: "Сетевая строка Chromium о том же запросе (в том виде, как её пишет журнал): net::ERR_FAILED после строки о CORS значит, что не прошла проверка CORS (какая — сказано в строке перед ней); любой другой net::ERR_ значит, что не удался сам запрос, а CORS ни при чём.",
        zh: "这是 Chromium 针对同一请求的网络行（按其日志的写法）：CORS 行之后的 net::ERR_FAILED 表示 CORS 检查失败了（前一行说明是哪项）；其他任何 net::ERR_ 都表示请求本身失败了，不是 CORS。",
    }
    CHROMIUM_TYPE_ERROR {
        en: "What JavaScript sees in Chromium for every failure, CORS or network alike: the reason is only in the console line, never in the error.",
        ru: "Это видит JavaScript в Chromium при любой ошибке, будь то CORS или сеть: причина есть только в строке консоли и никогда — в самой ошибке.",
        zh: "在 Chromium 中，无论是 CORS 还是网络故障，JavaScript 看到的都是这个：原因只出现在控制台的那一行里，错误本身从不包含原因。",
    }
    FIREFOX_TYPE_ERROR {
        en: "What JavaScript sees in Firefox for every failure, CORS or network alike: the reason is only in the console line, never in the error.",
        ru: "Это видит JavaScript в Firefox при любой ошибке, будь то CORS или сеть: причина есть только в строке консоли и никогда — в самой ошибке.",
        zh: "在 Firefox 中，无论是 CORS 还是网络故障，JavaScript 看到的都是这个：原因只出现在控制台的那一行里，错误本身从不包含原因。",
    }
    WEBKIT_TYPE_ERROR {
        en: "What JavaScript sees in WebKit (Safari) for every failure, CORS or network alike: the reason is only in the console line, never in the error.",
        ru: "Это видит JavaScript в WebKit (Safari) при любой ошибке, будь то CORS или сеть: причина есть только в строке консоли и никогда — в самой ошибке.",
        zh: "在 WebKit (Safari) 中，无论是 CORS 还是网络故障，JavaScript 看到的都是这个：原因只出现在控制台的那一行里，错误本身从不包含原因。",
    }
    WEBKIT_STREAM_REFUSED {
        en: "WebKit (Safari) does not send a ReadableStream request body: fetch refused it before anything was sent. No request, no preflight, no CORS check: send the body as a string, a Blob or an ArrayBuffer.",
        ru: "WebKit (Safari) не отправляет тело запроса ReadableStream: fetch отказал ещё до отправки. Нет запроса, нет предварительного запроса, нет проверки CORS: отправляйте тело строкой, Blob или ArrayBuffer.",
        zh: "WebKit (Safari) 不发送 ReadableStream 请求体：fetch 在发送任何东西之前就拒绝了它。没有请求，没有预检请求，也没有 CORS 检查：请把请求体作为字符串、Blob 或 ArrayBuffer 发送。",
    }
    REQUEST_ITSELF_FAILED {
        en: "{error}: the request itself failed, before any CORS check (nothing listens there, a name that does not resolve, a refused certificate, a protocol error). Not CORS.",
        ru: "{error}: не удался сам запрос, ещё до всякой проверки CORS (там ничего не слушает, имя не разрешается, сертификат отвергнут, ошибка протокола). Дело не в CORS.",
        zh: "{error}：请求本身失败了，发生在任何 CORS 检查之前（那里没有服务在监听、域名无法解析、证书被拒绝、协议错误）。不是 CORS 的问题。",
    }
}

/// One line against every template's pattern.
fn read_cors_line(language: Language, line: &str) -> Option<Reading> {
    let found: Vec<(&Pattern, Captures)> = pattern::ALL
        .iter()
        .filter_map(|p| p.regex.captures(line).map(|c| (p, c)))
        .collect();
    let Some((first, caps)) = found.first() else {
        return read_unknown_reason(language, line);
    };
    let mut reading = Reading::unknown(caps.get(0).map_or(line, |m| m.as_str()));
    reading.engine = Some(first.engine);
    reading.url = text(caps, "url");
    reading.origin = text(caps, "origin");
    reading.redirected_from = text(caps, "from");
    reading.api = caps.name("api").map(|api| match api.as_str() {
        "XMLHttpRequest" => Api::Xhr,
        _ => Api::Fetch,
    });
    reading.status = caps.name("status").and_then(|s| s.as_str().parse().ok());
    let stages = found.iter().filter(|(p, _)| p.engine == first.engine);
    reading.stage = one_stage(stages.map(|(p, _)| p.stage));
    match one_failure(&found) {
        Some((failure, unnamed)) => {
            reading.failure = Some(failure);
            reading.unnamed = unnamed;
        }
        None => reading.note = Some(no_check_note(first.engine).get(language).into()),
    }
    Some(reading)
}

fn text(caps: &Captures, slot: &str) -> Option<String> {
    caps.name(slot).map(|m| m.as_str().to_owned())
}

/// The stage, when every template that writes the line agrees. A line the
/// model writes for a response and for a redirect alike is read as the
/// response's: the redirect's own check failing is the rare case, and a
/// status line after it (3xx) tells it apart (see `fold_status`).
fn one_stage(stages: impl Iterator<Item = Stage>) -> Option<Stage> {
    let mut all: Vec<Stage> = stages.collect();
    all.sort_by_key(|s| s.name());
    all.dedup();
    match all.as_slice() {
        [one] => Some(*one),
        [Stage::Redirect, Stage::Response] => Some(Stage::Response),
        _ => None,
    }
}

/// The failure, when the templates that write the line name one check.
fn one_failure(found: &[(&Pattern, Captures)]) -> Option<(Failure, Vec<&'static str>)> {
    let mut kinds: Vec<&str> = found.iter().map(|(p, _)| p.failure.kind()).collect();
    kinds.sort();
    kinds.dedup();
    let (pattern, caps) = found.first()?;
    match kinds.as_slice() {
        [_] => Some(fill(&pattern.failure, caps)),
        // Firefox words both alike, and its own check calls every value
        // that is not the origin a mismatch (see `check`): so does the
        // reader.
        // Firefox's second line for a redirected preflight is its line for a
        // preflight's bad status, with the redirect's status: the model
        // never calls a 3xx a bad status, so that line names no new check.
        // WebKit words both alike, with the status: a 3xx is the redirect.
        ["preflight-redirect", "preflight-status"] => {
            let status = text(caps, "status").and_then(|s| s.parse::<u16>().ok())?;
            let redirect = (300..400).contains(&status);
            match (pattern.engine, redirect) {
                (_, false) => Some((Failure::PreflightStatus { status }, Vec::new())),
                (Engine::Webkit, true) => Some((Failure::PreflightRedirect { status }, Vec::new())),
                (_, true) => None,
            }
        }
        ["allow-origin-mismatch", "invalid-allow-origin"] => Some((
            Failure::AllowOriginMismatch {
                value: text(caps, "value").unwrap_or_default(),
            },
            Vec::new(),
        )),
        // WebKit words a missing, an invalid and another origin's value
        // alike: read as the commonest, no header at all (the fix is the
        // same; `pasted` says the line cannot tell them apart).
        ["allow-origin-mismatch", "invalid-allow-origin", "missing-allow-origin"] => {
            let mut unnamed = Vec::new();
            let status = status(caps, &mut unnamed);
            Some((Failure::MissingAllowOrigin { status }, unnamed))
        }
        _ => None,
    }
}

/// The marked failure with the line's values in its fields; a field the
/// line does not give gets a stand-in and is listed.
fn fill(marked: &Failure, caps: &Captures) -> (Failure, Vec<&'static str>) {
    use Failure::*;
    let mut unnamed = Vec::new();
    let mut take = |field: &'static str| {
        text(caps, field).unwrap_or_else(|| {
            unnamed.push(field);
            String::new()
        })
    };
    let failure = match marked {
        MissingAllowOrigin { .. } => MissingAllowOrigin {
            status: status(caps, &mut unnamed),
        },
        MultipleAllowOrigin { .. } => MultipleAllowOrigin {
            value: take("value"),
        },
        InvalidAllowOrigin { .. } => InvalidAllowOrigin {
            value: take("value"),
        },
        AllowOriginMismatch { .. } => AllowOriginMismatch {
            value: take("value"),
        },
        AllowCredentials { .. } => AllowCredentials {
            value: take("value"),
        },
        InvalidAllowMethods { .. } => InvalidAllowMethods {
            token: take("token"),
        },
        MethodNotAllowed { .. } => MethodNotAllowed {
            method: take("method"),
        },
        InvalidAllowHeaders { .. } => InvalidAllowHeaders {
            token: take("token"),
        },
        HeaderNotAllowed { .. } => HeaderNotAllowed { name: take("name") },
        RedirectWithCredentials { .. } => RedirectWithCredentials {
            location: take("location"),
        },
        PreflightStatus { .. } => PreflightStatus {
            status: status(caps, &mut unnamed),
        },
        WildcardWithCredentials => WildcardWithCredentials,
        PreflightRedirect { .. } => PreflightRedirect {
            status: status(caps, &mut unnamed),
        },
        StreamNeedsHttp2 => StreamNeedsHttp2,
    };
    (failure, unnamed)
}

fn status(caps: &Captures, unnamed: &mut Vec<&'static str>) -> u16 {
    match caps.name("status").and_then(|s| s.as_str().parse().ok()) {
        Some(status) => status,
        None => {
            unnamed.push("status");
            0
        }
    }
}

fn no_check_note(engine: Engine) -> Text {
    match engine {
        Engine::Firefox => FIREFOX_NAMES_NO_CHECK,
        Engine::Chromium => CHROMIUM_NAMES_NO_CHECK,
        Engine::Webkit => WEBKIT_NAMES_NO_CHECK,
    }
}

/// The shape of an engine's CORS line whose reason no template writes
/// (another engine version, a check the model does not know): the engine,
/// URL and origin are still read.
static CHROMIUM_ANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Access to (?P<api>fetch|XMLHttpRequest) at '(?P<url>.+?)' (?:\(redirected from '(?P<from>.+?)'\) )?from origin '(?P<origin>.+?)' has been blocked by CORS policy: (?P<reason>.+)")
        .expect("a valid pattern")
});
static FIREFOX_ANY: LazyLock<Regex> = LazyLock::new(|| {
    let head = regex_lite::escape(firefox::HEAD);
    Regex::new(&format!(r"{head}(?P<url>.+?)\. \(Reason: (?P<reason>.+)")).expect("a valid pattern")
});

fn read_unknown_reason(language: Language, line: &str) -> Option<Reading> {
    let (engine, caps) = if let Some(caps) = CHROMIUM_ANY.captures(line) {
        (Engine::Chromium, caps)
    } else {
        (Engine::Firefox, FIREFOX_ANY.captures(line)?)
    };
    let mut reading = Reading::unknown(caps.get(0).map_or(line, |m| m.as_str()));
    reading.engine = Some(engine);
    reading.url = text(&caps, "url");
    reading.origin = text(&caps, "origin");
    reading.redirected_from = text(&caps, "from");
    reading.api = caps.name("api").map(|api| match api.as_str() {
        "XMLHttpRequest" => Api::Xhr,
        _ => Api::Fetch,
    });
    let reason = text(&caps, "reason").unwrap_or_default();
    reading.note = Some(UNKNOWN_REASON.fill(
        language,
        &[("engine", &engine.label()), ("reason", &reason)],
    ));
    Some(reading)
}

/// Lines that name no check but say something: what follows a blocked
/// request in Chromium's console, and what JavaScript itself sees.
static OTHER: LazyLock<[(Option<Engine>, Regex, Text); 6]> = LazyLock::new(|| {
    let re = |p: &str| Regex::new(p).expect("a valid pattern");
    [
        (
            Some(Engine::Chromium),
            re(
                r"^(?:.*?\s)?(?P<method>[A-Z]+) (?P<url>\S+) net::(?P<error>ERR_[A-Z_]+)(?: (?P<status>\d{3})(?: \(.*\))?)?$",
            ),
            CHROMIUM_NETWORK_LINE,
        ),
        (
            Some(Engine::Chromium),
            re(r"(?:^|\s)(?P<url>\S+) - Failed to load resource: net::(?P<error>ERR_[A-Z_]+)"),
            CHROMIUM_LOG_NETWORK_LINE,
        ),
        (
            Some(Engine::Chromium),
            re(r"TypeError: Failed to fetch"),
            CHROMIUM_TYPE_ERROR,
        ),
        (
            Some(Engine::Firefox),
            re(r"TypeError: NetworkError when attempting to fetch resource"),
            FIREFOX_TYPE_ERROR,
        ),
        (
            Some(Engine::Webkit),
            re(r"TypeError: Load failed"),
            WEBKIT_TYPE_ERROR,
        ),
        (
            Some(Engine::Webkit),
            re(&regex_lite::escape(crate::stream::WEBKIT_REFUSAL)),
            WEBKIT_STREAM_REFUSED,
        ),
    ]
});

fn read_other_line(language: Language, line: &str) -> Option<Reading> {
    if let Some(reading) = super::resource_policy::read_in(language, line) {
        return Some(reading);
    }
    if let Some((engine, method)) = super::thrown::read(line) {
        let mut reading = Reading::unknown(line);
        reading.engine = Some(engine);
        reading.note = Some(super::thrown::FORBIDDEN.fill(language, &[("method", &method)]));
        return Some(reading);
    }
    OTHER.iter().find_map(|(engine, regex, note)| {
        let caps = regex.captures(line)?;
        let mut reading = Reading::unknown(line);
        reading.engine = *engine;
        reading.url = text(&caps, "url");
        reading.status = caps.name("status").and_then(|s| s.as_str().parse().ok());
        let error = text(&caps, "error");
        reading.note = Some(match error.as_deref() {
            Some(error) if error != "ERR_FAILED" => {
                REQUEST_ITSELF_FAILED.fill(language, &[("error", &error)])
            }
            _ => note.get(language).into(),
        });
        Some(reading)
    })
}

/// Chromium's network line after a CORS line for the same URL gives the
/// status its CORS line leaves out.
fn fold_status(readings: &mut [Reading], next: &Reading) {
    let (Some(status), Some(url)) = (next.status, &next.url) else {
        return;
    };
    if next.failure.is_some() {
        return;
    }
    // Firefox's second line for a redirected preflight gives its status.
    if let Some(Reading {
        failure: Some(Failure::PreflightRedirect { status: s }),
        unnamed,
        ..
    }) = readings.last_mut().filter(|r| r.url.as_ref() == Some(url))
    {
        if unnamed.contains(&"status") && (300..400).contains(&status) {
            *s = status;
            unnamed.retain(|f| *f != "status");
        }
        return;
    }
    let Some(earlier) = readings
        .iter_mut()
        .rev()
        .find(|r| r.failure.is_some() && r.url.as_ref() == Some(url))
    else {
        return;
    };
    if earlier.stage != Some(Stage::Response) {
        // The status would be the request's, not the failed preflight's.
        return;
    }
    earlier.status = Some(status);
    if (300..400).contains(&status) {
        earlier.stage = Some(Stage::Redirect);
    }
    if let Some(Failure::MissingAllowOrigin { status: s }) = &mut earlier.failure {
        if earlier.unnamed.contains(&"status") {
            *s = status;
            earlier.unnamed.retain(|f| *f != "status");
        }
    }
}

/// Firefox follows a failed preflight's line with "CORS request did not
/// succeed" for the same URL (the request it stopped): that pair tells a
/// preflight's failure from the response's, which the first line alone
/// does not.
fn fold_did_not_succeed(readings: &mut [Reading], next: &Reading) {
    if next.engine != Some(Engine::Firefox) || !firefox::did_not_succeed(&next.line) {
        return;
    }
    if let Some(earlier) = readings
        .last_mut()
        .filter(|r| r.engine == Some(Engine::Firefox) && r.failure.is_some() && r.url == next.url)
    {
        earlier.stage.get_or_insert(Stage::Preflight);
    }
}

/// WebKit's reason names no URL; the API's line after it ("Fetch API cannot
/// load … due to access control checks.") does: it gives the reason its URL
/// and API.
fn fold_webkit_url(readings: &mut [Reading], next: &Reading) {
    if next.engine != Some(Engine::Webkit) || !next.line.ends_with(webkit::DUE_TO) {
        return;
    }
    if let Some(earlier) = readings
        .last_mut()
        .filter(|r| r.engine == Some(Engine::Webkit) && r.failure.is_some() && r.url.is_none())
    {
        earlier.url.clone_from(&next.url);
        earlier.api = next.api;
    }
}
