//! Compares what a browser did in one step with what the lesson file says.
//! Evidence: the result the browser handed to JavaScript (from fetch or from
//! XMLHttpRequest), the requests
//! server-b received (its recorder, read by the test itself), and the console
//! lines the engine logged (read from the browser, not the page). Each check
//! below looks at one thing and says, in a line, how it disagrees.

use lessons::{console, Api, Engine, Expect, Initiator, Outcome, Step, Target};
use serde_json::Value;

use lab_tests::browser::{blocked_error_text, cors_error_marker, ConsoleEntry};

/// What one step left behind: in JavaScript and on server-b's wire.
struct Evidence<'a> {
    engine: Engine,
    /// The API the step was sent with.
    api: Api,
    step: &'a Step,
    expect: &'a Expect,
    result: &'a Value,
    outcome: Option<Outcome>,
    preflights: Vec<&'a Value>,
    actual: Vec<&'a Value>,
}

impl Evidence<'_> {
    fn last_actual(&self) -> Option<&Value> {
        self.actual.last().copied()
    }

    /// A request field: from the page's echo for same-origin steps, else as
    /// server-b recorded the last actual request.
    fn sent(&self, field: &str) -> Value {
        match self.step.target {
            Target::Page => self.result["body"][field].clone(),
            _ => self
                .last_actual()
                .map(|e| e["request"][field].clone())
                .unwrap_or(Value::Null),
        }
    }
}

type Check = fn(&Evidence) -> Vec<String>;

const CHECKS: [Check; 18] = [
    outcome,
    sent_with,
    attempts_agree,
    wire_counts,
    status,
    blocked_error,
    thrown_error,
    preflights_carry_no_cookies,
    preflights_ask_as_the_model_plans,
    preflight_status,
    origin_sent,
    session_cookie_sent,
    authorization_sent,
    cookies_sent,
    sec_fetch_site,
    writes,
    headers_and_cookies_visible,
    leaks,
];

/// Every way the step disagrees with its lesson file, as readable lines.
pub fn step(
    (engine, api): (Engine, Api),
    step: &Step,
    result: &Value,
    wire: &[Value],
    (console, origin): (&[ConsoleEntry], &str),
) -> Vec<String> {
    let (preflights, actual) = wire.iter().partition(|e| e["method"] == "OPTIONS");
    let evidence = Evidence {
        engine,
        api,
        step,
        expect: &step.expect,
        result,
        outcome: outcome_of(&result["outcome"]),
        preflights,
        actual,
    };
    let mut problems: Vec<String> = CHECKS
        .iter()
        .flat_map(|check| check(&evidence))
        .map(|problem| format!("step '{}': {problem}", step.name))
        .collect();
    // chromedriver's log does not hold the console lines of a child frame from
    // another origin: `framed_steps_console_lines_in_chromium` replays those
    // steps from a top-level page on that origin instead. Firefox's console
    // service and WebKit's output hold them: they are checked in place.
    if step.from == Initiator::Page || engine != Engine::Chromium {
        let url = result["url"].as_str().unwrap_or("?");
        problems.extend(console_problems(
            (engine, api),
            step,
            (url, origin),
            console,
        ));
    }
    problems
}

/// The attack track: whether the victim's secret reached the JavaScript of
/// the page that sent the request. The secrets live in server-b only; the
/// browser can hand them to a page only if it read them.
fn leaks(e: &Evidence) -> Vec<String> {
    let Some(leaks) = e.expect.leaks.map(|leaks| leaks.get(e.engine)) else {
        return vec![];
    };
    let body = e.result["body"].to_string();
    let secrets = [
        server_b::users::api_key("user@example.com").unwrap_or("?"),
        server_b::lab::INTERNAL_TOKEN,
    ];
    let leaked = secrets.iter().any(|secret| body.contains(secret));
    unless(leaked == leaks, || {
        format!("the sending page read the secret: {leaked} (it got {body})")
    })
}

/// One problem when `ok` is false.
fn unless(ok: bool, problem: impl FnOnce() -> String) -> Vec<String> {
    if ok {
        vec![]
    } else {
        vec![problem()]
    }
}

fn outcome(e: &Evidence) -> Vec<String> {
    let expected = e.expect.outcome.get(e.engine);
    unless(e.outcome == Some(expected), || {
        format!("outcome {} (expected {expected:?})", e.result["outcome"])
    })
}

/// The page sent the step with the API the suite expects: the run's, or
/// the one the step fixes (a stream body is fetch-only, whatever the switch).
fn sent_with(e: &Evidence) -> Vec<String> {
    let api = &e.result["api"];
    unless(*api == e.api.id(), || {
        format!("sent with {api} (expected \"{}\")", e.api.id())
    })
}

fn attempts_agree(e: &Evidence) -> Vec<String> {
    let attempts = e.result["attempts"].as_array().into_iter().flatten();
    let all_same = attempts
        .map(|attempt| outcome_of(&attempt["outcome"]))
        .all(|seen| seen == e.outcome);
    unless(all_same, || {
        format!("attempts differ: {}", e.result["attempts"])
    })
}

