//! Words for a learner: what a failure means, and the fix (for actix-web,
//! the `actix_cors::Cors` builder call that would allow the request), in
//! each language the lab speaks (`text`). The functions without `_in`
//! speak English.

use serde::{Deserialize, Serialize};

use crate::failure::{Failure, Stage};
use crate::language::Language;

/// The request the words are about.
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    /// The page's origin: the value the fix puts in
    /// `Access-Control-Allow-Origin`.
    pub origin: &'a str,
    /// The request's method: the one the fix lists in
    /// `Access-Control-Allow-Methods`.
    pub method: &'a str,
    /// Whether the request is credentialed: the fix then adds
    /// `Access-Control-Allow-Credentials: true` (`.supports_credentials()`
    /// for actix).
    pub include_credentials: bool,
}

/// How to make the request pass the check that failed: in words, as an
/// actix-cors call, and as the header lines to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// One or two sentences.
    pub text: String,
    /// The actix-cors builder call that allows the request.
    pub actix: String,
    /// The header lines the server's answer must carry (the preflight's,
    /// for a preflight check), for a server that is not actix.
    pub headers: Vec<String>,
}

crate::texts! {
    // What failed, in a few words (a trace line, a verdict's summary).
    NO_ALLOW_ORIGIN {
        en: "no Access-Control-Allow-Origin (status {status})",
        ru: "нет Access-Control-Allow-Origin (статус {status})",
        zh: "没有 Access-Control-Allow-Origin（状态码 {status}）",
    }
    SEVERAL_ALLOW_ORIGIN {
        en: "several Access-Control-Allow-Origin values: '{value}'",
        ru: "несколько значений Access-Control-Allow-Origin: '{value}'",
        zh: "Access-Control-Allow-Origin 有多个值：'{value}'",
    }
    NOT_AN_ORIGIN {
        en: "Access-Control-Allow-Origin '{value}' is not an origin",
        ru: "Access-Control-Allow-Origin '{value}' не является источником",
        zh: "Access-Control-Allow-Origin '{value}' 不是一个源",
    }
    NOT_THE_ORIGIN {
        en: "Access-Control-Allow-Origin '{value}' is not the request's Origin",
        ru: "Access-Control-Allow-Origin '{value}' не совпадает с Origin запроса",
        zh: "Access-Control-Allow-Origin '{value}' 与请求的 Origin 不同",
    }
    STAR_WITH_CREDENTIALS {
        en: "Access-Control-Allow-Origin '*' with credentials",
        ru: "Access-Control-Allow-Origin '*' при запросе с учётными данными",
        zh: "携带凭据的请求遇到了 Access-Control-Allow-Origin '*'",
    }
    CREDENTIALS_NOT_TRUE {
        en: "Access-Control-Allow-Credentials is '{value}', not 'true'",
        ru: "Access-Control-Allow-Credentials равен '{value}', а не 'true'",
        zh: "Access-Control-Allow-Credentials 是 '{value}'，而不是 'true'",
    }
    PREFLIGHT_NOT_OK {
        en: "preflight status {status} is not 2xx",
        ru: "статус ответа на предварительный запрос {status} не 2xx",
        zh: "预检响应的状态码 {status} 不是 2xx",
    }
    PREFLIGHT_REDIRECTED {
        en: "the preflight was redirected ({status})",
        ru: "предварительный запрос перенаправлен ({status})",
        zh: "预检请求被重定向了（{status}）",
    }
    NOT_A_METHOD {
        en: "'{token}' in Access-Control-Allow-Methods is not a method",
        ru: "'{token}' в Access-Control-Allow-Methods не является методом",
        zh: "Access-Control-Allow-Methods 中的 '{token}' 不是方法名",
    }
    METHOD_NOT_LISTED {
        en: "{method} is not in Access-Control-Allow-Methods",
        ru: "{method} нет в Access-Control-Allow-Methods",
        zh: "{method} 不在 Access-Control-Allow-Methods 中",
    }
    NOT_A_HEADER_NAME {
        en: "'{token}' in Access-Control-Allow-Headers is not a header name",
        ru: "'{token}' в Access-Control-Allow-Headers не является именем заголовка",
        zh: "Access-Control-Allow-Headers 中的 '{token}' 不是请求头名称",
    }
    HEADER_NOT_LISTED {
        en: "{name} is not in Access-Control-Allow-Headers",
        ru: "{name} нет в Access-Control-Allow-Headers",
        zh: "{name} 不在 Access-Control-Allow-Headers 中",
    }
    REDIRECT_CARRIES_CREDENTIALS {
        en: "the redirect to '{location}' carries a user name or password",
        ru: "перенаправление на '{location}' содержит имя пользователя или пароль",
        zh: "重定向目标 '{location}' 带有用户名或密码",
    }
    STREAM_OVER_HTTP1 {
        en: "a streaming body needs HTTP/2; the server speaks HTTP/1.1",
        ru: "потоковому телу нужен HTTP/2, а сервер работает по HTTP/1.1",
        zh: "流式请求体需要 HTTP/2，而服务器使用的是 HTTP/1.1",
    }

    // Which exchange failed, before what the check means.
    WHEN_PREFLIGHT {
        en: "The preflight (OPTIONS) failed, so the browser never sent the request itself. ",
        ru: "Предварительный запрос (OPTIONS) не прошёл, поэтому браузер так и не отправил сам запрос. ",
        zh: "预检请求（OPTIONS）没有通过，所以浏览器根本没有发送请求本身。",
    }
    WHEN_REDIRECT {
        en: "The request was redirected, and the redirect itself must pass the CORS check. ",
        ru: "Запрос был перенаправлен, а само перенаправление тоже должно пройти проверку CORS. ",
        zh: "请求被重定向了，而重定向本身也必须通过 CORS 检查。",
    }
    WHEN_RESPONSE {
        en: "The request reached the server and ran; the browser only refused to let JavaScript read the answer. ",
        ru: "Запрос дошёл до сервера и был выполнен; браузер лишь не дал JavaScript прочитать ответ. ",
        zh: "请求已经到达服务器并被执行；浏览器只是不让 JavaScript 读取响应。",
    }

    // What the failed check means.
    CAUSE_NO_ALLOW_ORIGIN {
        en: "The answer has no Access-Control-Allow-Origin header, so nothing allows '{origin}' to read it.",
        ru: "В ответе нет заголовка Access-Control-Allow-Origin, поэтому ничто не разрешает источнику '{origin}' его прочитать.",
        zh: "响应中没有 Access-Control-Allow-Origin 响应头，所以没有任何东西允许 '{origin}' 读取它。",
    }
    CAUSE_SEVERAL_ORIGINS {
        en: "Access-Control-Allow-Origin must hold exactly one origin (or *): a list never matches.",
        ru: "В Access-Control-Allow-Origin должен быть ровно один источник (или *): список не совпадает никогда.",
        zh: "Access-Control-Allow-Origin 只能包含一个源（或 *）：列表永远不会匹配。",
    }
    CAUSE_OTHER_ORIGIN {
        en: "Access-Control-Allow-Origin says '{value}' but the page's origin is '{origin}': they must be equal byte for byte (scheme, host and port).",
        ru: "Access-Control-Allow-Origin говорит '{value}', а источник страницы — '{origin}': они должны совпадать байт в байт (схема, хост и порт).",
        zh: "Access-Control-Allow-Origin 的值是 '{value}'，而页面的源是 '{origin}'：两者必须逐字节相同（协议、主机和端口）。",
    }
    CAUSE_STAR_WITH_CREDENTIALS {
        en: "With credentials: \"include\", '*' is not accepted: the server must name the origin.",
        ru: "При credentials: \"include\" значение '*' не принимается: сервер должен назвать источник явно.",
        zh: "使用 credentials: \"include\" 时，'*' 不被接受：服务器必须明确写出源。",
    }
    CAUSE_CREDENTIALS_NOT_TRUE {
        en: "With credentials: \"include\", the answer must also say Access-Control-Allow-Credentials: true.",
        ru: "При credentials: \"include\" в ответе должно быть ещё и Access-Control-Allow-Credentials: true.",
        zh: "使用 credentials: \"include\" 时，响应还必须带上 Access-Control-Allow-Credentials: true。",
    }
    CAUSE_PREFLIGHT_NOT_OK_UNNAMED {
        en: "The preflight was not answered with a 2xx status, and a preflight must get one (the line does not say which status).",
        ru: "На предварительный запрос ответили не статусом 2xx, а он должен получить именно 2xx (каким статусом ответили, в строке не сказано).",
        zh: "预检请求得到的不是 2xx 状态码，而预检请求必须得到 2xx（这一行没有说是哪个状态码）。",
    }
    CAUSE_PREFLIGHT_NOT_OK {
        en: "The preflight was answered {status}; a preflight must get a 2xx status.",
        ru: "На предварительный запрос ответили статусом {status}, а он должен получить статус 2xx.",
        zh: "预检请求得到的状态码是 {status}；预检请求必须得到 2xx 状态码。",
    }
    CAUSE_PREFLIGHT_REDIRECTED {
        en: "A preflight may not be redirected.",
        ru: "Предварительный запрос нельзя перенаправлять.",
        zh: "预检请求不能被重定向。",
    }
    CAUSE_BAD_LIST {
        en: "The list header cannot be parsed: it must be comma-separated tokens.",
        ru: "Заголовок-список не разбирается: в нём должны быть токены через запятую.",
        zh: "这个列表类响应头无法解析：它必须是以逗号分隔的记号（token）。",
    }
    CAUSE_METHOD_NOT_LISTED {
        en: "{method} is neither a simple method (GET, HEAD, POST) nor listed in Access-Control-Allow-Methods{star}. Methods compare case-sensitively.",
        ru: "{method} — не простой метод (GET, HEAD, POST) и не указан в Access-Control-Allow-Methods{star}. Методы сравниваются с учётом регистра.",
        zh: "{method} 既不是简单方法（GET、HEAD、POST），也没有列在 Access-Control-Allow-Methods 中{star}。方法名区分大小写。",
    }
    CAUSE_HEADER_NOT_LISTED {
        en: "The request sets {name}, which is not safelisted, and Access-Control-Allow-Headers does not list it{star}.",
        ru: "Запрос устанавливает заголовок {name}, которого нет в безопасном списке CORS, а Access-Control-Allow-Headers его не перечисляет{star}.",
        zh: "请求设置了 {name}，它不在 CORS 安全列表中，而 Access-Control-Allow-Headers 也没有列出它{star}。",
    }
    STAR_DOES_NOT_COUNT {
        en: " ('*' does not count with credentials)",
        ru: " ('*' не считается, когда запрос идёт с учётными данными)",
        zh: "（携带凭据时 '*' 不算数）",
    }
    CAUSE_REDIRECT_CARRIES_CREDENTIALS {
        en: "A cross-origin redirect may not lead to a URL with a user name or password.",
        ru: "Перенаправление на другой источник не может вести на URL с именем пользователя или паролем.",
        zh: "跨源重定向不能指向带有用户名或密码的 URL。",
    }
    CAUSE_STREAM_OVER_HTTP1 {
        en: "Not CORS: the preflight passed, but Chromium sends a ReadableStream body only over HTTP/2 or later, and this server speaks HTTP/1.1 (an http: URL), so the request itself failed (net::ERR_ALPN_NEGOTIATION_FAILED) and never reached the server.",
        ru: "Дело не в CORS: предварительный запрос прошёл, но Chromium отправляет тело ReadableStream только по HTTP/2 и новее, а этот сервер работает по HTTP/1.1 (URL http:), поэтому не удался сам запрос (net::ERR_ALPN_NEGOTIATION_FAILED), и до сервера он не дошёл.",
        zh: "这不是 CORS 的问题：预检请求通过了，但 Chromium 只通过 HTTP/2 及以上版本发送 ReadableStream 请求体，而这个服务器使用 HTTP/1.1（http: 开头的 URL），所以请求本身失败了（net::ERR_ALPN_NEGOTIATION_FAILED），根本没有到达服务器。",
    }

    // The fix, in words.
    FIX_ALLOW_ORIGIN {
        en: "Answer with Access-Control-Allow-Origin: {origin} (exactly the Origin the browser sent) and Vary: Origin.",
        ru: "Добавьте в ответ Access-Control-Allow-Origin: {origin} (ровно тот Origin, который прислал браузер) и Vary: Origin.",
        zh: "在响应中带上 Access-Control-Allow-Origin: {origin}（与浏览器发送的 Origin 完全相同）以及 Vary: Origin。",
    }
    FIX_NAME_THE_ORIGIN {
        en: "Name the origin instead of '*' and send Access-Control-Allow-Credentials: true; only for origins you trust with the user's data.",
        ru: "Укажите источник вместо '*' и отправляйте Access-Control-Allow-Credentials: true — только для источников, которым вы доверяете данные пользователя.",
        zh: "用具体的源代替 '*'，并发送 Access-Control-Allow-Credentials: true；只对你放心交出用户数据的源这样做。",
    }
    FIX_ALLOW_CREDENTIALS {
        en: "Send Access-Control-Allow-Credentials: true with the exact origin, or call fetch without credentials.",
        ru: "Отправляйте Access-Control-Allow-Credentials: true вместе с точным источником или вызывайте fetch без учётных данных.",
        zh: "连同确切的源一起发送 Access-Control-Allow-Credentials: true，或者调用 fetch 时不带凭据。",
    }
    FIX_ANSWER_OPTIONS {
        en: "Answer the OPTIONS request itself with 2xx and the CORS headers, before any authentication or redirect: wrap Cors outermost.",
        ru: "Отвечайте на сам запрос OPTIONS статусом 2xx и заголовками CORS, до всякой аутентификации и перенаправления: оберните Cors самым внешним слоем.",
        zh: "在任何身份验证或重定向之前，就用 2xx 和 CORS 响应头响应 OPTIONS 请求本身：把 Cors 放在最外层。",
    }
    FIX_LIST_METHOD {
        en: "List {method} in Access-Control-Allow-Methods, spelled exactly as the request sends it.",
        ru: "Укажите {method} в Access-Control-Allow-Methods в точности так, как его пишет запрос.",
        zh: "在 Access-Control-Allow-Methods 中列出 {method}，写法要与请求发送的完全一致。",
    }
    FIX_HEADER_LIST {
        en: "Write Access-Control-Allow-Headers as comma-separated header names.",
        ru: "Запишите в Access-Control-Allow-Headers имена заголовков через запятую.",
        zh: "把 Access-Control-Allow-Headers 写成以逗号分隔的请求头名称。",
    }
    FIX_LIST_HEADER {
        en: "List {name} in Access-Control-Allow-Headers (or stop sending it).",
        ru: "Укажите {name} в Access-Control-Allow-Headers (или перестаньте его отправлять).",
        zh: "在 Access-Control-Allow-Headers 中列出 {name}（或者不再发送它）。",
    }
    FIX_PLAIN_REDIRECT {
        en: "Redirect to a URL without user name and password.",
        ru: "Перенаправляйте на URL без имени пользователя и пароля.",
        zh: "重定向到不带用户名和密码的 URL。",
    }
    FIX_STREAM {
        en: "Send the body as a string, Blob or ArrayBuffer, or serve the API over HTTPS with HTTP/2; CORS needs no change.",
        ru: "Отправляйте тело строкой, Blob или ArrayBuffer либо отдавайте API по HTTPS с HTTP/2; в CORS ничего менять не нужно.",
        zh: "把请求体作为字符串、Blob 或 ArrayBuffer 发送，或者通过 HTTPS 以 HTTP/2 提供 API；CORS 无需改动。",
    }
    /// The value of the header line a fix cannot name: the names to list.
    THE_NAMES {
        en: "<the names, comma-separated>",
        ru: "<имена через запятую>",
        zh: "<请求头名称，以逗号分隔>",
    }
}

