//! A pasted console block, explained: each line the reader recognises
//! (`console::read`), with what it means, the fix and a link into the lab's
//! playground that fails the same way. `scripts/doctor explain-error`,
//! server-a's `POST /explain-error` and the page's `#/error` view all give
//! these objects, their words in the language asked for.

use serde::Serialize;
use serde_json::Value;

use crate::console::read::read_in;
use crate::console::{Api, Reading};
use crate::engine::Engine;
use crate::explain::{self, Fix, Subject};
use crate::failure::{Failure, Stage};
use crate::language::Language;
use crate::reproduce::reproduce;

/// One line explained.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorReport {
    /// The engine whose words the line is; `None` for a line no engine's
    /// template writes.
    pub engine: Option<Engine>,
    /// fetch or XMLHttpRequest, where the line says (Chromium's do).
    pub api: Option<Api>,
    /// The URL the line names as blocked.
    pub url: Option<String>,
    /// The page's origin, where the line names it (Chromium's do).
    pub origin: Option<String>,
    /// Which exchange failed, where the line tells.
    pub stage: Option<Stage>,
    /// The failed check with the fields the line gives (`kind` and, e.g.,
    /// `value`, `method`, `name`, `status`); `null` for a line that names none.
    pub failure: Option<Value>,
    /// What the line means, in a learner's words; for a line that names no
    /// check, the reader's note on it.
    pub explanation: String,
    /// The fix for the failed check, stand-ins in place of what the line
    /// does not give (the page's origin, the method); `None` for a line
    /// that names no check.
    pub fix: Option<Fix>,
    /// The lab page's playground, set up to fail the same way.
    pub link: Option<String>,
    /// The line as read.
    pub line: String,
}

impl ErrorReport {
    /// Whether the line named a failed CORS check.
    pub fn is_cors_failure(&self) -> bool {
        self.failure.is_some()
    }
}

crate::texts! {
    /// Stands in for the page's origin where the line does not name it.
    YOUR_ORIGIN {
        en: "<your page's origin>",
        ru: "<источник вашей страницы>",
        zh: "<你的页面的源>",
    }
    /// Stands in for the method where the line does not name it.
    YOUR_METHOD {
        en: "<the request's method>",
        ru: "<метод запроса>",
        zh: "<请求的方法>",
    }
    /// Who does not say which exchange failed, when no engine is named.
    THE_LINE {
        en: "The line",
        ru: "Эта строка",
        zh: "这一行",
    }
    STAGE_UNKNOWN {
        en: "{engine} does not say whether the preflight or the response failed this check; the Network tab does (an OPTIONS request answered without it means the preflight). {meaning}",
        ru: "{engine} не говорит, где не прошла эта проверка — в предварительном запросе или в ответе; это видно на панели «Сеть» (если нужного заголовка нет в ответе на запрос OPTIONS, не прошёл предварительный запрос). {meaning}",
        zh: "{engine} 没有说明没通过这项检查的是预检请求还是响应；“网络”面板里能看出来（如果 OPTIONS 请求的响应里缺少这个响应头，没通过的就是预检请求）。{meaning}",
    }
    ERROR_STATUS_TOO {
        en: " A preflight answered with an error status (401, 403, 404, 405: authentication or routing in front of the CORS layer) and no CORS headers is reported this way too: check what your server answers to OPTIONS.",
        ru: " Так же выглядит и предварительный запрос, на который ответили статусом ошибки (401, 403, 404, 405: аутентификация или маршрутизация перед слоем CORS) без заголовков CORS: проверьте, что ваш сервер отвечает на OPTIONS.",
        zh: "如果预检请求得到的是错误状态码（401、403、404、405：位于 CORS 层之前的身份验证或路由）且没有 CORS 响应头，也会这样报告：检查一下你的服务器对 OPTIONS 的响应。",
    }
    WEBKIT_WORDS_ALIKE {
        en: " WebKit words it the same when the header is there but names another origin, or is not an origin at all: the response's headers in the Network tab tell which; the fix is the same.",
        ru: " WebKit пишет то же самое, когда заголовок есть, но называет другой источник или вовсе не является источником: какой из случаев ваш, покажут заголовки ответа на панели «Сеть»; исправление то же.",
        zh: "当这个响应头存在但写的是另一个源，或者根本不是一个源时，WebKit 的措辞也一样：“网络”面板中响应里的响应头会告诉你是哪种情况；修复方法相同。",
    }
    FIREFOX_NAMES_NO_METHOD {
        en: " Firefox does not name the method it refused: it is the method of the request on this URL.",
        ru: " Firefox не называет метод, который отклонил: это метод запроса к этому URL.",
        zh: "Firefox 不会写出它拒绝的方法：就是对这个 URL 发出的请求所用的方法。",
    }
}