fn wire_counts(e: &Evidence) -> Vec<String> {
    let expected = e.expect.preflights.get(e.engine);
    let mut problems = unless(e.preflights.len() as u32 == expected, || {
        format!(
            "{} preflights reached server-b (expected {expected})",
            e.preflights.len(),
        )
    });
    let requests = e.step.expected_requests_in(e.engine);
    problems.extend(unless(e.actual.len() as u32 == requests, || {
        format!(
            "{} requests reached server-b (expected {requests})",
            e.actual.len()
        )
    }));
    problems
}

/// JavaScript's status when it could read one, else server-b's answer.
fn status(e: &Evidence) -> Vec<String> {
    let Some(status) = e.expect.status.map(|status| status.get(e.engine)) else {
        return vec![];
    };
    if e.step.expected_requests_in(e.engine) == 0 {
        // No request reaches server-b in this engine: no status to see.
        return vec![];
    }
    let seen = match (&e.step.target, e.expect.outcome.get(e.engine)) {
        (Target::Page, _) | (_, Outcome::Allowed) => e.result["status"].as_u64(),
        _ => e
            .last_actual()
            .and_then(|x| x["response"]["status"].as_u64()),
    };
    unless(seen == Some(status.into()), || {
        format!("status {seen:?} (expected {status})")
    })
}

/// All JavaScript learns of a blocked request, in the engine's wording.
fn blocked_error(e: &Evidence) -> Vec<String> {
    if e.outcome != Some(Outcome::Blocked) {
        return vec![];
    }
    let error = e.result["error"].as_str().unwrap_or_default();
    let expected = blocked_error_text(e.engine, e.api);
    unless(error == expected, || {
        format!("error {error:?} (expected {expected:?})")
    })
}

/// What JavaScript caught when the API refused the request before sending
/// (a forbidden method; a stream body in WebKit): the engine's own
/// exception, as the model writes it.
fn thrown_error(e: &Evidence) -> Vec<String> {
    if e.expect.outcome.get(e.engine) != Outcome::Error {
        return vec![];
    }
    let error = e.result["error"].as_str().unwrap_or_default();
    let body = match &e.step.body {
        Some(_) => e.step.body_kind.model(),
        None => cors_model::BodyKind::None,
    };
    let thrown = cors_model::console::thrown::before_sending;
    let expected = thrown(e.engine, e.api.model(), &e.step.method, body).unwrap_or_default();
    unless(error == expected, || {
        format!("error {error:?} (expected {expected:?})")
    })
}

fn preflights_carry_no_cookies(e: &Evidence) -> Vec<String> {
    e.preflights
        .iter()
        .map(|preflight| &preflight["request"]["cookie_names"])
        .filter(|cookies| *cookies != &Value::Array(vec![]))
        .map(|cookies| format!("a preflight carried cookies: {cookies}"))
        .collect()
}

/// Each preflight the engine sent asks for the method and lists the headers
/// the model's plan says it does (`Access-Control-Request-Method` and
/// `-Headers`, as server-b's recorder kept them).
fn preflights_ask_as_the_model_plans(e: &Evidence) -> Vec<String> {
    let Some(plan) = lessons::fetch_rules::plan_in(e.engine, e.step) else {
        return vec![];
    };
    let expected = (
        Value::from(plan.request_method.as_str()),
        plan.request_headers
            .as_deref()
            .map_or(Value::Null, Value::from),
    );
    e.preflights
        .iter()
        .map(|p| {
            let r = &p["request"];
            (
                r["access_control_request_method"].clone(),
                r["access_control_request_headers"].clone(),
            )
        })
        .filter(|asked| *asked != expected)
        .map(|asked| format!("a preflight asked {asked:?} (the model plans {expected:?})"))
        .collect()
}

fn preflight_status(e: &Evidence) -> Vec<String> {
    let Some(status) = e.expect.preflight_status else {
        return vec![];
    };
    let seen = e
        .preflights
        .last()
        .and_then(|p| p["response"]["status"].as_u64());
    unless(seen == Some(status.into()), || {
        format!("preflight status {seen:?} (expected {status})")
    })
}

fn origin_sent(e: &Evidence) -> Vec<String> {
    let Some(sent) = e.expect.origin_sent else {
        return vec![];
    };
    let origin = e.sent("origin");
    unless(origin.is_string() == sent, || {
        format!("Origin sent: {origin}")
    })
}

/// Whether the last actual request carried `Authorization`, as server-b's
/// recorder saw it (it keeps that it came, never its value).
fn authorization_sent(e: &Evidence) -> Vec<String> {
    let Some(sent) = e.expect.authorization_sent.map(|sent| sent.get(e.engine)) else {
        return vec![];
    };
    let seen = e
        .last_actual()
        .is_some_and(|x| x["request"]["authorization"] == true);
    unless(seen == sent, || format!("Authorization sent: {seen}"))
}

