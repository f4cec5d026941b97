//! What works by accident: answers a browser accepts today that would let
//! the wrong page in, or that a cache or another engine will treat
//! differently. Each warning in the language asked for.

use cors_model::{Answer, Engine, Language};

cors_model::texts! {
    /// Which answer a warning is about, before the warning.
    ABOUT_PREFLIGHT {
        en: "preflight: ",
        ru: "предварительный запрос: ",
        zh: "预检请求：",
    }
    ABOUT_RESPONSE {
        en: "response: ",
        ru: "ответ: ",
        zh: "响应：",
    }
    STAR_WITH_CREDENTIALS {
        en: "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true. Browsers refuse that pair for credentialed requests; if it was meant to open the API to every site with cookies, it must not.",
        ru: "Access-Control-Allow-Origin: * вместе с Access-Control-Allow-Credentials: true. Для запросов с учётными данными браузеры эту пару отвергают; если так хотели открыть API всем сайтам вместе с cookie, этого делать нельзя.",
        zh: "Access-Control-Allow-Origin: * 与 Access-Control-Allow-Credentials: true 同时出现。对于携带凭据的请求，浏览器会拒绝这一组合；如果本意是连同 Cookie 一起向所有站点开放这个 API，那绝不能这样做。",
    }
    MISSING_VARY {
        en: "Access-Control-Allow-Origin: {origin} without Vary: Origin. A shared cache may hand this answer to another origin's request, which then fails (or one origin's answer leaks to another).",
        ru: "Access-Control-Allow-Origin: {origin} без Vary: Origin. Общий кеш может отдать этот ответ на запрос с другого источника, и тот не пройдёт (или ответ, предназначенный одному источнику, попадёт к другому).",
        zh: "Access-Control-Allow-Origin: {origin} 却没有 Vary: Origin。共享缓存可能把这个响应交给另一个源的请求，导致它失败（或者一个源的响应泄露给另一个源）。",
    }
    MAX_AGE_OVER_CAP {
        en: "Access-Control-Max-Age: {value} is above {engine}'s cap: it caches the preflight for {cap} s only.",
        ru: "Access-Control-Max-Age: {value} больше предела {engine}: он кеширует предварительный запрос только на {cap} с.",
        zh: "Access-Control-Max-Age: {value} 超过了 {engine} 的上限：它只会把预检结果缓存 {cap} 秒。",
    }
    REFLECTS_WITH_CREDENTIALS {
        en: "the server reflects any origin ({probe} was allowed) with credentials: any site can read what a logged-in user sees.",
        ru: "сервер отражает любой источник ({probe} был разрешён), и с учётными данными: любой сайт может прочитать то, что видит вошедший пользователь.",
        zh: "服务器会回显任意源（{probe} 被允许了），并且允许凭据：任何站点都能读取已登录用户看到的内容。",
    }
    REFLECTS {
        en: "the server reflects any origin ({probe} was allowed): an allowlist is not being checked.",
        ru: "сервер отражает любой источник ({probe} был разрешён): список разрешённых источников не проверяется.",
        zh: "服务器会回显任意源（{probe} 被允许了）：并没有检查允许列表。",
    }
}

/// The foreign origin `--probe` sends: it can never be a real page's.
pub const PROBE_ORIGIN: &str = "http://doctor-probe.invalid";

/// Every warning the answers deserve, in `language`.
pub fn all(
    language: Language,
    engine: Engine,
    preflight: Option<&Answer>,
    response: Option<&Answer>,
    probe: Option<&Answer>,
) -> Vec<String> {
    let mut warnings = Vec::new();
    for (about, answer) in [(ABOUT_PREFLIGHT, preflight), (ABOUT_RESPONSE, response)] {
        let Some(answer) = answer else { continue };
        let about = |warning: String| format!("{}{warning}", about.get(language));
        warnings.extend(wildcard_with_credentials(language, answer).map(about));
        if !same_for_any_origin(answer, probe) {
            warnings.extend(missing_vary(language, answer).map(about));
        }
    }
    warnings.extend(preflight.and_then(|a| max_age_over_cap(language, engine, a)));
    warnings.extend(probe.and_then(|p| reflected(language, p)));
    warnings
}

/// The probe got the same Access-Control-Allow-Origin: the answer does not
/// depend on the Origin, so no cache can mix origins up.
fn same_for_any_origin(answer: &Answer, probe: Option<&Answer>) -> bool {
    let probed = probe.and_then(|p| p.get("access-control-allow-origin"));
    probed.is_some() && probed == answer.get("access-control-allow-origin")
}

