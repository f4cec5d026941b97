//! `Cross-Origin-Resource-Policy` refusals: not CORS (they stop a no-cors
//! request, an image, a script, whose answers JavaScript never reads), but
//! the line a learner pastes when CORP refused one, or when the page's own
//! `Cross-Origin-Embedder-Policy: require-corp` counted a missing CORP as
//! `same-origin`. Each engine's line and its reading, side by side. Measured
//! in Chromium 156 and Firefox ESR 153 (lessons `resource-policy` and
//! `embedder-policy`).

use std::sync::LazyLock;

use regex_lite::Regex;

use super::read::Reading;
use crate::engine::Engine;

/// The values of the header a response can refuse a page with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// `same-origin`: the page is another origin.
    SameOrigin,
    /// `same-site`: the page is another site.
    SameSite,
    /// No CORP at all, on a page whose `Cross-Origin-Embedder-Policy` is
    /// `require-corp`: the missing header counts as `same-origin`.
    MissingUnderRequireCorp,
}

/// The line `engine` logs when CORP `refused` the response of `url`.
/// WebKit 2.50 words every case the same (measured: it logs the line twice,
/// then its "Fetch API cannot load … due to access control checks.").
pub fn line(engine: Engine, refused: Refused, url: &str) -> String {
    match engine {
        Engine::Chromium => format!(
            "{url} - Failed to load resource: net::ERR_BLOCKED_BY_RESPONSE.{}",
            match refused {
                Refused::SameOrigin => "NotSameOrigin",
                Refused::SameSite => "NotSameSite",
                Refused::MissingUnderRequireCorp => "NotSameOriginAfterDefaultedToSameOriginByCoep",
            }
        ),
        // Firefox names the header, never the value it did not meet.
        Engine::Firefox => super::firefox::corp_line(super::FirefoxLocale::EnUs, url),
        Engine::Webkit => format!(
            "Cancelled load to {url} because it violates the resource's \
             Cross-Origin-Resource-Policy response header."
        ),
    }
}

static CHROMIUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?P<url>\S+) - Failed to load resource: net::ERR_BLOCKED_BY_RESPONSE\.(?P<reason>NotSameOriginAfterDefaultedToSameOriginByCoep|NotSameOrigin|NotSameSite)\b")
        .expect("a valid pattern")
});
static WEBKIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Cancelled load to (?P<url>\S+) because it violates the resource's Cross-Origin-Resource-Policy response header")
        .expect("a valid pattern")
});

/// What such a line means, and what fixes it.
fn note(refused: Option<Refused>) -> String {
    let value = match refused {
        Some(Refused::SameOrigin) => "`same-origin` (this page is another origin)",
        Some(Refused::SameSite) => "`same-site` (this page is another site)",
        Some(Refused::MissingUnderRequireCorp) => {
            return "Not CORS: this page's Cross-Origin-Embedder-Policy. The page is served with \
                    `require-corp`, and the answer has no Cross-Origin-Resource-Policy, which \
                    such a page counts as `same-origin`. The resource's server must send \
                    `Cross-Origin-Resource-Policy: cross-origin` (or answer with CORS and be \
                    fetched in CORS mode), or the page can use `credentialless` instead."
                .into()
        }
        None => {
            "`same-origin` or `same-site`, or says nothing while this page's \
             Cross-Origin-Embedder-Policy is `require-corp` (Firefox and WebKit do not say which)"
        }
    };
    format!(
        "Not CORS: Cross-Origin-Resource-Policy. The request reached the server and it answered, \
         but its answer says {value}, so the browser dropped it. Access-Control-* headers cannot \
         change that; the server must send `Cross-Origin-Resource-Policy: cross-origin` (or \
         `same-site` for pages of its own site) on what other pages may embed."
    )
}

/// The reading of a CORP line, when `line` is one.
pub fn read(line: &str) -> Option<Reading> {
    let (engine, url, refused) = if let Some(caps) = CHROMIUM.captures(line) {
        let refused = match &caps["reason"] {
            "NotSameSite" => Refused::SameSite,
            "NotSameOrigin" => Refused::SameOrigin,
            _ => Refused::MissingUnderRequireCorp,
        };
        (Engine::Chromium, caps["url"].to_owned(), Some(refused))
    } else if let Some(caps) = WEBKIT.captures(line) {
        (Engine::Webkit, caps["url"].to_owned(), None)
    } else {
        // In whichever language Firefox writes it.
        (Engine::Firefox, super::firefox::corp_url(line)?, None)
    };
    let mut reading = Reading::unknown(line);
    reading.engine = Some(engine);
    reading.url = Some(url);
    reading.note = Some(note(refused));
    Some(reading)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://localhost:8081/lab/resource-policy/same-site?run=1";

    #[test]
    fn each_engines_line_reads_back_as_corp_not_cors() {
        for engine in Engine::ALL {
            for refused in [
                Refused::SameOrigin,
                Refused::SameSite,
                Refused::MissingUnderRequireCorp,
            ] {
                let written = line(engine, refused, URL);
                let reading = read(&written).unwrap_or_else(|| panic!("{written}"));
                assert_eq!(reading.engine, Some(engine), "{written}");
                assert_eq!(reading.url.as_deref(), Some(URL));
                assert_eq!(reading.failure, None);
                let note = reading.note.unwrap();
                assert!(note.starts_with("Not CORS: "), "{note}");
                if engine == Engine::Chromium {
                    let named = ["`same-origin`", "`same-site`", "`require-corp`"];
                    assert!(note.contains(named[refused as usize]), "{note}");
                }
            }
        }
        assert!(read("net::ERR_FAILED").is_none());
    }
}