impl Failure {
    /// A few words for a trace line.
    pub fn describe(&self) -> String {
        self.describe_in(Language::En)
    }

    /// [`Failure::describe`] in `language`.
    pub fn describe_in(&self, language: Language) -> String {
        use Failure::*;
        match self {
            MissingAllowOrigin { status } => NO_ALLOW_ORIGIN.fill(language, &[("status", status)]),
            MultipleAllowOrigin { value } => {
                SEVERAL_ALLOW_ORIGIN.fill(language, &[("value", value)])
            }
            InvalidAllowOrigin { value } => NOT_AN_ORIGIN.fill(language, &[("value", value)]),
            AllowOriginMismatch { value } => NOT_THE_ORIGIN.fill(language, &[("value", value)]),
            WildcardWithCredentials => STAR_WITH_CREDENTIALS.fill(language, &[]),
            AllowCredentials { value } => CREDENTIALS_NOT_TRUE.fill(language, &[("value", value)]),
            PreflightStatus { status } => PREFLIGHT_NOT_OK.fill(language, &[("status", status)]),
            PreflightRedirect { status } => {
                PREFLIGHT_REDIRECTED.fill(language, &[("status", status)])
            }
            InvalidAllowMethods { token } => NOT_A_METHOD.fill(language, &[("token", token)]),
            MethodNotAllowed { method } => METHOD_NOT_LISTED.fill(language, &[("method", method)]),
            InvalidAllowHeaders { token } => NOT_A_HEADER_NAME.fill(language, &[("token", token)]),
            HeaderNotAllowed { name } => HEADER_NOT_LISTED.fill(language, &[("name", name)]),
            RedirectWithCredentials { location } => {
                REDIRECT_CARRIES_CREDENTIALS.fill(language, &[("location", location)])
            }
            StreamNeedsHttp2 => STREAM_OVER_HTTP1.fill(language, &[]),
        }
    }
}

