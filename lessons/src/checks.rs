//! What a step's expectations ask the page to check after a run: one row per
//! claim, each naming an observation and the value it must equal. The page
//! words each row in its language (static/js/check.js): what is checked and
//! what is expected are decided here, the words are the page's.
//! The page only reads each observation from the run and compares; which
//! claims a step makes, and what they expect, is decided here from the lesson
//! file. (The browser suite judges runs with its own code, independently.)

use serde::Serialize;
use serde_json::{json, Value};

use crate::engines::ByEngine;
use crate::model::Step;

/// One row of the page's "expected vs observed" table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    /// What the page reads from the run.
    pub observe: Observation,
    /// The value the observation must equal: one value, or one per engine
    /// (`{"chromium": a, "firefox": b, "webkit": c}`; `null` is "none", e.g.
    /// no status where no request is sent).
    pub expected: Value,
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
                    check.with_third_party_cookies = Some(other.expected);
                }
            }
        }
        checks
    }

    /// The rows for one set of expectations.
    fn checks_of(&self, expect: &crate::model::Expect) -> Vec<Check> {
        let mut checks = vec![
            per_engine(Observation::Outcome, expect.outcome),
            per_engine(Observation::Preflights, expect.preflights),
            per_engine(Observation::Requests, self.expected_request_count()),
        ];
        if let Some(status) = expect.status {
            // Only an engine whose request reaches server-b sees a status.
            let seen = |engine| (self.expected_requests_in(engine) > 0).then(|| status.get(engine));
            let status = ByEngine::from_fn(seen);
            checks.push(per_engine(Observation::Status, status));
        }
        if let Some(sent) = expect.session_cookie_sent {
            checks.push(yes_no(Observation::SessionCookieSent, sent));
        }
        if let Some(sent) = expect.authorization_sent {
            checks.push(yes_no(Observation::AuthorizationSent, sent));
        }
        for (name, sent) in expect.cookie_claims() {
            let observe = Observation::CookieSent { name: name.clone() };
            checks.push(yes_no(observe, sent));
        }
        if let Some(status) = expect.preflight_status {
            checks.push(count(Observation::PreflightStatus, status.into()));
        }
        if let Some(sent) = expect.origin_sent {
            checks.push(yes_no(Observation::OriginSent, sent));
        }
        if let Some(site) = expect.sec_fetch_site {
            checks.push(per_engine(Observation::SecFetchSite, site));
        }
        if let Some(writes) = expect.writes {
            checks.push(check(Observation::Writes, json!(writes)));
        }
        if let Some(leaks) = expect.leaks {
            checks.push(yes_no(Observation::Leaks, leaks));
        }
        let header = |name: &String, readable: bool| Check {
            observe: Observation::HeaderReadable { name: name.clone() },
            expected: json!(readable),
            with_third_party_cookies: None,
        };
        checks.extend(expect.visible_headers.iter().map(|name| header(name, true)));
        checks.extend(expect.hidden_headers.iter().map(|name| header(name, false)));
        let cookie = |name: &String, shown: ByEngine<bool>| {
            let observe = Observation::DocumentCookieHas { name: name.clone() };
            yes_no(observe, shown)
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

fn check(observe: Observation, expected: Value) -> Check {
    Check {
        observe,
        expected,
        with_third_party_cookies: None,
    }
}

fn count(observe: Observation, expected: u32) -> Check {
    check(observe, json!(expected))
}

/// A value the engines may disagree on: the page compares with its own
/// engine's.
fn per_engine<T: Serialize>(observe: Observation, expected: ByEngine<T>) -> Check {
    match expected {
        ByEngine::Shared(value) => check(observe, json!(value)),
        ByEngine::Each(each) => check(observe, json!(each)),
    }
}

/// A yes or no, shared or per engine.
fn yes_no(observe: Observation, expected: impl Into<ByEngine<bool>>) -> Check {
    per_engine(observe, expected.into())
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
            .find(|c| c.observe == Observation::Status)
            .unwrap();
        assert_eq!(status.expected, json!(401));
        let allowed = json!({"chromium": 200, "firefox": 200, "webkit": 401});
        assert_eq!(status.with_third_party_cookies, Some(allowed));
        let outcome = checks
            .iter()
            .find(|c| c.observe == Observation::Outcome)
            .unwrap();
        assert_eq!(outcome.with_third_party_cookies, None);
    }

    #[test]
    fn every_expectation_becomes_a_row() {
        let step = &crate::find("expose-headers").unwrap().steps[0];
        let observed: Vec<Observation> = step.checks().into_iter().map(|c| c.observe).collect();
        assert_eq!(
            observed[..3],
            [
                Observation::Outcome,
                Observation::Preflights,
                Observation::Requests
            ]
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
        assert_eq!(hidden.expected, json!(false));
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
