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
use crate::language::Language;

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
/// WebKit 2.50 words every case the same (measured: it logs the line once,
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

crate::texts! {
    CORP_SAME_ORIGIN {
        en: "`same-origin` (this page is another origin)",
        ru: "`same-origin` (а эта страница — другой источник)",
        zh: "`same-origin`（而本页面是另一个源）",
    }
    CORP_SAME_SITE {
        en: "`same-site` (this page is another site)",
        ru: "`same-site` (а эта страница — другой сайт)",
        zh: "`same-site`（而本页面是另一个站点）",
    }
    CORP_UNNAMED {
        en: "`same-origin` or `same-site`, or says nothing while this page's Cross-Origin-Embedder-Policy is `require-corp` (Firefox and WebKit do not say which)",
        ru: "`same-origin` или `same-site` либо ничего (когда у этой страницы Cross-Origin-Embedder-Policy равен `require-corp`; Firefox и WebKit не уточняют, что именно)",
        zh: "`same-origin` 或 `same-site`，或者什么都没写而本页面的 Cross-Origin-Embedder-Policy 是 `require-corp`（Firefox 和 WebKit 不说明是哪种）",
    }
    CORP_REFUSED {
        en: "Not CORS: Cross-Origin-Resource-Policy. The request reached the server and it answered, but its answer says {value}, so the browser dropped it. Access-Control-* headers cannot change that; the server must send `Cross-Origin-Resource-Policy: cross-origin` (or `same-site` for pages of its own site) on what other pages may embed.",
        ru: "Дело не в CORS, а в Cross-Origin-Resource-Policy. Запрос дошёл до сервера, и тот ответил, но в ответе сказано {value}, поэтому браузер ответ отбросил. Заголовки Access-Control-* тут ничего не изменят: сервер должен отправлять `Cross-Origin-Resource-Policy: cross-origin` (или `same-site` для страниц своего сайта) со всем, что другие страницы могут встраивать.",
        zh: "这不是 CORS 的问题，而是 Cross-Origin-Resource-Policy。请求到达了服务器，服务器也响应了，但响应中写的是 {value}，所以浏览器丢弃了它。Access-Control-* 响应头改变不了这一点；服务器必须在允许其他页面嵌入的资源上发送 `Cross-Origin-Resource-Policy: cross-origin`（对本站点的页面可以用 `same-site`）。",
    }
    COEP_REQUIRES_CORP {
        en: "Not CORS: this page's Cross-Origin-Embedder-Policy. The page is served with `require-corp`, and the answer has no Cross-Origin-Resource-Policy, which such a page counts as `same-origin`. The resource's server must send `Cross-Origin-Resource-Policy: cross-origin` (or answer with CORS and be fetched in CORS mode), or the page can use `credentialless` instead.",
        ru: "Дело не в CORS, а в Cross-Origin-Embedder-Policy этой страницы. Страница отдаётся с `require-corp`, а в ответе нет Cross-Origin-Resource-Policy, и такая страница считает его отсутствие за `same-origin`. Сервер ресурса должен отправлять `Cross-Origin-Resource-Policy: cross-origin` (или отвечать с заголовками CORS, а ресурс — запрашиваться в режиме CORS), либо страница может вместо этого использовать `credentialless`.",
        zh: "这不是 CORS 的问题，而是本页面的 Cross-Origin-Embedder-Policy。页面以 `require-corp` 提供，而响应中没有 Cross-Origin-Resource-Policy，这样的页面会把缺失当作 `same-origin`。资源所在的服务器必须发送 `Cross-Origin-Resource-Policy: cross-origin`（或者用 CORS 响应，并以 CORS 模式请求该资源），或者页面改用 `credentialless`。",
    }
}

/// What such a line means, and what fixes it, in `language`.
fn note(language: Language, refused: Option<Refused>) -> String {
    let value = match refused {
        Some(Refused::SameOrigin) => CORP_SAME_ORIGIN,
        Some(Refused::SameSite) => CORP_SAME_SITE,
        Some(Refused::MissingUnderRequireCorp) => {
            return COEP_REQUIRES_CORP.get(language).to_owned()
        }
        None => CORP_UNNAMED,
    };
    CORP_REFUSED.fill(language, &[("value", &value.get(language))])
}

/// The reading of a CORP line, when `line` is one.
pub fn read(line: &str) -> Option<Reading> {
    read_in(Language::En, line)
}

/// [`read`], its note in `language`.
pub fn read_in(language: Language, line: &str) -> Option<Reading> {
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
    reading.note = Some(note(language, refused));
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
