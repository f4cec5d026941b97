//! The console reader against the writers: every line the model writes,
//! for every failure, engine, API and stage, reads back to the failure that
//! wrote it (as far as the engine's words tell), and every failure the
//! playground can answer reproduces as itself when the model judges it.

use cors_model::console::{lines_for, read, Api, Context};
use cors_model::reproduce::reproduce;
use cors_model::{explain_error, Engine, Failure, Stage};

const PAGE: &str = "http://localhost:8080";
const URL: &str = "http://localhost:8081/lab/playground?run=1";

fn failures() -> Vec<Failure> {
    use Failure::*;
    vec![
        MissingAllowOrigin { status: 403 },
        MultipleAllowOrigin {
            value: "http://a.test, http://b.test".into(),
        },
        InvalidAllowOrigin {
            value: "localhost8080".into(),
        },
        AllowOriginMismatch {
            value: "http://localhost".into(),
        },
        WildcardWithCredentials,
        AllowCredentials { value: "".into() },
        PreflightStatus { status: 503 },
        PreflightRedirect { status: 301 },
        InvalidAllowMethods {
            token: "PUT;".into(),
        },
        MethodNotAllowed {
            method: "DELETE".into(),
        },
        InvalidAllowHeaders {
            token: "x token".into(),
        },
        HeaderNotAllowed {
            name: "x-token".into(),
        },
        RedirectWithCredentials {
            location: "http://u:p@localhost:8081/".into(),
        },
        StreamNeedsHttp2,
    ]
}

/// What Firefox's words cannot carry, so the reading cannot either.
fn as_firefox_tells(failure: &Failure) -> Option<Failure> {
    use Failure::*;
    Some(match failure {
        MultipleAllowOrigin { .. } => MultipleAllowOrigin { value: "".into() },
        AllowCredentials { .. } => AllowCredentials { value: "".into() },
        MethodNotAllowed { .. } => MethodNotAllowed { method: "".into() },
        // Firefox's own check calls it a mismatch, and words it so.
        InvalidAllowOrigin { value } => AllowOriginMismatch {
            value: value.clone(),
        },
        RedirectWithCredentials { .. } | StreamNeedsHttp2 => return None,
        other => other.clone(),
    })
}

/// What WebKit's words cannot carry: it quotes no header value, and words
/// a missing, an invalid and another origin's Access-Control-Allow-Origin
/// alike (read as missing, with the status it names).
fn as_webkit_tells(failure: &Failure) -> Failure {
    use Failure::*;
    match failure {
        // The status of the answer (the Context's, 200 here).
        InvalidAllowOrigin { .. } | AllowOriginMismatch { .. } => {
            MissingAllowOrigin { status: 200 }
        }
        MultipleAllowOrigin { .. } => MultipleAllowOrigin { value: "".into() },
        AllowCredentials { .. } => AllowCredentials { value: "".into() },
        other => other.clone(),
    }
}

fn as_chromium_tells(failure: &Failure) -> Failure {
    use Failure::*;
    match failure {
        MissingAllowOrigin { .. } => MissingAllowOrigin { status: 0 },
        PreflightStatus { .. } => PreflightStatus { status: 0 },
        PreflightRedirect { .. } => PreflightRedirect { status: 0 },
        InvalidAllowMethods { .. } => InvalidAllowMethods { token: "".into() },
        InvalidAllowHeaders { .. } => InvalidAllowHeaders { token: "".into() },
        other => other.clone(),
    }
}