/// What happened, in a learner's words.
pub fn explanation(stage: Stage, failure: &Failure, subject: Subject) -> String {
    explanation_in(Language::En, stage, failure, subject)
}

/// [`explanation`] in `language`.
pub fn explanation_in(
    language: Language,
    stage: Stage,
    failure: &Failure,
    subject: Subject,
) -> String {
    if *failure == Failure::StreamNeedsHttp2 {
        return cause(language, failure, subject);
    }
    let when = match stage {
        Stage::Preflight => WHEN_PREFLIGHT,
        Stage::Redirect => WHEN_REDIRECT,
        Stage::Response => WHEN_RESPONSE,
    };
    format!(
        "{}{}",
        when.get(language),
        cause(language, failure, subject)
    )
}

/// What the failed check means, without saying which exchange failed (for
/// a console line that does not tell).
pub fn meaning(failure: &Failure, subject: Subject) -> String {
    meaning_in(Language::En, failure, subject)
}

/// [`meaning`] in `language`.
pub fn meaning_in(language: Language, failure: &Failure, subject: Subject) -> String {
    cause(language, failure, subject)
}

fn cause(language: Language, failure: &Failure, s: Subject) -> String {
    use Failure::*;
    // Where `*` would have passed without credentials, the words say so.
    let star = if s.include_credentials {
        STAR_DOES_NOT_COUNT.get(language)
    } else {
        ""
    };
    let origin = ("origin", &s.origin as &dyn std::fmt::Display);
    let text = |text: crate::text::Text| text.get(language).to_owned();
    match failure {
        MissingAllowOrigin { .. } => CAUSE_NO_ALLOW_ORIGIN.fill(language, &[origin]),
        MultipleAllowOrigin { .. } => text(CAUSE_SEVERAL_ORIGINS),
        InvalidAllowOrigin { value } | AllowOriginMismatch { value } => {
            CAUSE_OTHER_ORIGIN.fill(language, &[("value", value), origin])
        }
        WildcardWithCredentials => text(CAUSE_STAR_WITH_CREDENTIALS),
        AllowCredentials { .. } => text(CAUSE_CREDENTIALS_NOT_TRUE),
        PreflightStatus { status: 0 } => text(CAUSE_PREFLIGHT_NOT_OK_UNNAMED),
        PreflightStatus { status } => CAUSE_PREFLIGHT_NOT_OK.fill(language, &[("status", status)]),
        PreflightRedirect { .. } => text(CAUSE_PREFLIGHT_REDIRECTED),
        InvalidAllowMethods { .. } | InvalidAllowHeaders { .. } => text(CAUSE_BAD_LIST),
        MethodNotAllowed { method } => {
            CAUSE_METHOD_NOT_LISTED.fill(language, &[("method", method), ("star", &star)])
        }
        HeaderNotAllowed { name } => {
            CAUSE_HEADER_NOT_LISTED.fill(language, &[("name", name), ("star", &star)])
        }
        RedirectWithCredentials { .. } => text(CAUSE_REDIRECT_CARRIES_CREDENTIALS),
        StreamNeedsHttp2 => text(CAUSE_STREAM_OVER_HTTP1),
    }
}

