//! Compares what Chromium did in one step with what the lesson file says.
//! Evidence: the fetch result the browser handed to JavaScript, the requests
//! server-b received (its recorder, read by the test itself), and the console
//! lines Chromium logged (read from the browser's log).

use lessons::{Initiator, Outcome, Step, Target};
use serde_json::Value;

use lab_tests::browser::ConsoleEntry;

const BLOCKED: &str = "blocked by CORS policy";

/// Every way the step disagrees with its lesson file, as readable lines.
pub fn step(step: &Step, result: &Value, wire: &[Value], console: &[ConsoleEntry]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(format!("step '{}': {what}", step.name));
        }
    };
    let expect = &step.expect;
    let (preflights, actual): (Vec<_>, Vec<_>) =
        wire.iter().partition(|e| e["method"] == "OPTIONS");
    let last_actual = actual.last().copied();

    let outcome = outcome_of(&result["outcome"]);
    check(
        outcome == Some(expect.outcome),
        format!(
            "outcome {} (expected {:?})",
            result["outcome"], expect.outcome
        ),
    );
    for attempt in result["attempts"].as_array().into_iter().flatten() {
        check(
            outcome_of(&attempt["outcome"]) == outcome,
            format!("attempts differ: {}", result["attempts"]),
        );
    }
    check(
        preflights.len() as u32 == expect.preflights,
        format!(
            "{} preflights reached server-b (expected {})",
            preflights.len(),
            expect.preflights
        ),
    );
    check(
        actual.len() as u32 == step.expected_requests(),
        format!(
            "{} requests reached server-b (expected {})",
            actual.len(),
            step.expected_requests()
        ),
    );
    if let Some(status) = expect.status {
        let seen = match (step.target, expect.outcome) {
            (Target::Page, _) | (_, Outcome::Allowed) => result["status"].as_u64(),
            _ => last_actual.and_then(|e| e["response"]["status"].as_u64()),
        };
        check(
            seen == Some(status.into()),
            format!("status {seen:?} (expected {status})"),
        );
    }
    if outcome == Some(Outcome::Blocked) {
        // Chromium's wording; the lessons quote it.
        let error = result["error"].as_str().unwrap_or_default();
        check(
            error.contains("TypeError: Failed to fetch"),
            format!("error {error:?}"),
        );
    }
    for preflight in &preflights {
        let cookies = &preflight["request"]["cookie_names"];
        check(
            cookies == &Value::Array(vec![]),
            format!("a preflight carried cookies: {cookies}"),
        );
    }
    if let Some(status) = expect.preflight_status {
        let seen = preflights
            .last()
            .and_then(|e| e["response"]["status"].as_u64());
        check(
            seen == Some(status.into()),
            format!("preflight status {seen:?} (expected {status})"),
        );
    }
    if let Some(sent) = expect.origin_sent {
        let origin = match step.target {
            Target::Page => result["body"]["origin"].clone(),
            _ => last_actual
                .map(|e| e["request"]["origin"].clone())
                .unwrap_or(Value::Null),
        };
        check(origin.is_string() == sent, format!("Origin sent: {origin}"));
    }
    if let Some(sent) = expect.session_cookie_sent {
        let names = last_actual
            .map(|e| e["request"]["cookie_names"].clone())
            .unwrap_or(Value::Null);
        let was_sent = names
            .as_array()
            .is_some_and(|n| n.iter().any(|c| c == "lab_session"));
        check(
            was_sent == sent,
            format!("lab_session sent: {was_sent} (cookies: {names})"),
        );
    }
    if let Some(site) = &expect.sec_fetch_site {
        let seen = match step.target {
            Target::Page => result["body"]["sec_fetch_site"].clone(),
            _ => last_actual
                .map(|e| e["request"]["sec_fetch_site"].clone())
                .unwrap_or(Value::Null),
        };
        check(
            seen == site.as_str(),
            format!("Sec-Fetch-Site {seen} (expected {site})"),
        );
    }
    if let Some(writes) = expect.writes {
        check(
            result["body"]["writes"] == writes,
            format!("writes {} (expected {writes})", result["body"]["writes"]),
        );
    }
    for name in &expect.visible_headers {
        check(
            result["headers"][name].is_string(),
            format!("{name} should be readable: {}", result["headers"]),
        );
    }
    for name in &expect.hidden_headers {
        check(
            result["headers"][name].is_null(),
            format!("{name} should be hidden: {}", result["headers"]),
        );
    }
    let cookies = result["document_cookie_names"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for name in &expect.document_cookie_has {
        check(
            cookies.iter().any(|c| c == name.as_str()),
            format!("document.cookie lacks {name}: {cookies:?}"),
        );
    }
    for name in &expect.document_cookie_lacks {
        check(
            !cookies.iter().any(|c| c == name.as_str()),
            format!("document.cookie shows {name}"),
        );
    }
    // chromedriver's log does not hold the console lines of a child frame from
    // another origin: `other_origin_console_lines` replays those steps from a
    // top-level page on that origin instead.
    if step.from == Initiator::Page {
        problems.extend(console_problems(step, result, console));
    }
    problems
}

/// A blocked step's URL appears in a CORS error with the lesson's key phrase;
/// an allowed step's URL appears in none.
pub fn console_problems(step: &Step, result: &Value, console: &[ConsoleEntry]) -> Vec<String> {
    let url = result["url"].as_str().unwrap_or("?");
    let errors: Vec<&ConsoleEntry> = console
        .iter()
        .filter(|e| e.message.contains(url) && e.message.contains(BLOCKED))
        .collect();
    match (&step.expect.console, step.expect.outcome) {
        (Some(phrase), Outcome::Blocked) => {
            if errors.iter().any(|e| e.message.contains(phrase.as_str())) {
                vec![]
            } else {
                vec![format!(
                    "step '{}': no console line says \"{phrase}\" for {url}; Chromium logged: {:#?}",
                    step.name,
                    console.iter().map(|e| &e.message).collect::<Vec<_>>()
                )]
            }
        }
        _ if !errors.is_empty() => {
            vec![format!(
                "step '{}': allowed, yet Chromium logged {:?}",
                step.name, errors[0].message
            )]
        }
        _ => vec![],
    }
}

fn outcome_of(value: &Value) -> Option<Outcome> {
    serde_json::from_value(value.clone()).ok()
}
