//! `POST /explain-error` on server-a: pasted console text read back by the
//! model. The contract (one report per line about CORS, the playground
//! link on the page's own origin, clear 400s) is held here; the lines the
//! browsers really log are held to the reader in the browser suites.

use cors_model::console::FirefoxLocale;
use lab_tests::http::{send, Reply};
use lab_tests::{spawn_app, TestApp};
use serde_json::{json, Value};

async fn explain_error(app: &TestApp, body: &Value) -> Reply {
    send(app.client().post(app.page_url("/explain-error")).json(body)).await
}

#[tokio::test]
async fn a_pasted_block_gets_one_report_per_line_about_cors() {
    let app = spawn_app();
    let url = format!("{}/api/notes", app.api);
    let text = format!(
        "app.js:3 Access to XMLHttpRequest at '{url}' from origin '{}' has been blocked by CORS policy: \
         Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.\n\
         app.js:3  DELETE {url} net::ERR_FAILED\n\
         Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}. \
         (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).\n\
         Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}. \
         (Reason: CORS request did not succeed). Status code: (null).",
        app.page
    );
    let reply = explain_error(&app, &json!({ "text": text })).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let reports = reply.json.as_array().unwrap();
    let kinds: Vec<&Value> = reports.iter().map(|r| &r["failure"]).collect();
    assert_eq!(
        kinds,
        [
            &json!({"kind": "method-not-allowed", "method": "DELETE"}),
            &Value::Null,
            &json!({"kind": "method-not-allowed"}),
            &Value::Null
        ]
    );
    let chromium = &reports[0];
    assert_eq!(
        (&chromium["engine"], &chromium["api"], &chromium["stage"]),
        (&json!("chromium"), &json!("xhr"), &json!("preflight"))
    );
    assert_eq!(chromium["origin"], app.page.as_str());
    assert_eq!(chromium["url"], url.as_str());
    let link = chromium["link"].as_str().unwrap();
    assert!(
        link.starts_with(&format!("{}/#/playground?s=", app.page)),
        "{link}"
    );
    assert!(chromium["fix"]["actix"]
        .as_str()
        .unwrap()
        .contains("allowed_methods(vec![\"DELETE\"])"));
    // Firefox's pair tells the stage; neither line names the page's origin.
    let firefox = &reports[2];
    assert_eq!(
        (&firefox["stage"], &firefox["origin"]),
        (&json!("preflight"), &Value::Null)
    );
    assert!(reports[3]["explanation"]
        .as_str()
        .unwrap()
        .contains("did not complete"));
}

/// Firefox's lines in Russian and Chinese (its language packs) read as
/// its en-US ones do: the engine, the check, and the preflight told by the
/// second line.
#[tokio::test]
async fn firefox_lines_in_russian_and_chinese_are_read() {
    let app = spawn_app();
    let url = format!("{}/api/notes", app.api);
    for locale in [FirefoxLocale::Ru, FirefoxLocale::ZhCn] {
        let failure = cors_model::Failure::MethodNotAllowed {
            method: "DELETE".into(),
        };
        let at = cors_model::console::Context {
            url: &url,
            redirected_from: None,
            origin: &app.page,
            status: 200,
        };
        let lines =
            cors_model::console::firefox_lines(locale, cors_model::Stage::Preflight, &failure, at);
        let reply = explain_error(&app, &json!({ "text": lines.join("\n") })).await;
        assert_eq!(reply.status, 200, "{:?}", reply.json);
        let first = &reply.json[0];
        assert_eq!(
            (&first["engine"], &first["stage"], &first["failure"]["kind"]),
            (
                &json!("firefox"),
                &json!("preflight"),
                &json!("method-not-allowed")
            ),
            "{locale:?}: {}",
            reply.json
        );
        assert_eq!(first["url"], url.as_str(), "{locale:?}");
    }
}

#[tokio::test]
async fn text_with_no_cors_line_says_so_and_bad_input_is_named() {
    let app = spawn_app();
    let reply = explain_error(
        &app,
        &json!({"text": "Uncaught SyntaxError: Unexpected token '<'"}),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json.as_array().unwrap().len(), 1);
    assert_eq!(reply.json[0]["failure"], Value::Null);
    assert!(reply.json[0]["explanation"]
        .as_str()
        .unwrap()
        .contains("No line here"));
    for (body, field) in [
        (json!({"text": "  "}), "text"),
        (json!({"txt": "x"}), "txt"),
        (json!({"text": 3}), "text"),
        (json!([]), "body"),
    ] {
        let reply = explain_error(&app, &body).await;
        assert_eq!(reply.status, 400, "{body}");
        assert_eq!(reply.json["field"], field, "{body}: {:?}", reply.json);
    }
    let huge = "Cross-Origin Request Blocked: x. ".repeat(3000);
    let reply = explain_error(&app, &json!({ "text": huge })).await;
    assert!(matches!(reply.status, 400 | 413), "{}", reply.status);
}

/// `?lang=` sets the language of what a pasted line means and of its fix;
/// the line itself, the engine, the failure and the link stay as they are.
#[tokio::test]
async fn the_meaning_and_the_fix_come_in_the_language_asked() {
    use cors_model::text::in_script;
    use cors_model::Language;
    let app = spawn_app();
    let url = format!("{}/api/notes", app.api);
    let line = format!(
        "Access to fetch at '{url}' from origin '{}' has been blocked by CORS policy: Request header \
         field x-token is not allowed by Access-Control-Allow-Headers in preflight response.",
        app.page
    );
    let ask = |lang: &'static str| {
        let url = format!("{}{lang}", app.page_url("/explain-error"));
        send(app.client().post(url).json(&json!({ "text": line })))
    };
    let english = ask("").await;
    assert_eq!(english.status, 200, "{:?}", english.json);
    assert_eq!(english.header("content-language"), Some("en"));
    let report = &english.json[0];
    assert!(
        report["explanation"].as_str().unwrap().starts_with(
            "The preflight (OPTIONS) failed, so the browser never sent the request itself."
        ),
        "{report}"
    );
    assert_eq!(
        report["fix"]["text"],
        "List x-token in Access-Control-Allow-Headers (or stop sending it)."
    );
    for (lang, language) in [("?lang=ru", Language::Ru), ("?lang=zh", Language::Zh)] {
        let reply = ask(lang).await;
        assert_eq!(reply.status, 200, "{:?}", reply.json);
        assert_eq!(reply.header("content-language"), Some(language.code()));
        let theirs = &reply.json[0];
        for words in [&theirs["explanation"], &theirs["fix"]["text"]] {
            let words = words.as_str().unwrap();
            assert!(in_script(words, language), "{lang}: {words}");
            assert!(words.contains("x-token"), "{lang}: {words}");
            assert!(
                words.contains("Access-Control-Allow-Headers"),
                "{lang}: {words}"
            );
        }
        for same in [
            "engine", "api", "url", "origin", "stage", "failure", "link", "line",
        ] {
            assert_eq!(theirs[same], report[same], "{lang}: {same}");
        }
        assert_eq!(theirs["fix"]["actix"], report["fix"]["actix"]);
    }
}
