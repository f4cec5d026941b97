//! The CORS model held to account by real browsers: a matrix of generated
//! exchanges (methods, header sets, credentials modes, preflight answers,
//! response answers), randomised from a seed the test prints, each run with
//! plain `fetch` from the lab page's origin against server-b's playground
//! endpoint in Chromium, Firefox and WebKit. For every case the model's verdict
//! must equal the browser's outcome, the preflights and actual requests
//! server-b recorded must be the model's, and the console lines the engine
//! logged must contain the model's lines for it. Cases also carry `Vary`, a
//! `Set-Cookie` (the model's "stored" against what the next credentialed
//! request carried) and Max-Ages above the engines' caps (a second identical
//! request must be preflighted again or not, as the model's cache entry
//! says): see `effects`.
//!
//! `LAB_MATRIX_SEED` replays a seed; `LAB_MATRIX_CASES` sets the cases per
//! engine (default 240).

use std::time::{Duration, Instant};

use cors_model::playground::Policy;
use cors_model::{BodyKind, Credentials, Exchange, Failure, Headers, Request};
use lab_tests::browser::{cors_error_marker, Browser, Engine};
use lab_tests::{spawn_app, TestApp};
use serde_json::{json, Map, Value};

mod effects;

const DEFAULT_CASES: usize = 240;

#[tokio::test]
async fn chromium_agrees_with_the_model() {
    matrix(Engine::Chromium).await
}

#[tokio::test]
async fn firefox_agrees_with_the_model() {
    matrix(Engine::Firefox).await
}

#[tokio::test]
async fn webkit_agrees_with_the_model() {
    matrix(Engine::Webkit).await
}

/// splitmix64: small, seedable, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize].clone()
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// One seed for the whole process, so that both engines run the same cases.
fn seed() -> u64 {
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *SEED.get_or_init(new_seed)
}

fn new_seed() -> u64 {
    match std::env::var("LAB_MATRIX_SEED") {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("LAB_MATRIX_SEED={text:?} is not a number")),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
    }
}

fn case_count() -> usize {
    std::env::var("LAB_MATRIX_CASES")
        .ok()
        .map(|text| {
            text.parse()
                .unwrap_or_else(|_| panic!("LAB_MATRIX_CASES={text:?} is not a number"))
        })
        .unwrap_or(DEFAULT_CASES)
}

const HEADERS: [(&str, &str); 8] = [
    ("Content-Type", "text/plain"),
    ("Content-Type", "application/json"),
    ("X-Token", "abc"),
    ("Accept", "application/json"),
    ("Accept-Language", "en"),
    ("Authorization", "Bearer t0ken"),
    ("Content-Language", "de"),
    ("X-Trace", "1"),
];
const ORIGINS: [&str; 6] = ["none", "*", "page", "page", "reflect", "http://localhost"];

fn optional(rng: &mut Rng, object: &mut Map<String, Value>, field: &str, values: &[&str]) {
    let value = rng.pick(values);
    if !value.is_empty() {
        object.insert(field.into(), json!(value));
    }
}

/// One case, written as the playground's state (`from` is the page).
fn generate(rng: &mut Rng, index: usize) -> Value {
    let method = rng.pick(&["GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH"]);
    let mut headers = Map::new();
    for (name, value) in HEADERS {
        if rng.chance(18) && !headers.contains_key(name) {
            headers.insert(name.into(), json!(value));
        }
    }
    let body = if method != "GET" && rng.chance(60) {
        "text"
    } else {
        "none"
    };
    let credentials = rng.pick(&["omit", "same-origin", "include"]);
    let mut preflight = Map::new();
    preflight.insert(
        "status".into(),
        json!(rng.pick(&[200, 204, 200, 204, 403, 500])),
    );
    optional(rng, &mut preflight, "allow_origin", &ORIGINS);
    optional(
        rng,
        &mut preflight,
        "allow_credentials",
        &["", "true", "true", "false"],
    );
    let all_methods = "GET, POST, PUT, DELETE, PATCH";
    optional(
        rng,
        &mut preflight,
        "allow_methods",
        &["", "*", "PUT, DELETE", all_methods, method],
    );
    let all_headers = "content-type, x-token, authorization, x-trace";
    optional(
        rng,
        &mut preflight,
        "allow_headers",
        &["", "*", "x-token", all_headers, "content-type"],
    );
    optional(rng, &mut preflight, "max_age", &effects::MAX_AGES);
    let mut response = Map::new();
    response.insert("status".into(), json!(rng.pick(&[200, 200, 201, 404, 500])));
    optional(rng, &mut response, "allow_origin", &ORIGINS);
    optional(
        rng,
        &mut response,
        "allow_credentials",
        &["", "true", "true", "false"],
    );
    optional(rng, &mut response, "expose_headers", &["", "x-a"]);
    let mut case = json!({
        "method": method, "headers": headers, "body": body, "credentials": credentials,
        "from": "page", "preflight": preflight, "response": response,
    });
    effects::generate(rng, index, case.as_object_mut().unwrap());
    case
}

