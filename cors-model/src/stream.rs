//! A `ReadableStream` request body, as each engine really sends it (measured
//! in Chromium 156 and Firefox ESR 153 against the lab's HTTP/1.1 server-b).
//!
//! The Fetch standard sets the use-CORS-preflight flag for a stream body, so
//! the request is preflighted whatever its method and headers, and fetch
//! needs `duplex: "half"`. Chromium follows that, and sends a streaming body
//! only over HTTP/2 or later: over HTTP/1.1 (any `http:` URL: Chromium speaks
//! HTTP/2 only over TLS) the request itself fails with
//! `net::ERR_ALPN_NEGOTIATION_FAILED` after the preflight, and JavaScript
//! gets fetch's TypeError. Firefox does not support stream bodies: fetch
//! turns the stream into its string, "[object ReadableStream]", and sends
//! that as `text/plain;charset=UTF-8`: a simple request, no preflight.
//! WebKit refuses it before anything is sent: fetch rejects with
//! `NotSupportedError: ReadableStream uploading is not supported` (measured
//! in WebKitGTK 2.50.6), no request, no console line; the model refuses it
//! as it refuses a forbidden method ([`refused`]).

use std::borrow::Cow;

use crate::engine::Engine;
use crate::exchange::Exchange;
use crate::language::Language;
use crate::request::{BodyKind, Prepared};

/// The string Firefox sends for a stream body (23 bytes, measured).
pub const FIREFOX_STREAM_TEXT: &str = "[object ReadableStream]";

/// What Chromium logs for the request a stream body over HTTP/1.1 stopped:
/// a network error, not a CORS error (chromedriver's log prefixes the URL).
pub const CHROMIUM_HTTP1_ERROR: &str = "Failed to load resource: net::ERR_ALPN_NEGOTIATION_FAILED";

/// What WebKit's fetch rejects a stream body with (measured).
pub const WEBKIT_REFUSAL: &str = "NotSupportedError: ReadableStream uploading is not supported";

/// The refusal of an engine that does not send a stream body at all
/// (WebKit), as the model's input error on the body.
pub fn refused(engine: Engine, body: BodyKind) -> Option<crate::InputError> {
    (engine == Engine::Webkit && body == BodyKind::Stream).then(|| {
        crate::InputError::new(
            "request.body",
            format!(
                "WebKit does not send a ReadableStream body: fetch rejects with \"{WEBKIT_REFUSAL}\" \
                 and nothing is sent (no preflight, no console line)"
            ),
        )
    })
}

/// Whether the body alone makes `engine` preflight a cross-origin request.
pub fn forces_preflight(engine: Engine, body: BodyKind) -> bool {
    body == BodyKind::Stream && engine == Engine::Chromium
}

/// The exchange as `engine` sends it: Firefox sends a stream body as text.
pub fn as_sent(exchange: &Exchange, engine: Engine) -> Cow<'_, Exchange> {
    if engine == Engine::Firefox && exchange.request.body == BodyKind::Stream {
        let mut text = exchange.clone();
        text.request.body = BodyKind::Text;
        Cow::Owned(text)
    } else {
        Cow::Borrowed(exchange)
    }
}

/// Whether `engine` fails to send the request itself: Chromium streams only
/// over HTTP/2, which it never speaks to an `http:` URL.
pub fn fails_to_send(engine: Engine, request: &Prepared) -> bool {
    engine == Engine::Chromium && request.body == BodyKind::Stream && request.url.scheme() == "http"
}

