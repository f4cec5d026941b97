//! The catalogue and the CORS model tell one story: every lab step whose
//! answers are known without running actix-cors (literal headers, or none)
//! is judged by the model, which must predict the step's outcome, its
//! preflight and the console phrase the lesson quotes (Chromium's words).

use cors_model::{Engine, Exchange, Outcome, Request};
use lessons::{Lesson, Outcome as Expected, Step};

const PAGE: &str = "http://localhost:8080";
const API: &str = "http://localhost:8081";
const API_TLS: &str = "https://localhost:8443";

/// A lab endpoint's answers, where its file alone says them.
fn known(lab: &lessons::LabEndpoint) -> Option<(cors_model::Answer, cors_model::Answer)> {
    lessons::answers::known(lab, PAGE)
}

fn request(lesson: &Lesson, step: &Step) -> Request {
    let origins = lessons::Origins::seen_from(PAGE, API).with_api_tls(Some(API_TLS));
    let base = origins.target_of(step).unwrap();
    let url = format!("{base}{}", step.url_path(&lesson.id));
    lessons::fetch_rules::model_request(step, &origins.sender(step), &url)
}

/// What a lesson says the console shows: a key phrase of Chromium's line,
/// or each engine's lines whole (with `{url}` and `{origin}` slots, and
/// `{origin_as_https}`).
enum Console {
    Phrase(String),
    Lines(Vec<String>),
}