#[test]
fn every_written_line_reads_back_to_its_failure() {
    let mut read_back = 0;
    for failure in failures() {
        for &stage in failure.stages() {
            for api in Api::ALL {
                for engine in Engine::ALL {
                    if (engine, &failure) == (Engine::Webkit, &Failure::StreamNeedsHttp2) {
                        // Chromium's alone: WebKit never sends a stream body.
                        continue;
                    }
                    let at = Context {
                        url: URL,
                        redirected_from: None,
                        origin: PAGE,
                        status: 200,
                    };
                    let lines = lines_for(engine, api, stage, &failure, at);
                    let readings = read(&lines.join("\n"));
                    let case = format!(
                        "{engine:?} {api:?} {stage:?} {failure:?}\n{lines:#?}\n{readings:#?}"
                    );
                    assert_eq!(readings.len(), lines.len(), "{case}");
                    let first = &readings[0];
                    assert_eq!(first.engine, Some(engine), "{case}");
                    let expected = match engine {
                        Engine::Chromium => Some(as_chromium_tells(&failure)),
                        Engine::Firefox => as_firefox_tells(&failure),
                        Engine::Webkit => Some(as_webkit_tells(&failure)),
                    };
                    assert_eq!(first.failure, expected, "{case}");
                    if failure != Failure::StreamNeedsHttp2 {
                        assert_eq!(first.url.as_deref(), Some(URL), "{case}");
                    }
                    if engine == Engine::Chromium && failure != Failure::StreamNeedsHttp2 {
                        assert_eq!(first.origin.as_deref(), Some(PAGE), "{case}");
                        assert_eq!(first.api, Some(api), "{case}");
                    }
                    if engine == Engine::Webkit {
                        // The API's line gives the reason its URL and API.
                        assert_eq!(first.api, Some(api), "{case}");
                    }
                    if first.failure.is_some() {
                        // A stage read is the right one; where the words do
                        // not tell, none is claimed.
                        // A redirect's failed check is worded as a
                        // response's: read as the response's.
                        if let Some(read_stage) = first.stage {
                            let told = (read_stage, stage) == (Stage::Response, Stage::Redirect);
                            assert!(read_stage == stage || told, "{case}");
                        }
                        read_back += 1;
                    }
                    // Firefox's "did not succeed" line names no check.
                    for other in &readings[1..] {
                        assert_eq!(other.failure, None, "{case}");
                        assert!(other.note.is_some(), "{case}");
                    }
                }
            }
        }
    }
    assert!(read_back > 60, "{read_back}");
}

#[test]
fn a_chromium_line_tells_its_stage_and_firefox_needs_its_second_line() {
    let at = Context {
        url: URL,
        redirected_from: None,
        origin: PAGE,
        status: 200,
    };
    let missing = Failure::MissingAllowOrigin { status: 200 };
    for stage in [Stage::Preflight, Stage::Response] {
        let chromium = lines_for(Engine::Chromium, Api::Fetch, stage, &missing, at);
        assert_eq!(read(&chromium[0])[0].stage, Some(stage));
    }
    let firefox = lines_for(Engine::Firefox, Api::Fetch, Stage::Preflight, &missing, at);
    assert_eq!(read(&firefox[0])[0].stage, None, "one line cannot tell");
    assert_eq!(read(&firefox.join("\n"))[0].stage, Some(Stage::Preflight));
}

/// WebKit's block as its console prints it (WebKitGTK's source and level
/// words, or Web Inspector's `[Error]`) and as a pasted error: the reason
/// gets the URL of the line after it.
#[test]
fn a_webkit_block_reads_back_with_its_url() {
    let text = "CONSOLE SECURITY ERROR Origin http://localhost:8080 is not allowed by Access-Control-Allow-Origin. Status code: 403\n\
CONSOLE JS ERROR Fetch API cannot load http://localhost:8081/x?run=1 due to access control checks.\n\
[Error] Unhandled Promise Rejection: TypeError: Load failed";
    let readings = read(text);
    assert_eq!(readings.len(), 3, "{readings:#?}");
    assert_eq!(readings[0].engine, Some(Engine::Webkit));
    assert_eq!(
        readings[0].failure,
        Some(Failure::MissingAllowOrigin { status: 403 })
    );
    assert_eq!(readings[0].origin.as_deref(), Some(PAGE));
    assert_eq!(
        readings[0].url.as_deref(),
        Some("http://localhost:8081/x?run=1")
    );
    assert_eq!(readings[0].api, Some(Api::Fetch));
    assert_eq!(readings[1].failure, None);
    assert!(readings[1].note.as_deref().unwrap().contains("WebKit"));
    assert_eq!(readings[2].engine, Some(Engine::Webkit));
    let inspector = "[Error] Preflight response is not successful. Status code: 400\n\
[Error] XMLHttpRequest cannot load http://localhost:8081/x due to access control checks.";
    let readings = read(inspector);
    assert_eq!(
        readings[0].failure,
        Some(Failure::PreflightStatus { status: 400 })
    );
    assert_eq!(readings[0].stage, Some(Stage::Preflight));
    assert_eq!(readings[0].api, Some(Api::Xhr));
    let header =
        read("Request header field X-Token is not allowed by Access-Control-Allow-Headers.");
    assert_eq!(
        header[0].failure,
        Some(Failure::HeaderNotAllowed {
            name: "X-Token".into()
        })
    );
    let reports = explain_error(text, PAGE);
    assert!(reports[0].is_cors_failure());
    assert!(
        reports[0].explanation.contains("another origin"),
        "{}",
        reports[0].explanation
    );
    let stream = read("NotSupportedError: ReadableStream uploading is not supported");
    assert_eq!(stream[0].engine, Some(Engine::Webkit));
    assert!(stream[0]
        .note
        .as_deref()
        .unwrap()
        .contains("ReadableStream"));
}

