//! Console text back to the check that failed: a line (or a whole block)
//! as copied from DevTools, read with the patterns made from the writers'
//! templates (see `pattern`). What a line cannot tell stays unknown: Firefox
//! never names the page's origin, nor the method it refused, nor whether a
//! missing `Access-Control-Allow-Origin` was the preflight's or the
//! response's; WebKit's reason never names the URL (the line after it
//! does), and it words a missing `Access-Control-Allow-Origin` and another
//! origin's alike.

use regex_lite::{Captures, Regex};
use serde::Serialize;
use std::sync::LazyLock;

use super::pattern::{self, Pattern};
use super::{firefox, webkit, Api};
use crate::engine::Engine;
use crate::failure::{Failure, Stage};

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
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut readings: Vec<Reading> = Vec::new();
    for line in &lines {
        if let Some(reading) = read_cors_line(line).or_else(|| read_other_line(line)) {
            fold_status(&mut readings, &reading);
            fold_did_not_succeed(&mut readings, &reading);
            fold_webkit_url(&mut readings, &reading);
            readings.push(reading);
        }
    }
    if readings.is_empty() && !lines.is_empty() {
        let mut nothing = Reading::unknown(&lines.join("\n"));
        nothing.note = Some(NOT_A_CORS_LINE.into());
        readings.push(nothing);
    }
    readings
}

const NOT_A_CORS_LINE: &str = "No line here is one a browser logs for a CORS failure. \
Copy the red line from the browser's console that names the URL (Chromium: \"Access to fetch at … has been blocked by CORS policy: …\"; \
Firefox: \"Cross-Origin Request Blocked: … (Reason: …)\"; WebKit: the line before \"Fetch API cannot load … due to access control checks.\").";

/// One line against every template's pattern.
fn read_cors_line(line: &str) -> Option<Reading> {
    let found: Vec<(&Pattern, Captures)> = pattern::ALL
        .iter()
        .filter_map(|p| p.regex.captures(line).map(|c| (p, c)))
        .collect();
    let Some((first, caps)) = found.first() else {
        return read_unknown_reason(line);
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
        None => reading.note = Some(no_check_note(first.engine).into()),
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

fn no_check_note(engine: Engine) -> &'static str {
    match engine {
        Engine::Firefox => "Firefox names no check in this line: the request did not complete. \
After a line about a failed preflight, it is the request that preflight stopped, never sent. \
On its own, the server was not reached (nothing listens there, a name that does not resolve, a refused certificate) \
or a redirect was refused: look at the line before it, and at the Network tab.",
        Engine::Chromium => "Chromium names no check in this line.",
        Engine::Webkit => "WebKit names no check in this line: it names the URL it blocked, and the line before it \
(\"Origin … is not allowed by Access-Control-Allow-Origin.\", \"Preflight response is not successful.\", …) says why. \
Without such a line before it, the Network tab shows what failed.",
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

fn read_unknown_reason(line: &str) -> Option<Reading> {
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
    reading.note = Some(format!(
        "A CORS failure the lab's model does not know yet ({}'s reason: \"{}\"). \
The lab reads the reasons Chromium 156 and Firefox ESR 153 give.",
        engine.label(),
        text(&caps, "reason").unwrap_or_default()
    ));
    Some(reading)
}

/// Lines that name no check but say something: what follows a blocked
/// request in Chromium's console, and what JavaScript itself sees.
static OTHER: LazyLock<[(Option<Engine>, Regex, &'static str); 6]> = LazyLock::new(|| {
    let re = |p: &str| Regex::new(p).expect("a valid pattern");
    [
        (
            Some(Engine::Chromium),
            re(r"^(?:.*?\s)?(?P<method>[A-Z]+) (?P<url>\S+) net::(?P<error>ERR_[A-Z_]+)(?: (?P<status>\d{3})(?: \(.*\))?)?$"),
            "Chromium's network line for the same request: net::ERR_FAILED after a CORS line means the CORS check failed (the line before says which); \
the number after it is the status the server answered. Any other net::ERR_ means the request itself failed (not CORS): nothing listens, the name does not resolve, the certificate is refused.",
        ),
        (
            Some(Engine::Chromium),
            re(r"(?:^|\s)(?P<url>\S+) - Failed to load resource: net::(?P<error>ERR_[A-Z_]+)"),
            "Chromium's network line for the same request (as its log writes it): net::ERR_FAILED after a CORS line means the CORS check failed (the line before says which); \
any other net::ERR_ means the request itself failed, not CORS.",
        ),
        (
            Some(Engine::Chromium),
            re(r"TypeError: Failed to fetch"),
            "What JavaScript sees in Chromium for every failure, CORS or network alike: the reason is only in the console line, never in the error.",
        ),
        (
            Some(Engine::Firefox),
            re(r"TypeError: NetworkError when attempting to fetch resource"),
            "What JavaScript sees in Firefox for every failure, CORS or network alike: the reason is only in the console line, never in the error.",
        ),
        (
            Some(Engine::Webkit),
            re(r"TypeError: Load failed"),
            "What JavaScript sees in WebKit (Safari) for every failure, CORS or network alike: the reason is only in the console line, never in the error.",
        ),
        (
            Some(Engine::Webkit),
            re(&regex_lite::escape(crate::stream::WEBKIT_REFUSAL)),
            "WebKit (Safari) does not send a ReadableStream request body: fetch refused it before anything was sent. \
No request, no preflight, no CORS check: send the body as a string, a Blob or an ArrayBuffer.",
        ),
    ]
});

fn read_other_line(line: &str) -> Option<Reading> {
    if let Some(reading) = super::resource_policy::read(line) {
        return Some(reading);
    }
    if let Some((engine, method)) = super::thrown::read(line) {
        let mut reading = Reading::unknown(line);
        reading.engine = Some(engine);
        reading.note = Some(format!("{method}: {}", super::thrown::NOTE));
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
            Some(error) if error != "ERR_FAILED" => format!(
                "{error}: the request itself failed, before any CORS check (nothing listens there, a name that does not resolve, a refused certificate, a protocol error). Not CORS."
            ),
            _ => (*note).into(),
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