/// The playground URL of a case in its own run, percent-encoded the way the
/// browser keeps it (so its console line quotes the same URL).
fn case_url(lab: &TestApp, case: &Value, run: &str) -> String {
    let policy = effects::policy(case);
    let encoded: String = policy
        .to_string()
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("{}/lab/playground?p={encoded}&run={run}", lab.api)
}

fn model_engine(engine: Engine) -> cors_model::Engine {
    match engine {
        Engine::Chromium => cors_model::Engine::Chromium,
        Engine::Firefox => cors_model::Engine::Firefox,
        Engine::Webkit => cors_model::Engine::Webkit,
    }
}

/// The model's input for a case: server-b's answers come from the same
/// policy code that server-b runs (`cors_model::playground`).
fn exchange(lab: &TestApp, case: &Value, url: &str) -> Exchange {
    let policy_json = effects::policy(case);
    let policy = Policy::from_json(&policy_json.to_string()).expect("a generated policy is valid");
    let headers = case["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let credentials = match case["credentials"].as_str() {
        Some("omit") => Credentials::Omit,
        Some("include") => Credentials::Include,
        _ => Credentials::SameOrigin,
    };
    Exchange {
        request: Request {
            origin: lab.page.clone(),
            url: url.to_owned(),
            method: case["method"].as_str().unwrap_or("GET").to_owned(),
            headers: Headers(headers),
            body: if case["body"] == "text" {
                BodyKind::Text
            } else {
                BodyKind::None
            },
            credentials,
            cookie: None,
            read_headers: Vec::new(),
            upload_listener: false,
        },
        preflight: Some(policy.preflight_answer(Some(&lab.page), &lab.page)),
        response: Some(policy.response_answer(Some(&lab.page), &lab.page)),
        redirected: None,
        third_party_cookies: Default::default(),
    }
}