#[test]
fn devtools_decorations_and_the_network_line_are_understood() {
    let text = "app.js:12 Access to fetch at 'http://api.test/x' from origin 'http://page.test' has been blocked by CORS policy: \
No 'Access-Control-Allow-Origin' header is present on the requested resource.\n\
app.js:12  GET http://api.test/x net::ERR_FAILED 401 (Unauthorized)\n\
    at load (app.js:12:3)\n\
Uncaught (in promise) TypeError: Failed to fetch";
    let readings = read(text);
    assert_eq!(readings.len(), 3, "{readings:#?}");
    assert_eq!(
        readings[0].failure,
        Some(Failure::MissingAllowOrigin { status: 401 }),
        "the network line gives the status"
    );
    assert!(readings[0].unnamed.is_empty());
    assert!(readings[0].line.starts_with("Access to fetch"));
    assert_eq!(readings[1].failure, None);
    assert!(readings[2]
        .note
        .as_deref()
        .unwrap()
        .contains("only in the console line"));
    let firefox = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at \
https://api.test/v1/items?q=a.b. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://www.page.test’). [Learn More]";
    let reading = &read(firefox)[0];
    assert_eq!(
        reading.url.as_deref(),
        Some("https://api.test/v1/items?q=a.b")
    );
    assert_eq!(
        reading.failure,
        Some(Failure::AllowOriginMismatch {
            value: "https://www.page.test".into()
        })
    );
}

/// A forbidden method's exception, as the page caught it (with DevTools'
/// "Uncaught (in promise)" before it), is read as what it is: no CORS.
#[test]
fn a_forbidden_methods_exception_is_read_as_no_request_at_all() {
    // WebKit's ("TypeError: Method is forbidden.") names neither the method
    // nor the engine: the reader cannot tell it from any other TypeError.
    for engine in [Engine::Chromium, Engine::Firefox] {
        let thrown =
            cors_model::console::thrown::forbidden_method(engine, cors_model::Api::Fetch, "TRACE");
        let reading = &read(&format!("Uncaught (in promise) {thrown}"))[0];
        assert_eq!(reading.engine, Some(engine));
        assert_eq!(reading.failure, None);
        let note = reading.note.as_deref().unwrap();
        assert!(
            note.starts_with("TRACE: ") && note.contains("forbidden"),
            "{note}"
        );
    }
}

#[test]
fn what_is_not_a_known_cors_line_says_so() {
    assert!(read("").is_empty());
    assert!(read("  \n\n").is_empty());
    let nothing = read("Uncaught ReferenceError: x is not defined");
    assert_eq!(nothing.len(), 1);
    assert_eq!((nothing[0].engine, &nothing[0].failure), (None, &None));
    assert!(nothing[0].note.as_deref().unwrap().contains("No line here"));
    let unknown = read("Access to fetch at 'http://a.test/' from origin 'http://b.test' has been blocked by CORS policy: \
Permission was denied for this request to access the `loopback` address space.");
    assert_eq!(unknown[0].engine, Some(Engine::Chromium));
    assert_eq!(unknown[0].origin.as_deref(), Some("http://b.test"));
    assert!(unknown[0]
        .note
        .as_deref()
        .unwrap()
        .contains("does not know"));
    let refused = read("GET http://localhost:3000/ net::ERR_CONNECTION_REFUSED");
    assert!(refused[0].note.as_deref().unwrap().contains("Not CORS"));
    // Odd input never panics.
    for text in [
        "'",
        "Access to fetch at '",
        "(Reason: ",
        "\u{0}\u{E000}x\u{E001}",
        "Access to fetch at '' from origin '' has been blocked by CORS policy: ",
    ] {
        let _ = explain_error(text, PAGE);
    }
}

