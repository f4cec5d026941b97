//! A HAR of what Chromium itself did, built from its DevTools protocol
//! events the way DevTools' own "Save all as HAR" builds one (devtools-
//! frontend, `front_end/models/har/Log.ts` over `SDK.NetworkRequest`).
//! chromedriver records the events when the session asks for the
//! performance log (`goog:loggingPrefs: {performance: "ALL"}`); each read of
//! `/session/{id}/se/log` (type "performance") empties it.
//!
//! What maps from where, per request id (a redirect starts a new entry
//! under the same id):
//! - `Network.requestWillBeSent`: method, URL (without its fragment), the
//!   headers the renderer knew, `type` as `_resourceType` (lower-cased, as
//!   DevTools writes it: "fetch", "xhr", "preflight"), `initiator` as
//!   `_initiator`, `wallTime` as `startedDateTime`; with `redirectResponse`
//!   it also ends the previous hop with that answer.
//! - `Network.requestWillBeSentExtraInfo`: the headers as sent on the wire
//!   (Cookie included): they replace the renderer's, as DevTools shows them.
//! - `Network.responseReceived`: status, status text, headers.
//! - `Network.responseReceivedExtraInfo`: the raw headers (Set-Cookie
//!   included), which replace those; for a response CORS blocked no
//!   `responseReceived` comes, and this is all there is of the answer.
//! - `Network.loadingFailed`: `errorText` as the response's `_error`
//!   ("net::ERR_FAILED" for a CORS failure, whatever its reason).
//!
//! A protocol `Headers` object joins a repeated header with "\n"; DevTools
//! writes one HAR header per line, and so does this.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

/// One entry under construction.
#[derive(Default)]
struct Hop {
    started: f64,
    order: usize,
    method: String,
    url: String,
    request_headers: Vec<Value>,
    resource_type: String,
    initiator: Value,
    status: i64,
    status_text: String,
    response_headers: Vec<Value>,
    mime_type: String,
    error: Option<String>,
    wire_request_headers: bool,
    wire_response_headers: bool,
}

/// `{name: value}` with "\n"-joined repeats, as HAR `[{name, value}]`.
fn header_list(headers: &Value) -> Vec<Value> {
    let mut list = Vec::new();
    if let Some(map) = headers.as_object() {
        for (name, value) in map {
            let value = value.as_str().unwrap_or_default();
            for line in value.split('\n') {
                list.push(json!({"name": name, "value": line}));
            }
        }
    }
    list
}

fn without_fragment(url: &str) -> String {
    url.split('#').next().unwrap_or(url).to_owned()
}