fn session_cookie_sent(e: &Evidence) -> Vec<String> {
    let Some(sent) = e.expect.session_cookie_sent.map(|sent| sent.get(e.engine)) else {
        return vec![];
    };
    let names = e
        .last_actual()
        .map(|x| x["request"]["cookie_names"].clone())
        .unwrap_or(Value::Null);
    let was_sent = names
        .as_array()
        .is_some_and(|n| n.iter().any(|c| c == "lab_session"));
    unless(was_sent == sent, || {
        format!("lab_session sent: {was_sent} (cookies: {names})")
    })
}

/// The cookies the lesson names went with the last actual request, as
/// server-b's recorder saw their names, and the ones it withholds did not;
/// where the lists differ by engine, a cookie named for the other engine
/// only must not have gone in this one.
fn cookies_sent(e: &Evidence) -> Vec<String> {
    let names = e
        .last_actual()
        .map(|x| x["request"]["cookie_names"].clone())
        .unwrap_or(Value::Null);
    let was_sent = |name: &str| {
        names
            .as_array()
            .is_some_and(|n| n.iter().any(|c| c == name))
    };
    e.expect
        .cookie_claims()
        .into_iter()
        .filter(|(name, sent)| was_sent(name) != sent.get(e.engine))
        .map(|(name, _)| format!("{name} sent: {} (cookies: {names})", was_sent(name)))
        .collect()
}

fn sec_fetch_site(e: &Evidence) -> Vec<String> {
    let Some(site) = e
        .expect
        .sec_fetch_site
        .map(|site| site.get(e.engine).as_str())
    else {
        return vec![];
    };
    let seen = e.sent("sec_fetch_site");
    unless(seen == site, || {
        format!("Sec-Fetch-Site {seen} (expected {site})")
    })
}

/// The lab endpoint's own count of the writes that reached it in this run.
fn writes(e: &Evidence) -> Vec<String> {
    let Some(writes) = e.expect.writes else {
        return vec![];
    };
    let seen = &e.result["body"]["writes"];
    unless(*seen == writes, || {
        format!("writes {seen} (expected {writes})")
    })
}

/// Response headers JavaScript could or could not read, and `document.cookie`.
fn headers_and_cookies_visible(e: &Evidence) -> Vec<String> {
    let headers = &e.result["headers"];
    let cookies = e.result["document_cookie_names"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let shows = |name: &str| cookies.iter().any(|c| c == name);
    let expect = e.expect;
    let mut problems = Vec::new();
    for name in &expect.visible_headers {
        problems.extend(unless(headers[name].is_string(), || {
            format!("{name} should be readable: {headers}")
        }));
    }
    for name in &expect.hidden_headers {
        problems.extend(unless(headers[name].is_null(), || {
            format!("{name} should be hidden: {headers}")
        }));
    }
    for name in expect.document_cookie_has.get_ref(e.engine) {
        problems.extend(unless(shows(name), || {
            format!("document.cookie lacks {name}: {cookies:?}")
        }));
    }
    for name in expect.document_cookie_lacks.get_ref(e.engine) {
        problems.extend(unless(!shows(name), || {
            format!("document.cookie shows {name}")
        }));
    }
    problems
}

/// A blocked step's console line for the API that sent it, filled in with the
/// URL and the requesting origin, is among the engine's lines about that URL
/// (a CORS error, or the network error a stream body gets in Chromium); an
/// allowed step's URL appears in no CORS error. `url` is the URL the page
/// fetched, `origin` the origin of the page that sent it.
pub fn console_problems(
    (engine, api): (Engine, Api),
    step: &Step,
    (url, origin): (&str, &str),
    console: &[ConsoleEntry],
) -> Vec<String> {
    let marker = cors_error_marker(engine);
    let about_url = lab_tests::browser::lines_about(engine, console, url);
    let errors: Vec<&ConsoleEntry> = about_url
        .iter()
        .copied()
        .filter(|e| e.message.contains(marker))
        .collect();
    match (&step.expect.console, step.expect.outcome.get(engine)) {
        (Some(lines), Outcome::Blocked) => lines
            .get(engine)
            .iter()
            .map(|line| console::fill_console(&console::for_api(engine, line, api), url, origin))
            .filter(|line| !about_url.iter().any(|e| e.message.contains(line)))
            .map(|line| {
                format!(
                    "step '{}': no console line says\n  {line}\n{} logged: {:#?}",
                    step.name,
                    engine.label(),
                    console.iter().map(|e| &e.message).collect::<Vec<_>>()
                )
            })
            .collect(),
        _ if !errors.is_empty() => {
            vec![format!(
                "step '{}': allowed, yet {} logged {:?}",
                step.name,
                engine.label(),
                errors[0].message
            )]
        }
        _ => vec![],
    }
}

fn outcome_of(value: &Value) -> Option<Outcome> {
    serde_json::from_value(value.clone()).ok()
}