/// The fix, with the actix-cors call.
pub fn fix(failure: &Failure, s: Subject) -> Fix {
    fix_in(Language::En, failure, s)
}

/// [`fix`], its sentence in `language`. The call and the header lines are
/// code, the same in every language, except a stand-in the learner fills in
/// (`<the names, comma-separated>`), which is said in their language.
pub fn fix_in(language: Language, failure: &Failure, s: Subject) -> Fix {
    Fix {
        text: fix_text(language, failure, s),
        actix: actix_call(failure, s),
        headers: headers_to_send(language, failure, s),
    }
}

fn fix_text(language: Language, failure: &Failure, s: Subject) -> String {
    use Failure::*;
    let text = |text: crate::text::Text| text.get(language).to_owned();
    match failure {
        MissingAllowOrigin { .. }
        | MultipleAllowOrigin { .. }
        | InvalidAllowOrigin { .. }
        | AllowOriginMismatch { .. } => FIX_ALLOW_ORIGIN.fill(language, &[("origin", &s.origin)]),
        WildcardWithCredentials => text(FIX_NAME_THE_ORIGIN),
        AllowCredentials { .. } => text(FIX_ALLOW_CREDENTIALS),
        PreflightStatus { .. } | PreflightRedirect { .. } => text(FIX_ANSWER_OPTIONS),
        InvalidAllowMethods { .. } | MethodNotAllowed { .. } => {
            FIX_LIST_METHOD.fill(language, &[("method", &s.method)])
        }
        InvalidAllowHeaders { .. } => text(FIX_HEADER_LIST),
        HeaderNotAllowed { name } => FIX_LIST_HEADER.fill(language, &[("name", name)]),
        RedirectWithCredentials { .. } => text(FIX_PLAIN_REDIRECT),
        StreamNeedsHttp2 => text(FIX_STREAM),
    }
}