#[test]
fn every_reproduction_fails_the_same_check_in_both_engines() {
    let mut reproduced = 0;
    for failure in failures() {
        for &stage in failure.stages() {
            let Some(state) = reproduce(Some(stage), &failure) else {
                continue;
            };
            let exchange = state.exchange(PAGE, URL).unwrap();
            for engine in Engine::ALL {
                let verdict = cors_model::judge(&exchange, engine).unwrap();
                let failed = verdict.failed.as_ref().map(|f| f.failure.kind());
                // The playground writes one header line: a list in it is
                // "multiple values" to Chromium, one value that matches
                // nothing to Firefox (which says "multiple" only for two
                // header lines). Blocked all the same.
                let expected = match (engine, &failure) {
                    (
                        Engine::Firefox,
                        Failure::MultipleAllowOrigin { .. } | Failure::InvalidAllowOrigin { .. },
                    ) => "allow-origin-mismatch",
                    _ => failure.kind(),
                };
                assert_eq!(
                    failed,
                    Some(expected),
                    "{engine:?} {stage:?} {failure:?}\n{state:#?}"
                );
                reproduced += 1;
            }
        }
    }
    assert!(reproduced >= 24, "{reproduced}");
}

#[test]
fn a_report_has_the_fix_and_a_link_into_the_playground() {
    let line = "Access to fetch at 'http://api.test/items' from origin 'http://page.test' has been blocked by CORS policy: \
Request header field x-token is not allowed by Access-Control-Allow-Headers in preflight response.";
    let report = &explain_error(line, "http://localhost:8080")[0];
    assert_eq!(report.stage, Some(Stage::Preflight));
    assert_eq!(
        report.failure.as_ref().unwrap()["kind"],
        "header-not-allowed"
    );
    assert_eq!(report.failure.as_ref().unwrap()["name"], "x-token");
    let fix = report.fix.as_ref().unwrap();
    assert!(
        fix.actix.contains("allowed_origin(\"http://page.test\")"),
        "{fix:?}"
    );
    assert!(
        fix.headers
            .contains(&"Access-Control-Allow-Headers: x-token".to_string()),
        "{fix:?}"
    );
    let link = report.link.as_deref().unwrap();
    assert!(
        link.starts_with("http://localhost:8080/#/playground?s="),
        "{link}"
    );
    let firefox = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.test/x. \
(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).";
    let report = &explain_error(firefox, "http://localhost:8080")[0];
    assert_eq!(
        report.failure.as_ref().unwrap(),
        &serde_json::json!({"kind": "method-not-allowed"})
    );
    assert!(
        report.explanation.contains("does not name the method"),
        "{}",
        report.explanation
    );
    assert!(!report.explanation.contains("  "), "{}", report.explanation);
}

/// Firefox's translated lines (its Russian and Chinese language packs)
/// read back to Firefox and to the failure they were written for, as its
/// en-US lines do, so "Paste an error" understands a learner's own Firefox.
#[test]
fn firefox_lines_in_every_language_pack_read_back() {
    use cors_model::console::{firefox_lines, FirefoxLocale};
    let mut read_back = 0;
    for failure in failures() {
        for &stage in failure.stages() {
            let at = Context {
                url: URL,
                redirected_from: None,
                origin: PAGE,
                status: 200,
            };
            let english = read(&firefox_lines(FirefoxLocale::EnUs, stage, &failure, at).join("\n"));
            for locale in [FirefoxLocale::Ru, FirefoxLocale::ZhCn] {
                let lines = firefox_lines(locale, stage, &failure, at);
                let readings = read(&lines.join("\n"));
                let case = format!("{locale:?} {stage:?} {failure:?}\n{lines:#?}\n{readings:#?}");
                assert_eq!(readings.len(), lines.len(), "{case}");
                assert_eq!(readings[0].engine, Some(Engine::Firefox), "{case}");
                assert_eq!(readings[0].failure, english[0].failure, "{case}");
                assert_eq!(readings[0].url.as_deref(), Some(URL), "{case}");
                read_back += 1;
            }
        }
    }
    assert!(read_back >= 20, "{read_back}");
}
