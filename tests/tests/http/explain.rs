//! `POST /explain` on server-a: the CORS model over HTTP. Good input gets
//! each engine's verdict; bad input gets 400 with the field named.

use lab_tests::http::{send, Reply};
use lab_tests::{spawn_app, TestApp};
use serde_json::{json, Value};

async fn explain(app: &TestApp, body: &Value) -> Reply {
    send(app.client().post(app.page_url("/explain")).json(body)).await
}

fn login_exchange(app: &TestApp) -> Value {
    json!({
        "request": {
            "origin": app.page,
            "url": format!("{}/api/login", app.api),
            "method": "POST",
            "headers": {"Content-Type": "application/json"},
            "body": "text",
            "credentials": "include"
        },
        "preflight": {"status": 200, "headers": [
            ["Access-Control-Allow-Origin", app.page],
            ["Access-Control-Allow-Credentials", "true"],
            ["Access-Control-Allow-Methods", "POST"],
            ["Access-Control-Allow-Headers", "content-type"],
            ["Access-Control-Max-Age", "86400"]
        ]},
        "response": {"status": 200, "headers": {"Access-Control-Allow-Origin": app.page}}
    })
}

#[tokio::test]
async fn both_engines_judge_the_login() {
    let app = spawn_app();
    let reply = explain(&app, &login_exchange(&app)).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let results = reply.json["results"].as_array().unwrap();
    let engines: Vec<&str> = results
        .iter()
        .map(|r| r["engine"].as_str().unwrap())
        .collect();
    assert_eq!(engines, ["chromium", "firefox", "webkit"]);
    // No Access-Control-Allow-Credentials on the actual response: blocked.
    for result in results {
        assert_eq!(result["verdict"], "blocked");
        assert_eq!(result["failed"]["check"], "allow-credentials");
        assert_eq!(result["preflight"]["request_headers"], "content-type");
        assert_eq!(result["reached_server"], true);
    }
    let chromium = &results[0];
    let line = chromium["console"][0].as_str().unwrap();
    let expected = format!(
        "Access to fetch at '{}/api/login' from origin '{}'",
        app.api, app.page
    );
    assert!(line.starts_with(&expected), "{line}");
    assert_eq!(chromium["cache"]["seconds"], 7200);
    assert_eq!(results[1]["cache"]["seconds"], 86400);
}