/// The actix-cors builder call that allows the request.
fn actix_call(failure: &Failure, s: Subject) -> String {
    use Failure::*;
    let origin = s.origin;
    let base = format!("Cors::default().allowed_origin(\"{origin}\")");
    let creds = if s.include_credentials {
        ".supports_credentials()"
    } else {
        ""
    };
    match failure {
        MissingAllowOrigin { .. }
        | MultipleAllowOrigin { .. }
        | InvalidAllowOrigin { .. }
        | AllowOriginMismatch { .. }
        | StreamNeedsHttp2 => format!("{base}{creds}"),
        WildcardWithCredentials | AllowCredentials { .. } => {
            format!("{base}.supports_credentials()")
        }
        PreflightStatus { .. } | PreflightRedirect { .. } => {
            format!("{base}{creds} // wrapped outermost: App::new().wrap(cors)")
        }
        InvalidAllowMethods { .. } | MethodNotAllowed { .. } => {
            format!("{base}.allowed_methods(vec![\"{}\"]){creds}", s.method)
        }
        InvalidAllowHeaders { .. } => format!("{base}.allowed_headers(vec![/* names */]){creds}"),
        HeaderNotAllowed { name } => format!("{base}.allowed_header(\"{name}\"){creds}"),
        RedirectWithCredentials { .. } => base,
    }
}

