//! What a step's expectations ask the page to check after a run: one row per
//! claim, each naming an observation, its label and the value it must equal.
//! The page only reads each observation from the run and compares; which
//! claims a step makes, and what they expect, is decided here from the lesson
//! file. (The browser suite judges runs with its own code, independently.)

use serde::Serialize;
use serde_json::{json, Value};

use crate::api::SESSION_COOKIE;
use crate::engines::{ByEngine, Engine};
use crate::model::Step;

/// One row of the page's "expected vs observed" table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    /// What the page reads from the run.
    pub observe: Observation,
    /// What the row checks, as the page shows it.
    pub label: String,
    /// The value the observation must equal.
    pub expected: Value,
    /// The expected value as the table shows it.
    pub expected_text: String,
    /// The value in a browser that allows third-party cookies, where the
    /// lesson says that setting changes it (the attack track): either value
    /// agrees with the lesson.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_third_party_cookies: Option<Value>,
}

/// The observations the page knows how to read from a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Observation {
    /// `"allowed"` or `"blocked"`.
    Outcome,
    /// How many preflights reached server-b.
    Preflights,
    /// How many actual requests reached server-b.
    Requests,
    /// The status of the (last) actual request.
    Status,
    /// The status of the last preflight.
    PreflightStatus,
    /// Whether the session cookie went with the last actual request.
    SessionCookieSent,
    /// Whether the last actual request carried an `Authorization` header.
    AuthorizationSent,
    /// Whether the cookie `name` went with the last actual request.
    CookieSent {
        /// The cookie's name.
        name: String,
    },
    /// Whether the last actual request carried an `Origin` header.
    OriginSent,
    /// The `Sec-Fetch-Site` of the last actual request.
    SecFetchSite,
    /// The write counter in the step's JSON body.
    Writes,
    /// Whether the sending page's JavaScript read the victim's private data
    /// (an `api_key` or `deploy_token` in the body it got).
    Leaks,
    /// Whether `response.headers.get(name)` returned a value.
    HeaderReadable {
        /// The header's name.
        name: String,
    },
    /// Whether `document.cookie` shows the cookie `name`.
    DocumentCookieHas {
        /// The cookie's name.
        name: String,
    },
}

impl Step {
    /// The rows the page checks after running this step, in table order.
    pub fn checks(&self) -> Vec<Check> {
        let mut checks = self.checks_of(&self.expect);
        if self.expect.with_third_party_cookies.is_some() {
            let allowed = self.checks_of(&self.expect.with_third_party_cookies_allowed());
            for (check, other) in checks.iter_mut().zip(allowed) {
                if check.expected != other.expected {
                    check.expected_text = format!(
                        "{}; where third-party cookies are allowed: {}",
                        check.expected_text, other.expected_text
                    );
                    check.with_third_party_cookies = Some(other.expected);
                }
            }
        }
        checks
    }

