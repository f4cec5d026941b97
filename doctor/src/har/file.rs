//! A HAR 1.2 file ("HTTP Archive", what DevTools' "Save all as HAR" writes)
//! as far as the CORS judgement reads it: each entry's request (method, URL,
//! headers) and response (status, headers), and DevTools' own `_error` and
//! `_resourceType`. Everything else (timings, cookies, bodies, pages, the
//! extra fields each browser adds) is skipped, so HARs from any engine, of
//! any age, are read; only a missing `log.entries` makes a file "not a HAR".

use serde::Deserialize;

use super::HarError;

/// The whole file.
#[derive(Clone, Debug, Deserialize)]
pub struct Har {
    /// Everything a HAR holds.
    pub log: Log,
}

/// `log`: who wrote the file and its entries.
#[derive(Clone, Debug, Deserialize)]
pub struct Log {
    /// Who wrote the file: "WebInspector" (Chromium's DevTools), "Firefox", …
    #[serde(default)]
    pub creator: Option<Creator>,
    /// The requests, in the order the browser made them.
    pub entries: Vec<Entry>,
}

/// `log.creator`: the program that wrote the file.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Creator {
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its version.
    #[serde(default)]
    pub version: String,
}

/// One request and what came back.
#[derive(Clone, Debug, Deserialize)]
pub struct Entry {
    /// What was sent.
    pub request: HarRequest,
    /// What came back (empty when nothing did).
    #[serde(default)]
    pub response: HarResponse,
    /// Chromium: "preflight" for a CORS preflight, "fetch", "xhr", …
    #[serde(default, rename = "_resourceType")]
    pub resource_type: Option<String>,
    /// Some writers put the failure here rather than in the response.
    #[serde(default, rename = "_error")]
    pub error: Option<String>,
}

/// An entry's request.
#[derive(Clone, Debug, Deserialize)]
pub struct HarRequest {
    /// The method, as sent.
    pub method: String,
    /// The URL, as sent.
    pub url: String,
    /// The headers, as the browser recorded them.
    #[serde(default)]
    pub headers: Vec<Header>,
}

/// An entry's response.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct HarResponse {
    /// 0 (or -1) when nothing came back.
    #[serde(default)]
    pub status: i64,
    /// The headers, as the browser recorded them.
    #[serde(default)]
    pub headers: Vec<Header>,
    /// Chromium's DevTools: why the request failed ("net::ERR_FAILED", …).
    #[serde(default, rename = "_error")]
    pub error: Option<String>,
}

/// One header line.
#[derive(Clone, Debug, Deserialize)]
pub struct Header {
    /// Its name.
    pub name: String,
    /// Its value (empty when the writer left it out).
    #[serde(default)]
    pub value: String,
}

/// Reads a HAR from its bytes: not JSON, or JSON without `log.entries`,
/// each say so in a sentence.
pub fn parse(bytes: &[u8]) -> Result<Har, HarError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| HarError::NotJson(e.to_string()))?;
    if !value["log"]["entries"].is_array() {
        return Err(HarError::NotHar(
            "it has no log.entries list (a HAR is {\"log\": {\"entries\": […]}})".into(),
        ));
    }
    serde_json::from_value(value).map_err(|e| HarError::NotHar(e.to_string()))
}

impl Entry {
    /// The request header's values, joined as HTTP joins them.
    pub fn request_header(&self, name: &str) -> Option<String> {
        joined(&self.request.headers, name)
    }

    /// Whether the request carried the header `name` at all.
    pub fn has_request_header(&self, name: &str) -> bool {
        self.request
            .headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case(name))
    }

    /// The reason the browser gave for a failed request, if any.
    pub fn failure(&self) -> Option<&str> {
        self.response
            .error
            .as_deref()
            .or(self.error.as_deref())
            .filter(|e| !e.is_empty())
    }

    /// Recorded with no answer: status 0 and no response header. The
    /// browser never sent it, or nothing came back.
    pub fn unanswered(&self) -> bool {
        self.response.status <= 0 && self.response.headers.is_empty()
    }

    /// A CORS preflight: the browser's OPTIONS with
    /// `Access-Control-Request-Method` (a header no page can set).
    pub fn is_preflight(&self) -> bool {
        self.request.method.eq_ignore_ascii_case("OPTIONS")
            && (self.has_request_header("access-control-request-method")
                || self.resource_type.as_deref() == Some("preflight"))
    }
}

fn joined(headers: &[Header], name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_fields_are_skipped_and_missing_ones_defaulted() {
        let har = parse(
            br#"{"log": {"version": "1.2", "pages": [], "entries": [
                {"request": {"method": "GET", "url": "http://a/", "headers": [], "cookies": []},
                 "response": {"status": 0, "headers": [], "_error": "net::ERR_FAILED",
                              "content": {"size": 0}},
                 "timings": {}, "_initiator": {"type": "script"}},
                {"request": {"method": "OPTIONS", "url": "http://a/",
                             "headers": [{"name": "Access-Control-Request-Method", "value": "PUT"}]}}
            ]}}"#,
        )
        .unwrap();
        let [failed, preflight] = &har.log.entries[..] else {
            panic!("two entries")
        };
        assert_eq!(failed.failure(), Some("net::ERR_FAILED"));
        assert!(failed.unanswered() && !failed.is_preflight());
        assert!(preflight.is_preflight() && preflight.unanswered());
        assert_eq!(
            preflight
                .request_header("access-control-request-method")
                .as_deref(),
            Some("PUT")
        );
    }

    #[test]
    fn broken_files_say_what_is_wrong() {
        assert!(matches!(parse(b"{\"log\": "), Err(HarError::NotJson(_))));
        let err = parse(b"{\"entries\": []}").unwrap_err().to_string();
        assert!(err.contains("log.entries"), "{err}");
        let err = parse(br#"{"log": {"entries": [{"request": {}}]}}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("method"), "{err}");
    }
}
