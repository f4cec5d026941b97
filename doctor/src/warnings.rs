//! What works by accident: answers a browser accepts today that would let
//! the wrong page in, or that a cache or another engine will treat
//! differently.

use cors_model::{Answer, Engine};

/// The foreign origin `--probe` sends: it can never be a real page's.
pub const PROBE_ORIGIN: &str = "http://doctor-probe.invalid";

/// Every warning the answers deserve.
pub fn all(
    engine: Engine,
    preflight: Option<&Answer>,
    response: Option<&Answer>,
    probe: Option<&Answer>,
) -> Vec<String> {
    let mut warnings = Vec::new();
    for (what, answer) in [("preflight", preflight), ("response", response)] {
        let Some(answer) = answer else { continue };
        warnings.extend(wildcard_with_credentials(answer).map(|w| format!("{what}: {w}")));
        if !same_for_any_origin(answer, probe) {
            warnings.extend(missing_vary(answer).map(|w| format!("{what}: {w}")));
        }
    }
    warnings.extend(preflight.and_then(|a| max_age_over_cap(engine, a)));
    warnings.extend(probe.and_then(reflected));
    warnings
}

/// The probe got the same Access-Control-Allow-Origin: the answer does not
/// depend on the Origin, so no cache can mix origins up.
fn same_for_any_origin(answer: &Answer, probe: Option<&Answer>) -> bool {
    let probed = probe.and_then(|p| p.get("access-control-allow-origin"));
    probed.is_some() && probed == answer.get("access-control-allow-origin")
}

fn wildcard_with_credentials(answer: &Answer) -> Option<String> {
    let star = answer.get("access-control-allow-origin").as_deref() == Some("*");
    let credentials = answer.get("access-control-allow-credentials").as_deref() == Some("true");
    (star && credentials).then(|| {
        "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true. Browsers refuse that pair \
         for credentialed requests; if it was meant to open the API to every site with cookies, it must not."
            .to_owned()
    })
}

fn missing_vary(answer: &Answer) -> Option<String> {
    let origin = answer.get("access-control-allow-origin")?;
    if origin == "*" {
        return None;
    }
    let vary = answer.get("vary").unwrap_or_default();
    let varies = vary
        .split(',')
        .any(|v| v.trim().eq_ignore_ascii_case("origin") || v.trim() == "*");
    (!varies).then(|| {
        format!(
            "Access-Control-Allow-Origin: {origin} without Vary: Origin. A shared cache may hand this answer \
             to another origin's request, which then fails (or one origin's answer leaks to another)."
        )
    })
}

fn max_age_over_cap(engine: Engine, preflight: &Answer) -> Option<String> {
    let value = preflight.get("access-control-max-age")?;
    let seconds: u128 = value.trim().parse().ok()?;
    let cap = engine.max_age_cap();
    (seconds > u128::from(cap)).then(|| {
        format!("Access-Control-Max-Age: {value} is above {}'s cap: it caches the preflight for {cap} s only.", engine.name())
    })
}

fn reflected(probe: &Answer) -> Option<String> {
    if probe.get("access-control-allow-origin").as_deref() != Some(PROBE_ORIGIN) {
        return None;
    }
    let credentials = probe.get("access-control-allow-credentials").as_deref() == Some("true");
    Some(if credentials {
        format!("the server reflects any origin ({PROBE_ORIGIN} was allowed) with credentials: any site can read what a logged-in user sees.")
    } else {
        format!("the server reflects any origin ({PROBE_ORIGIN} was allowed): an allowlist is not being checked.")
    })
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
            Engine::Chromium,
            Some(&good),
            Some(&good),
            Some(&Answer::new(400))
        )
        .is_empty());
        let no_vary = Answer::new(200).with("Access-Control-Allow-Origin", PAGE);
        assert!(
            all(Engine::Chromium, None, Some(&no_vary), None)[0].contains("without Vary: Origin")
        );
        let star = Answer::new(200)
            .with("Access-Control-Allow-Origin", "*")
            .with("Access-Control-Allow-Credentials", "true");
        assert!(all(Engine::Chromium, None, Some(&star), None)[0]
            .contains("* with Access-Control-Allow-Credentials"));
        let long = good.clone().with("Access-Control-Max-Age", "86400");
        assert_eq!(all(Engine::Chromium, Some(&long), None, None).len(), 1);
        assert!(all(Engine::Firefox, Some(&long), None, None).is_empty());
        let echo = Answer::new(200)
            .with("Access-Control-Allow-Origin", PROBE_ORIGIN)
            .with("Access-Control-Allow-Credentials", "true");
        assert!(all(Engine::Chromium, None, None, Some(&echo))[0].contains("reflects any origin"));
    }
}