/// Read through the file's JSON form, so both ways of writing it are understood.
fn expected_console(step: &Step, request: &Request) -> Vec<(Engine, Console)> {
    let expect = serde_json::to_value(&step.expect).unwrap();
    let fill = |line: &serde_json::Value| {
        let line = line.as_str().unwrap_or_default();
        lessons::console::fill_console(line, &request.url, &request.origin)
    };
    match &expect["console"] {
        serde_json::Value::String(phrase) => {
            vec![(Engine::Chromium, Console::Phrase(phrase.clone()))]
        }
        serde_json::Value::Object(engines) => engines
            .iter()
            .filter_map(|(engine, lines)| {
                let lines = match lines {
                    serde_json::Value::Array(lines) => lines.iter().map(fill).collect(),
                    line => vec![fill(line)],
                };
                Some((engine.parse().ok()?, Console::Lines(lines)))
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn the_model_predicts_every_literal_step() {
    let mut judged = 0;
    for lesson in lessons::catalogue().unwrap() {
        for step in &lesson.steps {
            // The model judges CORS requests; a no-cors step has no CORS
            // check (Cross-Origin-Resource-Policy decides it), which the
            // browser suite alone proves.
            if step.mode == lessons::RequestMode::NoCors {
                continue;
            }
            let Some((preflight, response)) = step.lab().and_then(known) else {
                continue;
            };
            let exchange = Exchange {
                request: request(lesson, step),
                preflight: Some(preflight),
                response: Some(response),
                redirected: None,
                third_party_cookies: Default::default(),
            };
            let name = format!("{}/{}", lesson.id, step.name);
            if step.expect.outcome.any(Expected::Error) {
                // The model refuses what fetch refuses, naming the method.
                let refused = cors_model::judge(&exchange, Engine::Chromium).unwrap_err();
                assert_eq!(refused.field, "request.method", "{name}");
                judged += 1;
                continue;
            }
            let judge = |engine| {
                cors_model::judge(&exchange, engine).unwrap_or_else(|e| panic!("{name}: {e}"))
            };
            for engine in lessons::Engine::ALL {
                let verdict = judge(engine);
                let expected = match step.expect.outcome.get(engine) {
                    Expected::Allowed => Outcome::Allowed,
                    Expected::Blocked => Outcome::Blocked,
                    Expected::Error => unreachable!("handled above"),
                    Expected::Opaque => unreachable!("no-cors steps are left out above"),
                };
                assert_eq!(
                    verdict.verdict,
                    expected,
                    "{name} in {}: {:?}",
                    engine.label(),
                    verdict.failed
                );
                assert_eq!(
                    judge(engine).preflight.is_some(),
                    step.expect.preflights.get(engine) > 0,
                    "{name} in {}",
                    engine.label()
                );
            }
            for (engine, expected) in expected_console(step, &exchange.request) {
                let lines = judge(engine).console;
                match expected {
                    Console::Phrase(phrase) => assert!(
                        lines[0].contains(&phrase),
                        "{name}: {lines:?} lacks {phrase:?}"
                    ),
                    Console::Lines(expected) => assert_eq!(lines, expected, "{name}"),
                }
            }
            judged += 1;
        }
    }
    eprintln!("the model agrees with {judged} literal lesson steps");
    assert!(judged >= 5, "only {judged} steps had literal answers");
}

/// Every whole line a lesson quotes, as logged for fetch and for
/// XMLHttpRequest, reads back through the model's console reader to its
/// engine and a failed check; where the model judges the step, to the check
/// it failed.
#[test]
fn every_lesson_line_reads_back_to_its_check() {
    let mut read_back = 0;
    for lesson in lessons::catalogue().unwrap() {
        for step in &lesson.steps {
            let request = request(lesson, step);
            let predicted = step.lab().and_then(known).map(|(p, r)| Exchange {
                request: request.clone(),
                preflight: Some(p),
                response: Some(r),
                redirected: None,
                third_party_cookies: Default::default(),
            });
            for (engine, expected) in expected_console(step, &request) {
                let Console::Lines(lines) = expected else {
                    continue;
                };
                if lines.is_empty() {
                    continue;
                }
                let failed = predicted
                    .as_ref()
                    .and_then(|e| cors_model::judge(e, engine).ok())
                    .and_then(|v| v.failed);
                for api in lessons::Api::ALL {
                    let name = format!(
                        "{}/{} in {} with {}",
                        lesson.id,
                        step.name,
                        engine.label(),
                        api.id()
                    );
                    let first = lessons::console::for_api(engine, &lines[0], api);
                    let readings = cors_model::console::read(&first);
                    let reading = readings
                        .first()
                        .unwrap_or_else(|| panic!("{name}: nothing read"));
                    assert_eq!(reading.engine, Some(engine), "{name}: {first}");
                    let Some(failure) = &reading.failure else {
                        // Chromium's streamed-body error names no CORS check.
                        assert!(reading.note.is_some(), "{name}: {first}");
                        continue;
                    };
                    if let Some(failed) = &failed {
                        let (got, want) = (failure.kind(), failed.failure.kind());
                        // WebKit words a missing, an invalid and another
                        // origin's value alike: its line reads as missing.
                        let alike = engine == Engine::Webkit
                            && got == "missing-allow-origin"
                            && ["allow-origin-mismatch", "invalid-allow-origin"].contains(&want);
                        assert!(got == want || alike, "{name}: {first}: {got}, not {want}");
                    }
                    read_back += 1;
                }
            }
        }
    }
    eprintln!("{read_back} lesson lines read back");
    assert!(read_back >= 60, "only {read_back} lesson lines read back");
}

/// A lesson's prose that quotes a forbidden method's exception quotes the
/// model's text (which the browser suite holds to each engine's own).
#[test]
fn the_prose_quotes_the_exceptions_the_model_writes() {
    let lesson = lessons::find("preflight-methods").unwrap();
    let notes = lesson.browsers.as_ref().unwrap();
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    for engine in Engine::ALL {
        let prose = flat(match engine {
            Engine::Chromium => &notes.chromium,
            Engine::Firefox => &notes.firefox,
            Engine::Webkit => notes.webkit.as_deref().unwrap_or_default(),
        });
        for api in cors_model::Api::ALL {
            let thrown = cors_model::console::thrown::forbidden_method(engine, api, "CONNECT");
            assert!(prose.contains(&thrown), "{engine:?} {api:?}: {thrown}");
        }
    }
}
