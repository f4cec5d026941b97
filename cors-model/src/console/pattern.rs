//! The reader's patterns, made from the writers' own templates: each
//! template is rendered with a marker in every slot (the URL, the origin,
//! the header's value, the status, …), and the text between the markers
//! becomes the literal part of a regular expression. A changed template
//! changes its pattern with it.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::{chromium, firefox, webkit, Api, Context, FirefoxLocale};
use crate::engine::Engine;
use crate::failure::{Failure, Stage};

/// One line a template can write, as a pattern.
pub(super) struct Pattern {
    pub engine: Engine,
    pub stage: Stage,
    /// The failure with markers in its fields.
    pub failure: Failure,
    pub regex: Regex,
}

/// A status slot: no real status is this, so the rendered number is
/// replaced by the status marker.
const STATUS_MARK: u16 = 65535;

fn mark(slot: &str) -> String {
    format!("\u{E000}{slot}\u{E001}")
}

/// Every failure the model knows, with a marker in each field.
fn marked_failures() -> Vec<Failure> {
    use Failure::*;
    let failures = vec![
        MissingAllowOrigin {
            status: STATUS_MARK,
        },
        MultipleAllowOrigin {
            value: mark("value"),
        },
        InvalidAllowOrigin {
            value: mark("value"),
        },
        AllowOriginMismatch {
            value: mark("value"),
        },
        WildcardWithCredentials,
        AllowCredentials {
            value: mark("value"),
        },
        PreflightStatus {
            status: STATUS_MARK,
        },
        PreflightRedirect {
            status: STATUS_MARK,
        },
        InvalidAllowMethods {
            token: mark("token"),
        },
        MethodNotAllowed {
            method: mark("method"),
        },
        InvalidAllowHeaders {
            token: mark("token"),
        },
        HeaderNotAllowed { name: mark("name") },
        RedirectWithCredentials {
            location: mark("location"),
        },
        StreamNeedsHttp2,
    ];
    debug_assert!(failures.iter().all(|f| listed(f) < failures.len()));
    failures
}

/// A new variant fails to compile here until it is given a marked form
/// above.
fn listed(failure: &Failure) -> usize {
    use Failure::*;
    match failure {
        MissingAllowOrigin { .. } => 0,
        MultipleAllowOrigin { .. } => 1,
        InvalidAllowOrigin { .. } => 2,
        AllowOriginMismatch { .. } => 3,
        WildcardWithCredentials => 4,
        AllowCredentials { .. } => 5,
        PreflightStatus { .. } => 6,
        PreflightRedirect { .. } => 7,
        InvalidAllowMethods { .. } => 8,
        MethodNotAllowed { .. } => 9,
        InvalidAllowHeaders { .. } => 10,
        HeaderNotAllowed { .. } => 11,
        RedirectWithCredentials { .. } => 12,
        StreamNeedsHttp2 => 13,
    }
}

/// Where the model writes a line from: the stage, and whether the URL was
/// reached through a redirect (only a response's can be).
const PLACES: [(Stage, bool); 4] = [
    (Stage::Preflight, false),
    (Stage::Response, false),
    (Stage::Response, true),
    (Stage::Redirect, false),
];

/// Every pattern, built once.
pub(super) static ALL: LazyLock<Vec<Pattern>> = LazyLock::new(build);

fn build() -> Vec<Pattern> {
    let (url, from, origin) = (mark("url"), mark("from"), mark("origin"));
    let mut patterns = Vec::new();
    for failure in marked_failures() {
        for (stage, redirected) in PLACES {
            if !failure.stages().contains(&stage) {
                continue;
            }
            let at = Context {
                url: &url,
                redirected_from: redirected.then_some(from.as_str()),
                origin: &origin,
                status: STATUS_MARK,
            };
            for api in Api::ALL {
                let line = chromium::line(api, stage, &failure, at);
                let line = line.replacen(
                    &format!("Access to {} at ", chromium::api_name(api)),
                    &format!("Access to {} at ", mark("api")),
                    1,
                );
                patterns.push((Engine::Chromium, stage, failure.clone(), line));
            }
            // Firefox writes a second line after a failed preflight, in
            // the language of its language pack.
            for locale in FirefoxLocale::ALL {
                for line in firefox::lines_in(locale, stage, &failure, at) {
                    // A pasted line loses the space zh-CN ends one with.
                    let line = line.trim_end().to_owned();
                    patterns.push((Engine::Firefox, stage, failure.clone(), line));
                }
            }
            // WebKit's reason, then its API's line (the same for every
            // failure: it names the URL, no check).
            if failure != Failure::StreamNeedsHttp2 {
                for api in Api::ALL {
                    for line in webkit::lines(api, stage, &failure, at) {
                        let line = line.replacen(
                            &format!("{} cannot load ", webkit::api_words(api)),
                            &format!("{} cannot load ", mark("api")),
                            1,
                        );
                        patterns.push((Engine::Webkit, stage, failure.clone(), line));
                    }
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    patterns
        .into_iter()
        .filter(|(engine, stage, failure, line)| {
            seen.insert((*engine, stage.name(), listed(failure), line.clone()))
        })
        .map(|(engine, stage, failure, line)| Pattern {
            engine,
            stage,
            failure,
            regex: to_regex(&line),
        })
        .collect()
}

/// The rendered template as a regular expression: literal text matched
/// exactly, each marker a named group. No anchors: a line copied from
/// DevTools may carry the script's name before it and "[Learn More]" after.
fn to_regex(rendered: &str) -> Regex {
    let rendered = rendered.replace(&STATUS_MARK.to_string(), &mark("status"));
    let mut pattern = String::new();
    let mut named = Vec::new();
    for (i, piece) in rendered.split('\u{E000}').enumerate() {
        let literal = if i == 0 {
            piece
        } else {
            let (slot, rest) = piece.split_once('\u{E001}').unwrap_or((piece, ""));
            // A slot a line names twice (WebKit's redirect names its
            // Location twice) is captured the first time.
            pattern += &if named.contains(&slot) {
                format!("(?:{})", body(slot))
            } else if rest.is_empty() {
                // A slot that ends the line (WebKit quotes a header's
                // whole value last) takes the rest of it.
                named.push(slot);
                format!("(?P<{slot}>.+)")
            } else {
                named.push(slot);
                group(slot)
            };
            rest
        };
        pattern += &regex_lite::escape(literal);
    }
    // The templates are the model's own text: a failure here is a bug in
    // them, caught by every test that reads a line.
    Regex::new(&pattern).expect("a console template makes a valid pattern")
}

fn group(slot: &str) -> String {
    format!("(?P<{slot}>{})", body(slot))
}

fn body(slot: &str) -> &'static str {
    match slot {
        "status" => r"\d{1,3}",
        "api" => "fetch|XMLHttpRequest|Fetch API",
        "value" => ".*?",
        _ => ".+?",
    }
}