/// The lines a server sends to pass the check that failed.
fn headers_to_send(language: Language, failure: &Failure, s: Subject) -> Vec<String> {
    use Failure::*;
    let mut lines = match failure {
        RedirectWithCredentials { .. } | StreamNeedsHttp2 => return Vec::new(),
        PreflightStatus { .. } | PreflightRedirect { .. } => {
            vec!["HTTP/1.1 204 No Content".to_owned()]
        }
        _ => Vec::new(),
    };
    lines.push(format!("Access-Control-Allow-Origin: {}", s.origin));
    let credentials = s.include_credentials
        || matches!(failure, WildcardWithCredentials | AllowCredentials { .. });
    if credentials {
        lines.push("Access-Control-Allow-Credentials: true".into());
    }
    match failure {
        InvalidAllowMethods { .. } | MethodNotAllowed { .. } => {
            lines.push(format!("Access-Control-Allow-Methods: {}", s.method))
        }
        InvalidAllowHeaders { .. } => lines.push(format!(
            "Access-Control-Allow-Headers: {}",
            THE_NAMES.get(language)
        )),
        HeaderNotAllowed { name } => lines.push(format!("Access-Control-Allow-Headers: {name}")),
        _ => lines.push("Vary: Origin".into()),
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Subject = Subject {
        origin: "http://localhost:8080",
        method: "DELETE",
        include_credentials: true,
    };

    #[test]
    fn fixes_name_the_builder_call() {
        let f = fix(
            &Failure::MethodNotAllowed {
                method: "DELETE".into(),
            },
            S,
        );
        assert_eq!(f.actix, "Cors::default().allowed_origin(\"http://localhost:8080\").allowed_methods(vec![\"DELETE\"]).supports_credentials()");
        let f = fix(
            &Failure::HeaderNotAllowed {
                name: "x-token".into(),
            },
            Subject {
                include_credentials: false,
                ..S
            },
        );
        assert!(
            f.actix.ends_with(".allowed_header(\"x-token\")"),
            "{}",
            f.actix
        );
        assert!(fix(&Failure::WildcardWithCredentials, S)
            .actix
            .contains("supports_credentials"));
    }

    #[test]
    fn explanations_say_whether_the_request_ran() {
        let e = explanation(
            Stage::Response,
            &Failure::MissingAllowOrigin { status: 200 },
            S,
        );
        assert!(
            e.contains("reached the server") && e.contains("http://localhost:8080"),
            "{e}"
        );
        let e = explanation(
            Stage::Preflight,
            &Failure::HeaderNotAllowed {
                name: "authorization".into(),
            },
            S,
        );
        assert!(
            e.contains("never sent") && e.contains("does not count with credentials"),
            "{e}"
        );
        assert_eq!(
            e,
            "The preflight (OPTIONS) failed, so the browser never sent the request itself. The request \
             sets authorization, which is not safelisted, and Access-Control-Allow-Headers does not list \
             it ('*' does not count with credentials)."
        );
    }

    #[test]
    fn explanations_in_russian_and_chinese_keep_the_names_and_values() {
        use crate::text::in_script;
        let failure = Failure::AllowOriginMismatch {
            value: "http://localhost".into(),
        };
        for language in Language::TRANSLATED {
            let e = explanation_in(language, Stage::Response, &failure, S);
            assert!(in_script(&e, language), "{e}");
            assert!(!e.contains("The request reached"), "{e}");
            for kept in [
                "Access-Control-Allow-Origin",
                "'http://localhost'",
                "'http://localhost:8080'",
                "JavaScript",
            ] {
                assert!(e.contains(kept), "{kept}: {e}");
            }
            let f = fix_in(language, &failure, S);
            assert!(in_script(&f.text, language), "{}", f.text);
            assert!(
                f.text
                    .contains("Access-Control-Allow-Origin: http://localhost:8080"),
                "{}",
                f.text
            );
            // The call and the header lines are code: the same in every
            // language (these failures have no stand-in to fill in).
            let english = fix(&failure, S);
            assert_eq!((f.actix, f.headers), (english.actix, english.headers));
            let summary = failure.describe_in(language);
            assert!(in_script(&summary, language) && summary.contains("'http://localhost'"));
        }
        let russian = explanation_in(
            Language::Ru,
            Stage::Preflight,
            &Failure::MethodNotAllowed {
                method: "DELETE".into(),
            },
            S,
        );
        assert!(
            russian.starts_with("Предварительный запрос (OPTIONS) не прошёл")
                && russian.contains("DELETE")
                && russian.contains("Access-Control-Allow-Methods ('*' не считается"),
            "{russian}"
        );
    }
}