crate::texts! {
    CHROMIUM_STREAMS_OVER_HTTP2 {
        en: "Chromium sends a ReadableStream body only over HTTP/2 or later: over HTTP/1.1 (any http: URL) the request fails with net::ERR_ALPN_NEGOTIATION_FAILED after the preflight",
        ru: "Chromium отправляет тело ReadableStream только по HTTP/2 и новее: по HTTP/1.1 (любой URL http:) запрос после предварительного завершается ошибкой net::ERR_ALPN_NEGOTIATION_FAILED",
        zh: "Chromium 只通过 HTTP/2 及以上版本发送 ReadableStream 请求体：在 HTTP/1.1 上（任何 http: URL），请求会在预检之后以 net::ERR_ALPN_NEGOTIATION_FAILED 失败",
    }
    WEBKIT_SENDS_NO_STREAM {
        en: "WebKit does not support ReadableStream request bodies: fetch rejects with \"{refusal}\" and sends nothing (the standard preflights a stream body)",
        ru: "WebKit не поддерживает тела запросов ReadableStream: fetch отклоняется с ошибкой «{refusal}» и ничего не отправляет (по стандарту для потокового тела отправляется предварительный запрос)",
        zh: "WebKit 不支持 ReadableStream 请求体：fetch 以“{refusal}”拒绝，什么都不发送（按标准，流式请求体要先发送预检请求）",
    }
    FIREFOX_SENDS_STREAM_AS_TEXT {
        en: "Firefox does not support ReadableStream request bodies: it sends the string \"{text}\" as text/plain;charset=UTF-8, a simple request (the standard preflights a stream body)",
        ru: "Firefox не поддерживает тела запросов ReadableStream: он отправляет строку \"{text}\" как text/plain;charset=UTF-8, простым запросом (по стандарту для потокового тела отправляется предварительный запрос)",
        zh: "Firefox 不支持 ReadableStream 请求体：它把字符串 \"{text}\" 作为 text/plain;charset=UTF-8 发送，成为一个简单请求（按标准，流式请求体要先发送预检请求）",
    }
}

/// Where the engine departs from the standard with a stream body, in
/// `language`.
pub fn departure(language: Language, engine: Engine, body: BodyKind) -> Option<String> {
    (body == BodyKind::Stream).then(|| match engine {
        Engine::Chromium => CHROMIUM_STREAMS_OVER_HTTP2.get(language).to_owned(),
        Engine::Webkit => WEBKIT_SENDS_NO_STREAM.fill(language, &[("refusal", &WEBKIT_REFUSAL)]),
        Engine::Firefox => {
            FIREFOX_SENDS_STREAM_AS_TEXT.fill(language, &[("text", &FIREFOX_STREAM_TEXT)])
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Request;
    use crate::response::Answer;
    use crate::verdict::{judge, Outcome};

    fn stream_post(url: &str) -> Exchange {
        let answer = Answer::new(200)
            .with("Access-Control-Allow-Origin", "http://localhost:8080")
            .with("Access-Control-Allow-Methods", "POST");
        Exchange {
            request: Request {
                body: BodyKind::Stream,
                ..Request::new("http://localhost:8080", url, "POST")
            },
            preflight: Some(answer.clone()),
            response: Some(answer),
            redirected: None,
            third_party_cookies: Default::default(),
        }
    }

    #[test]
    fn chromium_preflights_then_fails_over_http1() {
        let v = judge(&stream_post("http://localhost:8081/x"), Engine::Chromium).unwrap();
        assert!(v.preflight.is_some());
        assert_eq!(v.verdict, Outcome::Blocked);
        assert!(!v.reached_server);
        assert_eq!(
            v.console,
            [format!("http://localhost:8081/x - {CHROMIUM_HTTP1_ERROR}")]
        );
        assert!(v.request_headers.get("content-type").is_none());
        // Over TLS the model assumes HTTP/2, and the stream goes.
        let v = judge(&stream_post("https://localhost:8081/x"), Engine::Chromium).unwrap();
        assert_eq!(v.verdict, Outcome::Allowed);
    }

    #[test]
    fn firefox_sends_the_streams_string_as_a_simple_request() {
        let v = judge(&stream_post("http://localhost:8081/x"), Engine::Firefox).unwrap();
        assert!(v.preflight.is_none());
        assert_eq!(v.verdict, Outcome::Allowed);
        assert!(v.reached_server);
        assert_eq!(
            v.request_headers.get("content-type").as_deref(),
            Some("text/plain;charset=UTF-8")
        );
        assert!(v.departures.iter().any(|d| d.contains(FIREFOX_STREAM_TEXT)));
    }

    #[test]
    fn webkit_refuses_a_stream_body_unsent() {
        let refused = judge(&stream_post("http://localhost:8081/x"), Engine::Webkit).unwrap_err();
        assert_eq!(refused.field, "request.body");
        assert!(refused.message.contains(WEBKIT_REFUSAL), "{refused}");
    }
}