/// Every line of `text` that says something about a CORS failure,
/// explained; the playground links point at the lab page `lab_origin`.
pub fn explain_error(text: &str, lab_origin: &str) -> Vec<ErrorReport> {
    explain_error_in(Language::En, text, lab_origin)
}

/// [`explain_error`], the explanations, fixes and notes in `language`.
pub fn explain_error_in(language: Language, text: &str, lab_origin: &str) -> Vec<ErrorReport> {
    read_in(language, text)
        .into_iter()
        .map(|reading| report(language, reading, lab_origin))
        .collect()
}

fn report(language: Language, reading: Reading, lab_origin: &str) -> ErrorReport {
    let (explanation, fix, link, failure) = match &reading.failure {
        Some(failure) => {
            let shown = with_stand_ins(language, failure, &reading.unnamed);
            let subject = Subject {
                origin: reading
                    .origin
                    .as_deref()
                    .unwrap_or(YOUR_ORIGIN.get(language)),
                method: match &shown {
                    Failure::MethodNotAllowed { method } => method,
                    _ => YOUR_METHOD.get(language),
                },
                include_credentials: matches!(
                    failure,
                    Failure::WildcardWithCredentials | Failure::AllowCredentials { .. }
                ),
            };
            (
                words(language, &reading, &shown, subject),
                Some(explain::fix_in(language, &shown, subject)),
                reproduce(reading.stage, failure).map(|state| state.link(lab_origin)),
                Some(named_fields(failure, &reading.unnamed)),
            )
        }
        None => (reading.note.clone().unwrap_or_default(), None, None, None),
    };
    ErrorReport {
        engine: reading.engine,
        api: reading.api,
        url: reading.url,
        origin: reading.origin,
        stage: reading.stage,
        failure,
        explanation,
        fix,
        link,
        line: reading.line,
    }
}

/// The failure as words may show it: a field the line leaves out reads as
/// what it stands for, never as an empty value.
fn with_stand_ins(language: Language, failure: &Failure, unnamed: &[&str]) -> Failure {
    match failure {
        Failure::MethodNotAllowed { .. } if unnamed.contains(&"method") => {
            Failure::MethodNotAllowed {
                method: YOUR_METHOD.get(language).into(),
            }
        }
        other => other.clone(),
    }
}

fn words(language: Language, reading: &Reading, failure: &Failure, subject: Subject) -> String {
    let mut text = match reading.stage {
        Some(stage) => explain::explanation_in(language, stage, failure, subject),
        None => STAGE_UNKNOWN.fill(
            language,
            &[
                (
                    "engine",
                    &reading.engine.map_or(THE_LINE.get(language), Engine::label),
                ),
                ("meaning", &explain::meaning_in(language, failure, subject)),
            ],
        ),
    };
    if reading.stage == Some(Stage::Preflight)
        && matches!(failure, Failure::MissingAllowOrigin { .. })
    {
        // Measured in both engines: a preflight refused with 401, 403, 404
        // or 405 and no CORS headers is reported as this, not as a status.
        text += ERROR_STATUS_TOO.get(language);
    }
    if reading.engine == Some(Engine::Webkit)
        && matches!(failure, Failure::MissingAllowOrigin { .. })
    {
        text += WEBKIT_WORDS_ALIKE.get(language);
    }
    if reading.unnamed.contains(&"method") {
        text += FIREFOX_NAMES_NO_METHOD.get(language);
    }
    text
}

/// The failure's JSON without the fields the line leaves out.
fn named_fields(failure: &Failure, unnamed: &[&str]) -> Value {
    let mut value = serde_json::to_value(failure).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut value {
        for field in unnamed {
            fields.remove(*field);
        }
    }
    value
}