fn wildcard_with_credentials(language: Language, answer: &Answer) -> Option<String> {
    let star = answer.get("access-control-allow-origin").as_deref() == Some("*");
    let credentials = answer.get("access-control-allow-credentials").as_deref() == Some("true");
    (star && credentials).then(|| STAR_WITH_CREDENTIALS.get(language).to_owned())
}

fn missing_vary(language: Language, answer: &Answer) -> Option<String> {
    let origin = answer.get("access-control-allow-origin")?;
    if origin == "*" {
        return None;
    }
    let vary = answer.get("vary").unwrap_or_default();
    let varies = vary
        .split(',')
        .any(|v| v.trim().eq_ignore_ascii_case("origin") || v.trim() == "*");
    (!varies).then(|| MISSING_VARY.fill(language, &[("origin", &origin)]))
}

fn max_age_over_cap(language: Language, engine: Engine, preflight: &Answer) -> Option<String> {
    let value = preflight.get("access-control-max-age")?;
    let seconds: u128 = value.trim().parse().ok()?;
    let cap = engine.max_age_cap();
    (seconds > u128::from(cap)).then(|| {
        let engine = engine.name();
        MAX_AGE_OVER_CAP.fill(
            language,
            &[("value", &value), ("engine", &engine), ("cap", &cap)],
        )
    })
}

fn reflected(language: Language, probe: &Answer) -> Option<String> {
    if probe.get("access-control-allow-origin").as_deref() != Some(PROBE_ORIGIN) {
        return None;
    }
    let credentials = probe.get("access-control-allow-credentials").as_deref() == Some("true");
    let text = if credentials {
        REFLECTS_WITH_CREDENTIALS
    } else {
        REFLECTS
    };
    Some(text.fill(language, &[("probe", &PROBE_ORIGIN)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "http://localhost:8080";

    #[test]
    fn each_warning_fires_only_when_it_should() {
        let good = Answer::new(200)
            .with("Access-Control-Allow-Origin", PAGE)
            .with("Vary", "Accept, Origin");
        assert!(all(
            Language::En,
            Engine::Chromium,
            Some(&good),
            Some(&good),
            Some(&Answer::new(400))
        )
        .is_empty());
        let no_vary = Answer::new(200).with("Access-Control-Allow-Origin", PAGE);
        assert!(
            all(Language::En, Engine::Chromium, None, Some(&no_vary), None)[0]
                .contains("without Vary: Origin")
        );
        let star = Answer::new(200)
            .with("Access-Control-Allow-Origin", "*")
            .with("Access-Control-Allow-Credentials", "true");
        assert!(
            all(Language::En, Engine::Chromium, None, Some(&star), None)[0]
                .contains("* with Access-Control-Allow-Credentials")
        );
        let long = good.clone().with("Access-Control-Max-Age", "86400");
        assert_eq!(
            all(Language::En, Engine::Chromium, Some(&long), None, None).len(),
            1
        );
        assert!(all(Language::En, Engine::Firefox, Some(&long), None, None).is_empty());
        let echo = Answer::new(200)
            .with("Access-Control-Allow-Origin", PROBE_ORIGIN)
            .with("Access-Control-Allow-Credentials", "true");
        assert!(
            all(Language::En, Engine::Chromium, None, None, Some(&echo))[0]
                .contains("reflects any origin")
        );
    }

    #[test]
    fn warnings_speak_the_language_asked_and_keep_the_headers() {
        let no_vary = Answer::new(200).with("Access-Control-Allow-Origin", PAGE);
        let russian = all(Language::Ru, Engine::Chromium, None, Some(&no_vary), None);
        assert_eq!(
            russian,
            ["ответ: Access-Control-Allow-Origin: http://localhost:8080 без Vary: Origin. Общий кеш \
              может отдать этот ответ на запрос с другого источника, и тот не пройдёт (или ответ, \
              предназначенный одному источнику, попадёт к другому)."]
        );
        let chinese = all(Language::Zh, Engine::Chromium, None, Some(&no_vary), None);
        assert!(
            chinese[0]
                .starts_with("响应：Access-Control-Allow-Origin: http://localhost:8080 却没有"),
            "{chinese:?}"
        );
        assert!(chinese[0].contains("Vary: Origin"), "{chinese:?}");
    }
}