    /// The rows for one set of expectations.
    fn checks_of(&self, expect: &crate::model::Expect) -> Vec<Check> {
        let mut checks = vec![
            per_engine(Observation::Outcome, "outcome", expect.outcome),
            per_engine(
                Observation::Preflights,
                "preflights reaching server-b",
                expect.preflights,
            ),
            per_engine(
                Observation::Requests,
                "requests reaching server-b",
                self.expected_request_count(),
            ),
        ];
        if let Some(status) = expect.status {
            // Only an engine whose request reaches server-b sees a status.
            let seen = |engine| (self.expected_requests_in(engine) > 0).then(|| status.get(engine));
            let status = ByEngine::from_fn(seen);
            checks.push(per_engine(
                Observation::Status,
                "status server-b answered",
                status,
            ));
        }
        if let Some(sent) = expect.session_cookie_sent {
            let label = format!("{SESSION_COOKIE} cookie sent");
            checks.push(yes_no(Observation::SessionCookieSent, &label, sent));
        }
        if let Some(sent) = expect.authorization_sent {
            checks.push(yes_no(
                Observation::AuthorizationSent,
                "Authorization header sent",
                sent,
            ));
        }
        for (name, sent) in expect.cookie_claims() {
            let observe = Observation::CookieSent { name: name.clone() };
            checks.push(yes_no(observe, &format!("{name} cookie sent"), sent));
        }
        if let Some(status) = expect.preflight_status {
            checks.push(count(
                Observation::PreflightStatus,
                "preflight status",
                status.into(),
            ));
        }
        if let Some(sent) = expect.origin_sent {
            checks.push(yes_no(Observation::OriginSent, "Origin header sent", sent));
        }
        if let Some(site) = expect.sec_fetch_site {
            checks.push(per_engine(
                Observation::SecFetchSite,
                "Sec-Fetch-Site",
                site,
            ));
        }
        if let Some(writes) = expect.writes {
            checks.push(check(
                Observation::Writes,
                "writes server-b counted",
                json!(writes),
            ));
        }
        if let Some(leaks) = expect.leaks {
            checks.push(yes_no(
                Observation::Leaks,
                "private data read by the sending page",
                leaks,
            ));
        }
        let header = |name: &String, readable: bool| Check {
            observe: Observation::HeaderReadable { name: name.clone() },
            label: format!("headers.get(\"{name}\")"),
            expected: json!(readable),
            expected_text: if readable { "a value" } else { "null" }.into(),
            with_third_party_cookies: None,
        };
        checks.extend(expect.visible_headers.iter().map(|name| header(name, true)));
        checks.extend(expect.hidden_headers.iter().map(|name| header(name, false)));
        let cookie = |name: &String, shown: ByEngine<bool>| {
            let observe = Observation::DocumentCookieHas { name: name.clone() };
            yes_no(observe, &format!("document.cookie has {name}"), shown)
        };
        // Every name is claimed in each engine, shown or not (validate.rs).
        let (has, lacks) = (&expect.document_cookie_has, &expect.document_cookie_lacks);
        let mut names = has.names();
        for name in lacks.names() {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        checks.extend(names.into_iter().map(|name| cookie(name, has.holds(name))));
        checks
    }
}

fn check(observe: Observation, label: &str, expected: Value) -> Check {
    let expected_text = match &expected {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    Check {
        observe,
        label: label.into(),
        expected,
        expected_text,
        with_third_party_cookies: None,
    }
}

fn count(observe: Observation, label: &str, expected: u32) -> Check {
    check(observe, label, json!(expected))
}

/// A value the engines may disagree on: the page compares with its own
/// engine's (`expected` is then `{"chromium": a, "firefox": b, "webkit": c}`; `null` is
/// "none", e.g. no status where no request is sent).
fn per_engine<T: Serialize>(observe: Observation, label: &str, expected: ByEngine<T>) -> Check {
    match expected {
        ByEngine::Shared(value) => check(observe, label, json!(value)),
        ByEngine::Each(each) => {
            let text = |value: &T| match json!(value) {
                Value::String(text) => text,
                Value::Null => "none".into(),
                Value::Bool(yes) => if yes { "yes" } else { "no" }.into(),
                other => other.to_string(),
            };
            // Engines that share a value are named together, in
            // `Engine::ALL`'s order: "401 in Chromium, 200 in Firefox and WebKit".
            let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
            for engine in Engine::ALL {
                let value = text(each.get(engine));
                match groups.iter_mut().find(|(v, _)| *v == value) {
                    Some((_, engines)) => engines.push(engine.label()),
                    None => groups.push((value, vec![engine.label()])),
                }
            }
            let parts: Vec<String> = groups
                .iter()
                .map(|(value, engines)| format!("{value} in {}", engines.join(" and ")))
                .collect();
            Check {
                expected_text: parts.join(", "),
                ..check(observe, label, json!(each))
            }
        }
    }
}

/// A yes or no, shared or per engine.
fn yes_no(observe: Observation, label: &str, expected: impl Into<ByEngine<bool>>) -> Check {
    match expected.into() {
        ByEngine::Shared(expected) => Check {
            expected_text: if expected { "yes" } else { "no" }.into(),
            ..check(observe, label, json!(expected))
        },
        each => per_engine(observe, label, each),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_the_cookie_setting_changes_names_both_values() {
        let lesson = crate::find("attack-third-party-cookies").unwrap();
        let step = lesson
            .steps
            .iter()
            .find(|s| s.name == "steal-cross-site")
            .unwrap();
        let checks = step.checks();
        let status = checks
            .iter()
            .find(|c| c.label == "status server-b answered")
            .unwrap();
        assert_eq!(status.expected, json!(401));
        let allowed = json!({"chromium": 200, "firefox": 200, "webkit": 401});
        assert_eq!(status.with_third_party_cookies, Some(allowed));
        assert_eq!(
            status.expected_text,
            "401; where third-party cookies are allowed: 200 in Chromium and Firefox, 401 in WebKit"
        );
        let outcome = checks.iter().find(|c| c.label == "outcome").unwrap();
        assert_eq!(outcome.with_third_party_cookies, None);
    }

    #[test]
    fn every_expectation_becomes_a_row() {
        let step = &crate::find("expose-headers").unwrap().steps[0];
        let labels: Vec<String> = step.checks().into_iter().map(|c| c.label).collect();
        assert_eq!(
            labels[..3],
            [
                "outcome",
                "preflights reaching server-b",
                "requests reaching server-b"
            ]
        );
        assert!(
            labels.contains(&"headers.get(\"X-Lab-Secret\")".to_owned()),
            "{labels:?}"
        );
        let hidden = step
            .checks()
            .into_iter()
            .find(|c| {
                c.observe
                    == Observation::HeaderReadable {
                        name: "X-Lab-Secret".into(),
                    }
            })
            .unwrap();
        assert_eq!(
            (hidden.expected, hidden.expected_text.as_str()),
            (json!(false), "null")
        );
    }

    #[test]
    fn observations_serialise_with_their_kind() {
        let observe = Observation::DocumentCookieHas {
            name: "lab_visible".into(),
        };
        assert_eq!(
            serde_json::to_value(observe).unwrap(),
            json!({ "kind": "document_cookie_has", "name": "lab_visible" })
        );
    }
}