#[tokio::test]
async fn one_engine_when_asked() {
    let app = spawn_app();
    let mut body = login_exchange(&app);
    body["engine"] = json!("firefox");
    body["response"]["headers"]["Access-Control-Allow-Credentials"] = json!("true");
    let reply = explain(&app, &body).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    let results = reply.json["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["engine"], "firefox");
    assert_eq!(results[0]["verdict"], "allowed");
}

/// `?lang=` sets the language of the model's words: asked in Russian the
/// explanation, the failed check's summary and the fix are Russian, in
/// Chinese they are Chinese, and without it (or with a language the lab
/// does not speak) English as before. Header names and values, the console
/// lines and the actix-cors call are the same in every language.
#[tokio::test]
async fn the_words_come_in_the_language_asked() {
    use cors_model::text::in_script;
    use cors_model::Language;
    let app = spawn_app();
    let ask = |lang: &str| {
        let url = format!("{}{lang}", app.page_url("/explain"));
        send(app.client().post(url).json(&login_exchange(&app)))
    };
    let english = ask("").await;
    assert_eq!(english.status, 200, "{:?}", english.json);
    assert_eq!(english.header("content-language"), Some("en"));
    let chromium = &english.json["results"][0];
    assert_eq!(
        chromium["explanation"],
        "The request reached the server and ran; the browser only refused to let JavaScript read \
         the answer. With credentials: \"include\", the answer must also say \
         Access-Control-Allow-Credentials: true."
    );
    assert_eq!(
        chromium["fix"]["text"],
        "Send Access-Control-Allow-Credentials: true with the exact origin, or call fetch without credentials."
    );
    assert_eq!(ask("?lang=fr").await.json, english.json);
    for (lang, language) in [("ru", Language::Ru), ("zh", Language::Zh)] {
        let reply = ask(&format!("?lang={lang}")).await;
        assert_eq!(reply.status, 200, "{:?}", reply.json);
        assert_eq!(reply.header("content-language"), Some(lang));
        let results = reply.json["results"].as_array().unwrap();
        for (theirs, ours) in results
            .iter()
            .zip(english.json["results"].as_array().unwrap())
        {
            for words in [
                &theirs["explanation"],
                &theirs["fix"]["text"],
                &theirs["failed"]["summary"],
            ] {
                let words = words.as_str().unwrap();
                assert!(in_script(words, language), "{lang}: {words}");
                assert!(!words.contains("the answer"), "{lang}: {words}");
            }
            let fix = theirs["fix"]["text"].as_str().unwrap();
            assert!(
                fix.contains("Access-Control-Allow-Credentials: true"),
                "{fix}"
            );
            for same in ["console", "verdict", "failed"] {
                let (theirs, ours) = (&theirs[same], &ours[same]);
                if same == "failed" {
                    assert_eq!(theirs["check"], ours["check"]);
                    assert_eq!(theirs["failure"], ours["failure"]);
                } else {
                    assert_eq!(theirs, ours, "{lang}: {same}");
                }
            }
            assert_eq!(theirs["fix"]["actix"], ours["fix"]["actix"]);
            assert_eq!(theirs["fix"]["headers"], ours["fix"]["headers"]);
        }
        assert_eq!(reply.json["curl"], english.json["curl"]);
    }
    let russian = ask("?lang=ru-RU").await;
    assert!(
        russian.json["results"][0]["explanation"]
            .as_str()
            .unwrap()
            .starts_with("Запрос дошёл до сервера и был выполнен"),
        "{}",
        russian.json
    );
}

async fn assert_bad(app: &TestApp, body: Value, field: &str) {
    let reply = explain(app, &body).await;
    assert_eq!(reply.status, 400, "{body}: {:?}", reply.json);
    assert_eq!(reply.json["field"], field, "{:?}", reply.json);
    assert!(!reply.error().is_empty());
}

#[tokio::test]
async fn bad_input_names_the_field() {
    let app = spawn_app();
    let good = login_exchange(&app);
    let mut body = good.clone();
    body["request"]["methd"] = json!("GET");
    assert_bad(&app, body, "request.methd").await;
    let mut body = good.clone();
    body["request"].as_object_mut().unwrap().remove("url");
    assert_bad(&app, body, "request.url").await;
    let mut body = good.clone();
    body["request"]["credentials"] = json!("always");
    assert_bad(&app, body, "request.credentials").await;
    let mut body = good.clone();
    body["request"]["origin"] = json!("http://localhost:8080/");
    assert_bad(&app, body, "request.origin").await;
    let mut body = good.clone();
    body["request"]["method"] = json!("GE T");
    assert_bad(&app, body, "request.method").await;
    let mut body = good.clone();
    body["engine"] = json!("safari");
    assert_bad(&app, body, "engine").await;
    let mut body = good.clone();
    body["preflight"]["status"] = json!(42);
    assert_bad(&app, body, "preflight.status").await;
    let reply = send(
        app.client()
            .post(app.page_url("/explain"))
            .body("{not json"),
    )
    .await;
    assert_eq!(
        (reply.status, reply.json["field"].as_str()),
        (400, Some("body"))
    );
}

#[tokio::test]
async fn header_injection_is_refused() {
    let app = spawn_app();
    let good = login_exchange(&app);
    let mut body = good.clone();
    body["request"]["headers"] = json!({"X-Token": "a\r\nSet-Cookie: x=1"});
    assert_bad(&app, body, "request.headers.X-Token").await;
    let mut body = good.clone();
    body["response"]["headers"] = json!([["Bad Name", "1"]]);
    assert_bad(&app, body, "response.headers.Bad Name").await;
    let mut body = good.clone();
    body["preflight"]["headers"] = json!([["X-Long", "a".repeat(2000)]]);
    assert_bad(&app, body, "preflight.headers.X-Long").await;
    let many: Vec<Value> = (0..100).map(|i| json!([format!("X-{i}"), "1"])).collect();
    let mut body = good.clone();
    body["response"]["headers"] = json!(many);
    assert_bad(&app, body, "response.headers").await;
}

/// What server-b's playground answers to a preflight and to a PUT from
/// `origin` under `policy`, as /explain takes answers.
async fn playground_answers(app: &TestApp, origin: &str, policy: &Value) -> (Value, Value) {
    let encoded: String =
        url::form_urlencoded::byte_serialize(policy.to_string().as_bytes()).collect();
    let path = format!("/lab/playground?p={encoded}");
    let preflight = app
        .from_origin(origin, reqwest::Method::OPTIONS, &path)
        .header("Access-Control-Request-Method", "PUT")
        .header("Access-Control-Request-Headers", "x-token")
        .send()
        .await
        .unwrap();
    let response = app
        .from_origin(origin, reqwest::Method::PUT, &path)
        .header("X-Token", "1")
        .send()
        .await
        .unwrap();
    (answer_of(preflight).await, answer_of(response).await)
}

/// The page posts the playground's policy, not answers of its own making:
/// the verdict is the one on the answers server-b really sends.
#[tokio::test]
async fn a_policy_is_judged_on_the_answers_server_b_sends() {
    let app = spawn_app();
    let policies = [
        json!({"preflight": {"allow_origin": "page", "allow_methods": "PUT", "allow_headers": "x-token"},
               "response": {"allow_origin": "page"}}),
        json!({"preflight": {"allow_origin": "reflect", "allow_credentials": "true",
                             "allow_methods": "PUT", "allow_headers": "x-token"},
               "response": {"allow_origin": "reflect", "allow_credentials": "true"},
               "vary": "Origin"}),
        json!({"preflight": {"status": 200, "allow_origin": "*", "allow_credentials": "true",
                             "allow_methods": "PUT", "allow_headers": "x-token"},
               "response": {"allow_origin": "*", "allow_credentials": "true"},
               "set_cookie": "lab_pg=1; SameSite=Lax"}),
        json!({"preflight": {"allow_origin": "http://localhost:1", "allow_methods": "PUT",
                             "allow_headers": "*"},
               "response": {"status": 404, "allow_origin": "page"}}),
    ];
    let mut verdicts = std::collections::BTreeSet::new();
    for policy in &policies {
        for origin in [app.page.as_str(), lab_tests::http::EVIL_ORIGIN] {
            let request = json!({
                "origin": origin,
                "url": app.api_url("/lab/playground"),
                "method": "PUT",
                "headers": [["X-Token", "1"]],
                "credentials": "include",
            });
            let from_policy = explain(&app, &json!({"request": request, "policy": policy})).await;
            let (preflight, response) = playground_answers(&app, origin, policy).await;
            let from_wire = explain(
                &app,
                &json!({"request": request, "preflight": preflight, "response": response}),
            )
            .await;
            assert_eq!(from_policy.status, 200, "{policy}: {:?}", from_policy.json);
            for (ours, wire) in from_policy.json["results"]
                .as_array()
                .unwrap()
                .iter()
                .zip(from_wire.json["results"].as_array().unwrap())
            {
                for key in ["verdict", "failed", "console", "cache"] {
                    assert_eq!(ours[key], wire[key], "{origin} {policy} {key}");
                }
                verdicts.insert(ours["verdict"].to_string());
            }
            // The same exchange as curl: the preflight, then the PUT.
            let curl = from_policy.json["curl"].as_array().unwrap();
            assert_eq!(curl.len(), 2, "{curl:?}");
            assert!(curl[0].as_str().unwrap().contains("-X OPTIONS"), "{curl:?}");
            assert!(curl[1].as_str().unwrap().contains("-X PUT"), "{curl:?}");
        }
    }
    // The policies were chosen so that both verdicts occur.
    assert_eq!(verdicts.len(), 2, "{verdicts:?}");
}

#[tokio::test]
async fn a_policy_and_answers_together_or_a_bad_policy_name_the_field() {
    let app = spawn_app();
    let mut both = login_exchange(&app);
    both["policy"] = json!({});
    assert_bad(&app, both, "policy").await;
    let mut bad = login_exchange(&app);
    bad.as_object_mut().unwrap().remove("preflight");
    bad.as_object_mut().unwrap().remove("response");
    bad["policy"] = json!({"preflight": {"allow_methods": "a\nb"}});
    assert_bad(&app, bad.clone(), "preflight.allow_methods").await;
    bad["policy"] = json!({"response": {"nope": 1}});
    assert_bad(&app, bad.clone(), "response.nope").await;
    bad["policy"] = json!([]);
    assert_bad(&app, bad, "policy").await;
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let app = spawn_app();
    let mut body = login_exchange(&app);
    body["request"]["read_headers"] = json!(vec!["x-padding"; 20_000]);
    let reply = explain(&app, &body).await;
    assert_eq!(reply.status, 413);
}

/// The request a lesson step makes, as /explain takes it (the suite reaches
/// the model through server-a's JSON only).
fn step_request(app: &TestApp, lesson: &lessons::Lesson, step: &lessons::Step) -> Value {
    let origin = app.origins().sender(step);
    let credentials = match step.credentials {
        lessons::Credentials::Omit => "omit",
        lessons::Credentials::SameOrigin => "same-origin",
        lessons::Credentials::Include => "include",
    };
    json!({
        "origin": origin,
        "url": app.step_url(&lesson.id, step),
        "method": step.method,
        "headers": step.headers,
        "body": match &step.body {
            Some(_) => serde_json::to_value(step.body_kind.model()).unwrap(),
            None => json!("none"),
        },
        "credentials": credentials,
        "upload_listener": step.upload_listener(),
    })
}

async fn answer_of(response: reqwest::Response) -> Value {
    let status = response.status().as_u16();
    let headers: Vec<Value> = response
        .headers()
        .iter()
        .map(|(n, v)| json!([n.as_str(), v.to_str().unwrap_or_default()]))
        .collect();
    json!({"status": status, "headers": headers})
}

/// Sends what the model says Chromium sends, to server-b's real endpoint
/// (with the session cookie when the step expects the browser to send one),
/// and asks the model (through /explain) for both engines' verdicts on the
/// answers.
async fn judge_step(app: &TestApp, request: &Value, cookie: Option<&str>) -> Vec<Value> {
    let ask = |body: Value| async move { explain(app, &body).await.json["results"][0].clone() };
    // The preflight either engine sends (Chromium skips it for a few client
    // hints Firefox preflights), so that both are judged on server-b's answer.
    let mut plan = None;
    for engine in ["chromium", "firefox"] {
        let first = ask(json!({"request": request, "engine": engine})).await;
        plan = plan.or(first["preflight"].as_object().cloned());
    }
    let url = request["url"].as_str().unwrap();
    let mut exchange = json!({"request": request, "engine": "chromium"});
    if let Some(plan) = &plan {
        let mut options = app
            .client_for(url)
            .request(reqwest::Method::OPTIONS, url)
            .header("Origin", request["origin"].as_str().unwrap())
            .header(
                "Access-Control-Request-Method",
                plan["request_method"].as_str().unwrap(),
            );
        if let Some(names) = plan.get("request_headers").and_then(Value::as_str) {
            options = options.header("Access-Control-Request-Headers", names);
        }
        exchange["preflight"] = answer_of(options.send().await.unwrap()).await;
    }
    let before = ask(exchange.clone()).await;
    // The request either engine sends (Chromium cannot send a stream body
    // over HTTP/1.1; Firefox sends it as text): server-b's answer to it.
    let mut firefox = exchange.clone();
    firefox["engine"] = json!("firefox");
    let reached = before["reached_server"] == true || ask(firefox).await["reached_server"] == true;
    if reached {
        let method =
            reqwest::Method::from_bytes(request["method"].as_str().unwrap().as_bytes()).unwrap();
        let mut actual = app.client_for(url).request(method, url);
        if let Some(cookie) = cookie {
            actual = actual.header("Cookie", cookie);
        }
        for pair in before["request_headers"].as_array().unwrap() {
            actual = actual.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        }
        exchange["response"] = answer_of(actual.send().await.unwrap()).await;
    }
    exchange["engine"] = Value::Null;
    let both = explain(app, &exchange).await;
    both.json["results"].as_array().cloned().unwrap_or_default()
}

/// Checks the lines each engine logs against the step's expectation, read
/// through its JSON form: a key phrase of Chromium's line, or each engine's
/// lines whole with `{url}` and `{origin}` slots (and `{origin_as_https}`).
/// An https step is asked at server-b's https origin.
fn assert_console(name: &str, step: &lessons::Step, request: &Value, results: &[Value]) {
    let expect = serde_json::to_value(&step.expect).unwrap();
    let lines_of = |engine: &str| -> Vec<String> {
        let result = results.iter().find(|r| r["engine"] == engine).unwrap();
        let lines = result["console"].as_array().cloned().unwrap_or_default();
        lines
            .iter()
            .map(|l| l.as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let fill = |line: &Value| {
        let line = line.as_str().unwrap_or_default();
        let url = request["url"].as_str().unwrap();
        lessons::console::fill_console(line, url, request["origin"].as_str().unwrap())
    };
    match &expect["console"] {
        Value::String(phrase) => {
            let line = lines_of("chromium").first().cloned().unwrap_or_default();
            assert!(
                line.contains(phrase.as_str()),
                "{name}: {line:?} lacks {phrase:?}"
            );
        }
        Value::Object(engines) => {
            for (engine, expected) in engines {
                let expected: Vec<String> = match expected {
                    Value::Array(lines) => lines.iter().map(fill).collect(),
                    line => vec![fill(line)],
                };
                assert_eq!(lines_of(engine), expected, "{name} in {engine}");
            }
        }
        _ => {}
    }
}

/// Both engines' verdicts on server-b's answers, each engine's asked with
/// the session cookie that engine sends: once where they agree on it, once
/// per engine where their cookie rules differ.
async fn verdicts_of(app: &TestApp, step: &lessons::Step, request: &Value) -> Vec<Value> {
    let sends = |engine| {
        let sent = step.expect.session_cookie_sent;
        sent.is_some_and(|sent| sent.get(engine))
    };
    let mut results = Vec::new();
    for engine in lessons::Engine::ALL {
        if engine != lessons::Engine::Chromium && sends(engine) == sends(lessons::Engine::Chromium)
        {
            continue;
        }
        let cookie = match sends(engine) {
            true => Some(app.login(lab_tests::http::USER).await),
            false => None,
        };
        let all = judge_step(app, request, cookie.as_deref()).await;
        let agree = sends(lessons::Engine::Chromium) == sends(lessons::Engine::Firefox);
        let id = serde_json::to_value(engine).unwrap();
        results.extend(all.into_iter().filter(|r| agree || r["engine"] == id));
    }
    results
}

#[tokio::test]
async fn the_model_agrees_with_every_lesson_step_on_server_b_real_answers() {
    let app = spawn_app();
    let mut judged = 0;
    for lesson in lessons::catalogue().unwrap() {
        // The model judges CORS requests; no-cors steps have no CORS check.
        let cors_lab_steps = lesson
            .steps
            .iter()
            .filter(|s| s.lab().is_some() && s.mode == lessons::RequestMode::Cors)
            // A request an engine refuses before sending (a stream body in
            // WebKit) is no exchange to judge: `/explain` says so instead.
            .filter(|s| !s.expect.outcome.any(lessons::Outcome::Error));
        for step in cors_lab_steps {
            let name = format!("{}/{}", lesson.id, step.name);
            let request = step_request(&app, lesson, step);
            let results = verdicts_of(&app, step, &request).await;
            for result in &results {
                let engine: lessons::Engine = serde_json::from_value(result["engine"].clone())
                    .unwrap_or_else(|e| panic!("{name}: engine of {result}: {e}"));
                let expected = serde_json::to_value(step.expect.outcome.get(engine)).unwrap();
                assert_eq!(
                    result["verdict"],
                    expected,
                    "{name} in {}: {result}",
                    engine.label()
                );
                assert_eq!(
                    result["preflight"].is_object(),
                    step.expect.preflights.get(engine) > 0,
                    "{name} in {}",
                    engine.label()
                );
            }
            assert_console(&name, step, &request, &results);
            judged += 1;
        }
    }
    eprintln!("the model agrees with server-b on {judged} lab steps");
    assert!(judged >= 15, "only {judged} lab steps");
}
