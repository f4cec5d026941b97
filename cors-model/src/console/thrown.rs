//! What JavaScript catches when the API refuses a request before sending
//! anything: a forbidden method (`CONNECT`, `TRACE`, `TRACK`, in any case),
//! or in WebKit a `ReadableStream` body (`crate::stream`).
//! No request leaves, so there is no preflight, no CORS check and no console
//! line: the exception is all there is. The exact texts (measured in
//! Chromium 156, Firefox ESR 153 and WebKitGTK 2.50.6, fetch and
//! `XMLHttpRequest.open`) and
//! the patterns the console reader knows them by, side by side.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::Api;
use crate::engine::Engine;
use crate::request::BodyKind;

/// The exception `engine` throws for a request its API refuses before
/// sending (a forbidden method; a `ReadableStream` body in WebKit), or
/// `None` when it sends the request.
pub fn before_sending(engine: Engine, api: Api, method: &str, body: BodyKind) -> Option<String> {
    if crate::request::normalise_method(method).is_err() {
        return Some(forbidden_method(engine, api, method));
    }
    crate::stream::refused(engine, body).map(|_| crate::stream::WEBKIT_REFUSAL.to_owned())
}

/// The exception `engine` throws when the page sends `method` with `api`
/// and the method is forbidden (as the page records it: `name: message`).
pub fn forbidden_method(engine: Engine, api: Api, method: &str) -> String {
    match (engine, api) {
        (Engine::Chromium, Api::Fetch) => format!(
            "TypeError: Failed to execute 'fetch' on 'Window': '{method}' HTTP method is unsupported."
        ),
        (Engine::Chromium, Api::Xhr) => format!(
            "SecurityError: Failed to execute 'open' on 'XMLHttpRequest': '{method}' HTTP method is unsupported."
        ),
        (Engine::Firefox, Api::Fetch) => {
            format!("TypeError: Window.fetch: Invalid request method {method}.")
        }
        // Firefox names neither the method nor the reason.
        (Engine::Firefox, Api::Xhr) => "SecurityError: The operation is insecure.".to_owned(),
        // WebKit names neither (FetchRequest's "Method is forbidden.";
        // XMLHttpRequest::open's SecurityError).
        (Engine::Webkit, Api::Fetch) => "TypeError: Method is forbidden.".to_owned(),
        (Engine::Webkit, Api::Xhr) => "SecurityError: The operation is insecure.".to_owned(),
    }
}

crate::texts! {
    /// What the reader says of such an exception, after the method it names.
    pub(crate) FORBIDDEN {
        en: "{method}: fetch (or XMLHttpRequest.open) refused this method before anything was sent: CONNECT, TRACE and TRACK are forbidden methods, in any case. No request, no preflight, no CORS check: no server answer can allow it. Use another method.",
        ru: "{method}: fetch (или XMLHttpRequest.open) отклонил этот метод ещё до отправки: CONNECT, TRACE и TRACK — запрещённые методы, в любом регистре. Нет запроса, нет предварительного запроса, нет проверки CORS: никакой ответ сервера не может это разрешить. Используйте другой метод.",
        zh: "{method}：fetch（或 XMLHttpRequest.open）在发送任何东西之前就拒绝了这个方法：CONNECT、TRACE 和 TRACK 是禁止使用的方法，不分大小写。没有请求，没有预检请求，也没有 CORS 检查：服务器的任何响应都无法放行它。请换一个方法。",
    }
}

/// The texts above that name the method, as patterns (Firefox's XMLHttpRequest
/// text names nothing and is not read).
static PATTERNS: LazyLock<[(Engine, Regex); 2]> = LazyLock::new(|| {
    let re = |p: &str| Regex::new(p).expect("a valid pattern");
    [
        (
            Engine::Chromium,
            re(
                r"Failed to execute '(?:fetch|open)' on '(?:Window|XMLHttpRequest)': '(?P<method>[^']+)' HTTP method is unsupported\.",
            ),
        ),
        (
            Engine::Firefox,
            re(r"Window\.fetch: Invalid request method (?P<method>[^ .]+)\."),
        ),
    ]
});

/// The forbidden method an exception names, and the engine that threw it.
pub fn read(line: &str) -> Option<(Engine, String)> {
    PATTERNS.iter().find_map(|(engine, pattern)| {
        let caps = pattern.captures(line)?;
        Some((*engine, caps.name("method")?.as_str().to_owned()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_text_that_names_the_method_is_read_back() {
        for engine in Engine::ALL {
            for api in Api::ALL {
                for method in ["CONNECT", "trace", "Track"] {
                    let text = forbidden_method(engine, api, method);
                    let named = text.contains(method);
                    assert_eq!(
                        read(&text),
                        named.then(|| (engine, method.to_owned())),
                        "{text}"
                    );
                }
            }
        }
        assert_eq!(read("TypeError: Failed to fetch"), None);
    }
}