/// The model's line, or where the model says Chromium may name any of
/// several missing request headers (its header map's order), the same line
/// naming each of them.
fn accepted_lines(line: &str, verdict: &cors_model::Verdict, case: &Value) -> Vec<String> {
    let mut lines = vec![line.to_owned()];
    let Some(Failure::HeaderNotAllowed { name }) = verdict.failed.as_ref().map(|f| &f.failure)
    else {
        return lines;
    };
    if verdict.engine != cors_model::Engine::Chromium || verdict.departures.is_empty() {
        return lines;
    }
    let allowed = case["preflight"]["allow_headers"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut headers = Headers::new();
    for (k, v) in case["headers"].as_object().into_iter().flatten() {
        headers = headers.with(k, v.as_str().unwrap_or_default());
    }
    let field = format!("Request header field {name} is");
    for other in cors_model::safelist::unsafe_names(&headers) {
        if !allowed.split(',').any(|a| a.trim() == other) {
            lines.push(line.replace(&field, &format!("Request header field {other} is")));
        }
    }
    lines
}

const FETCH: &str = "const [url, c, done] = arguments;
const init = { method: c.method, headers: c.headers, credentials: c.credentials, mode: 'cors' };
if (c.body === 'text') init.body = 'x';
fetch(url, init).then(
  r => r.text().then(() => done({ outcome: 'allowed', status: r.status })),
  e => done({ outcome: 'blocked', status: 0, error: String(e) }));";

async fn matrix(engine: Engine) {
    let Some(browser) = Browser::start(engine).await else {
        return;
    };
    let seed = seed();
    let cases = case_count();
    let name = engine.name();
    eprintln!("{name}: seed {seed} (LAB_MATRIX_SEED={seed} replays it), {cases} cases");
    let lab = spawn_app();
    let started = Instant::now();
    browser.goto(&lab.page_url("/runner.html")).await;
    let _ = browser.console().await;
    let mut rng = Rng(seed);
    let mut disagreements = Vec::new();
    let mut coverage = effects::Coverage::default();
    for index in 0..cases {
        let case = generate(&mut rng, index);
        disagreements.extend(one_case(&browser, &lab, index, &case, &mut coverage).await);
    }
    let agree = cases - disagreements.len();
    let tally = format!(
        "{agree}/{cases} cases agree in {name} (seed {seed}, {:.1} s; {})",
        started.elapsed().as_secs_f64(),
        coverage.summary()
    );
    eprintln!("{tally}");
    keep_tally(name, &tally);
    browser.quit().await;
    assert!(
        disagreements.is_empty(),
        "{} of {cases} cases disagree in {name} (seed {seed}):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// Runs case `index` in the browser and holds what happened to the model's
/// verdict: the outcome, the preflights and requests server-b saw, a second
/// request from the preflight cache, the cookie stored, the console lines.
/// The disagreements, as readable paragraphs (none when all agree).
async fn one_case(
    browser: &Browser,
    lab: &TestApp,
    index: usize,
    case: &Value,
    coverage: &mut effects::Coverage,
) -> Vec<String> {
    let engine = browser.engine;
    let run = lab_tests::lab::new_run_id(&format!("m{index}"));
    let url = case_url(lab, case, &run);
    let verdict = cors_model::judge(&exchange(lab, case, &url), model_engine(engine))
        .unwrap_or_else(|e| panic!("the model refused case {case}: {e:?}"));
    let observed = browser
        .run_async(FETCH, vec![json!(url), case.clone()])
        .await;
    let mut disagreements = Vec::new();
    // The same request again, where the model says the preflight left
    // a cache entry: it is answered from the cache unless the entry
    // lives 0 s (a Max-Age above the cap is capped, not refused).
    let repeat = effects::repeat_from_cache(&verdict);
    if repeat.is_some() {
        let again = browser
            .run_async(FETCH, vec![json!(url), case.clone()])
            .await;
        if again["outcome"] != observed["outcome"] {
            disagreements.push(format!(
                "case {index}: {case}\n  the second request's outcome {again} differs from the first's {observed}"
            ));
        }
        coverage.repeated += 1;
        coverage.from_cache += usize::from(repeat == Some(true));
        coverage.capped += usize::from(effects::capped(&verdict));
    }
    coverage.vary += usize::from(case.get("vary").is_some());
    let exchanges = lab.exchanges_of(&run).await.json["exchanges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let preflights = exchanges
        .iter()
        .filter(|e| e["method"] == "OPTIONS")
        .count();
    let actual = exchanges.len() - preflights;
    let console = console_after(browser, &verdict).await;
    let outcome = serde_json::to_value(verdict.verdict).unwrap();
    let mut wrong = Vec::new();
    if observed["outcome"] != outcome {
        wrong.push(format!(
            "outcome: model {outcome}, browser {}",
            observed["outcome"]
        ));
    }
    let model_preflights =
        usize::from(verdict.preflight.is_some()) + usize::from(repeat == Some(false));
    if preflights != model_preflights {
        wrong.push(format!(
            "preflights: model {model_preflights}, server-b saw {preflights}"
        ));
    }
    let sent = 1 + usize::from(repeat.is_some());
    let model_actual = usize::from(verdict.reached_server) * sent;
    if actual != model_actual {
        wrong.push(format!(
            "actual requests: model {model_actual}, server-b saw {actual}"
        ));
    }
    if let Some(stored) = effects::stored(&verdict) {
        coverage.cookies += 1;
        coverage.stored += usize::from(stored);
        let case_run = (index, case, run.as_str(), exchanges.len());
        wrong.extend(cookie_kept(browser, lab, case_run, stored).await);
    }
    wrong.extend(console_problems(engine, &console, &verdict, case));
    if !wrong.is_empty() {
        disagreements.push(format!(
            "case {index}: {case}\n  model: {} ({}), preflight {:?}, console {:?}\n  browser: {observed}, \
             recorded {preflights} preflight(s) + {actual} request(s), console {console:#?}\n  {}",
            outcome,
            verdict.failed.as_ref().map(|f| f.summary.as_str()).unwrap_or("no check failed"),
            verdict.preflight,
            verdict.console,
            wrong.join("\n  ")
        ));
    }
    disagreements
}

/// The console's messages, read until every line the model predicts is
/// among them or 400 ms have passed (lines can trail the request).
async fn console_after(browser: &Browser, verdict: &cors_model::Verdict) -> Vec<String> {
    let mut console = Vec::new();
    for attempt in 0..8 {
        console.extend(browser.console().await.into_iter().map(|e| e.message));
        let complete = verdict
            .console
            .iter()
            .all(|line| console.iter().any(|m| m.contains(line)));
        if complete || attempt == 7 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    console
}

/// Whether the next credentialed request carried the case's cookie exactly
/// when the model says the answer stored it. The probe goes in the case's
/// own run (server-b records 1,024 runs at most): its exchange is the one
/// after the case's `recorded` exchanges.
async fn cookie_kept(
    browser: &Browser,
    lab: &TestApp,
    (index, case, run, recorded): (usize, &Value, &str, usize),
    stored: bool,
) -> Vec<String> {
    let probe = browser
        .run_async(
            effects::PROBE,
            vec![json!(effects::probe_url(lab, case, run))],
        )
        .await;
    let exchanges = lab.exchanges_of(run).await.json["exchanges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let after_case = exchanges.get(recorded..).unwrap_or_default();
    let carried = effects::probe_carried(after_case, &effects::cookie_name(index));
    if probe != json!(true) || carried != Some(stored) {
        vec![format!(
            "cookie: model stored={stored}, the next credentialed request carried it: \
             {carried:?} (probe: {probe})"
        )]
    } else {
        vec![]
    }
}

/// Every line the model predicts was logged (or one of the lines it
/// accepts), reads back to the predicted check, and no CORS error was
/// logged where the model expects none.
fn console_problems(
    engine: Engine,
    console: &[String],
    verdict: &cors_model::Verdict,
    case: &Value,
) -> Vec<String> {
    let mut wrong = Vec::new();
    for line in &verdict.console {
        let accepted = accepted_lines(line, verdict, case);
        if !console
            .iter()
            .any(|m| accepted.iter().any(|a| m.contains(a)))
        {
            wrong.push(format!("console line missing: {line}"));
        }
    }
    wrong.extend(read_back(engine, console, verdict));
    if verdict.console.is_empty() {
        if let Some(m) = console
            .iter()
            .find(|m| m.contains(cors_error_marker(engine)))
        {
            wrong.push(format!(
                "the model expects no CORS error, the browser logged: {m}"
            ));
        }
    }
    wrong
}

/// The engine's lines, read back by the model's reader, name the check the
/// model predicted.
fn read_back(engine: Engine, console: &[String], verdict: &cors_model::Verdict) -> Vec<String> {
    use lab_tests::console_capture;
    let mut wrong = console_capture::read_back(engine, console);
    let Some(predicted) = verdict.failed.as_ref().map(|f| &f.failure) else {
        return wrong;
    };
    // The lines that give the reason: WebKit's line naming the URL gives
    // none, its reason is the line before.
    let marker = cors_error_marker(engine);
    let reasons: Vec<&String> = match engine {
        Engine::Webkit => (0..console.len())
            .filter_map(|at| lab_tests::webkit_lines::reason_for(console, at))
            .collect(),
        _ => console.iter().filter(|m| m.contains(marker)).collect(),
    };
    for line in reasons {
        let read = cors_model::console::read(line);
        if let Some(failure) = read.first().and_then(|r| r.failure.as_ref()) {
            if !console_capture::same_check(engine, failure, predicted) {
                wrong.push(format!(
                    "the line reads back as {}, the model failed {}: {line}",
                    failure.kind(),
                    predicted.kind()
                ));
            }
        }
    }
    wrong
}

/// Writes the tally to `target/lab-matrix/<engine>.txt`: the test harness
/// hides a passing test's output, and CI prints these files.
fn keep_tally(engine: &str, tally: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/lab-matrix");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join(format!("{engine}.txt")), format!("{tally}\n"));
    }
}