/// An ISO 8601 time (UTC, milliseconds) for seconds since the epoch.
fn iso(seconds: f64) -> String {
    let millis = (seconds * 1000.0) as i64;
    let (days, ms) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// The HAR of every request in `events` (the performance log's entries,
/// as chromedriver returns them: `{message: "<JSON>"}`).
pub fn har_from_performance_log(events: &[Value], browser_version: &str) -> Value {
    let mut done: Vec<Hop> = Vec::new();
    let mut open: HashMap<String, Hop> = HashMap::new();
    // ExtraInfo can come before the event it completes: kept until then.
    let mut early_request: HashMap<String, Value> = HashMap::new();
    let mut early_response: HashMap<String, Value> = HashMap::new();
    let mut order = 0;
    for event in events {
        let Some(message) = event["message"]
            .as_str()
            .and_then(|m| serde_json::from_str::<Value>(m).ok())
        else {
            continue;
        };
        let method = message["message"]["method"].as_str().unwrap_or_default();
        let params = &message["message"]["params"];
        let id = params["requestId"].as_str().unwrap_or_default().to_owned();
        match method {
            "Network.requestWillBeSent" => {
                if let Some(mut previous) = open.remove(&id) {
                    if params["redirectResponse"].is_object() {
                        answer(&mut previous, &params["redirectResponse"]);
                    }
                    done.push(previous);
                }
                let request = &params["request"];
                order += 1;
                let mut hop = Hop {
                    started: params["wallTime"].as_f64().unwrap_or_default(),
                    order,
                    method: request["method"].as_str().unwrap_or_default().to_owned(),
                    url: without_fragment(request["url"].as_str().unwrap_or_default()),
                    request_headers: header_list(&request["headers"]),
                    resource_type: params["type"]
                        .as_str()
                        .unwrap_or("other")
                        .to_ascii_lowercase(),
                    initiator: params["initiator"].clone(),
                    ..Hop::default()
                };
                if let Some(extra) = early_request.remove(&id) {
                    hop.request_headers = header_list(&extra["headers"]);
                    hop.wire_request_headers = true;
                }
                open.insert(id, hop);
            }
            "Network.requestWillBeSentExtraInfo" => match open.get_mut(&id) {
                Some(hop) if !hop.wire_request_headers => {
                    hop.request_headers = header_list(&params["headers"]);
                    hop.wire_request_headers = true;
                }
                _ => {
                    early_request.insert(id, params.clone());
                }
            },
            "Network.responseReceived" => {
                if let Some(hop) = open.get_mut(&id) {
                    answer(hop, &params["response"]);
                    if let Some(extra) = early_response.remove(&id) {
                        extra_answer(hop, &extra);
                    }
                }
            }
            "Network.responseReceivedExtraInfo" => match open.get_mut(&id) {
                Some(hop) => extra_answer(hop, params),
                None => {
                    early_response.insert(id, params.clone());
                }
            },
            "Network.loadingFailed" => {
                if let Some(mut hop) = open.remove(&id) {
                    if let Some(extra) = early_response.remove(&id) {
                        extra_answer(&mut hop, &extra);
                    }
                    hop.error = params["errorText"].as_str().map(str::to_owned);
                    done.push(hop);
                }
            }
            "Network.loadingFinished" => {
                if let Some(mut hop) = open.remove(&id) {
                    if let Some(extra) = early_response.remove(&id) {
                        extra_answer(&mut hop, &extra);
                    }
                    done.push(hop);
                }
            }
            _ => {}
        }
    }
    done.extend(open.into_values());
    // DevTools lists requests by the time each started.
    done.sort_by(|a, b| a.started.total_cmp(&b.started).then(a.order.cmp(&b.order)));
    let entries: Vec<Value> = done.into_iter().map(entry).collect();
    json!({"log": {
        "version": "1.2",
        "creator": {"name": "lab-tests har_capture (Chromium's DevTools protocol events)",
                    "version": browser_version},
        "pages": [],
        "entries": entries,
    }})
}

fn answer(hop: &mut Hop, response: &Value) {
    hop.status = response["status"].as_i64().unwrap_or_default();
    hop.status_text = response["statusText"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    hop.mime_type = response["mimeType"].as_str().unwrap_or_default().to_owned();
    if !hop.wire_response_headers {
        hop.response_headers = header_list(&response["headers"]);
    }
}

fn extra_answer(hop: &mut Hop, extra: &Value) {
    hop.response_headers = header_list(&extra["headers"]);
    hop.wire_response_headers = true;
    if hop.status == 0 {
        hop.status = extra["statusCode"].as_i64().unwrap_or_default();
    }
}

fn entry(hop: Hop) -> Value {
    let mut response = Map::new();
    response.insert("status".into(), json!(hop.status));
    response.insert("statusText".into(), json!(hop.status_text));
    response.insert("httpVersion".into(), json!("HTTP/1.1"));
    response.insert("headers".into(), json!(hop.response_headers));
    response.insert("cookies".into(), json!([]));
    response.insert(
        "content".into(),
        json!({"size": 0, "mimeType": if hop.mime_type.is_empty() { "x-unknown" } else { &hop.mime_type }}),
    );
    response.insert("redirectURL".into(), json!(""));
    response.insert("headersSize".into(), json!(-1));
    response.insert("bodySize".into(), json!(-1));
    response.insert("_error".into(), json!(hop.error));
    json!({
        "_initiator": hop.initiator,
        "_resourceType": hop.resource_type,
        "cache": {},
        "startedDateTime": iso(hop.started),
        "time": 0,
        "request": {
            "method": hop.method,
            "url": hop.url,
            "httpVersion": "HTTP/1.1",
            "headers": hop.request_headers,
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": response,
        "timings": {"blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": 0, "receive": 0},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_iso_8601() {
        assert_eq!(iso(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(1_796_212_800.25), "2026-12-02T12:00:00.250Z");
    }

    #[test]
    fn a_blocked_response_keeps_its_wire_headers_and_error() {
        let event = |method: &str, params: Value| json!({"message": json!({"message": {"method": method, "params": params}}).to_string()});
        let events = [
            event(
                "Network.requestWillBeSent",
                json!({"requestId": "1", "wallTime": 1.0, "type": "Fetch",
                       "request": {"method": "GET", "url": "http://b/x#f", "headers": {"Origin": "http://a"}}}),
            ),
            event(
                "Network.responseReceivedExtraInfo",
                json!({"requestId": "1", "statusCode": 200,
                       "headers": {"Content-Type": "text/plain", "Vary": "Origin\nAccept"}}),
            ),
            event(
                "Network.loadingFailed",
                json!({"requestId": "1", "errorText": "net::ERR_FAILED"}),
            ),
        ];
        let har = har_from_performance_log(&events, "156");
        let entry = &har["log"]["entries"][0];
        assert_eq!(entry["request"]["url"], "http://b/x");
        assert_eq!(entry["_resourceType"], "fetch");
        assert_eq!(entry["response"]["status"], 200);
        assert_eq!(entry["response"]["_error"], "net::ERR_FAILED");
        assert_eq!(entry["response"]["headers"].as_array().unwrap().len(), 3);
    }
}
