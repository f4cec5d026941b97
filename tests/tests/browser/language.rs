//! The page speaks the learner's language: opened in a browser whose
//! language is Russian or Chinese (Chromium's `--lang`, Firefox's
//! `intl.accept_languages`, WebKit's `LANGUAGE`), it asks server-a for the
//! lessons in that language, says so in `<html lang>`, and lists the
//! lessons under their translated titles; a run's result view is in that
//! language too (its headings, its table, its outcome: the words server-a
//! serves for it), and so are the model's words it asks server-a for ("Paste
//! an error"); its switch turns it to English, puts `?lang=en` in the
//! address, and is remembered over the browser's language.

use lab_tests::browser::{Browser, Engine};
use lab_tests::spawn_app;
use lessons::translation::{self, Language};
use serde_json::{json, Value};

/// What the page says of its language, and the lesson list's text.
async fn spoken(browser: &Browser) -> Value {
    lab_tests::browser::lab_page_ready(&browser.client).await;
    browser
        .run_async(
            "const done = arguments[0];
             window.lab.ready.then(() => done({
               html: document.documentElement.lang,
               language: window.lab.language,
               search: location.search,
               list: document.querySelector('nav.lessons').textContent,
             }));",
            vec![],
        )
        .await
}

/// Runs a lesson on its own view and reads the result view's words: the
/// headings, the table's caption, the outcome line.
async fn result_view(browser: &Browser, lab: &lab_tests::TestApp, id: &str) -> Value {
    browser.goto(&lab.page_url(&format!("/#/{id}"))).await;
    lab_tests::browser::lab_page_ready(&browser.client).await;
    browser
        .run_async(
            "const [id, done] = arguments;
             window.lab.ready.then(() => window.lab.run(id)).then(() => {
               const root = document.querySelector(`[data-lesson=\"${id}\"]`);
               done({
                 headings: [...root.querySelectorAll('[data-result] h5')].map((h) => h.textContent),
                 captions: [...root.querySelectorAll('[data-result] caption')].map((c) => c.textContent),
                 outcome: root.querySelector('[data-outcome]').textContent,
                 run: root.querySelector('[data-run]').textContent,
               });
             }, (e) => done({ error: String(e) }));",
            vec![json!(id)],
        )
        .await
}

/// The page's words in `code`, as server-a serves them.
async fn words_in(lab: &lab_tests::TestApp, code: &str) -> Value {
    let url = lab.page_url(&format!("/words.json?lang={code}"));
    lab.client()
        .get(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The result view of a blocked lesson speaks `code`: each heading and
/// the outcome are the words served for it, which are not the English ones.
async fn the_result_view_speaks(browser: &Browser, lab: &lab_tests::TestApp, code: &str) {
    let (words, english) = (words_in(lab, code).await, words_in(lab, "en").await);
    let seen = result_view(browser, lab, "no-cors-headers").await;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let headings: Vec<String> = seen["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(text)
        .collect();
    for key in ["result.javascript_got", "result.wire", "result.console"] {
        assert_ne!(words[key], english[key], "{key} is translated into {code}");
        assert!(
            headings.contains(&text(&words[key])),
            "{code}: {key} in {seen}"
        );
    }
    assert!(
        text(&seen["outcome"]).starts_with(&text(&words["outcome.blocked"])),
        "{code}: {seen}"
    );
    assert_eq!(seen["run"], words["lesson.run"], "{seen}");
    let captions = seen["captions"].as_array().unwrap();
    assert!(
        !captions.is_empty() && captions.iter().all(|c| *c == words["result.checks_hold"]),
        "{code}: every step as the lesson says, in its words: {seen}"
    );
}

/// server-a's explanation of a console line, in `lang`.
async fn explained(lab: &lab_tests::TestApp, line: &str, lang: &str) -> Value {
    let url = lab.page_url(&format!("/explain-error?lang={lang}"));
    let reply = lab
        .client()
        .post(url)
        .json(&json!({ "text": line }))
        .send()
        .await
        .unwrap();
    let reports: Value = reply.json().await.unwrap();
    reports[0]["explanation"].clone()
}

/// "Paste an error" asks server-a in the page's language: the explanation
/// the page gets is the one `/explain-error?lang=<code>` gives, not the
/// English one.
async fn the_model_speaks(browser: &Browser, lab: &lab_tests::TestApp, code: &str) {
    let line = format!(
        "Access to fetch at '{}/api/notes' from origin '{}' has been blocked by CORS policy: \
         No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        lab.api, lab.page
    );
    let (theirs, english) = (
        explained(lab, &line, code).await,
        explained(lab, &line, "en").await,
    );
    assert_ne!(theirs, english, "{code}: the model's words are translated");
    let seen = browser
        .run_async(
            "const [text, done] = arguments;
             window.lab.explainError(text).then((r) => done(r[0].explanation), (e) => done(String(e)));",
            vec![json!(line)],
        )
        .await;
    assert_eq!(seen, theirs, "{code}: the page asks in its language");
}

/// Waits until the switch's navigation has made `?lang=en` the address (a
/// script run before that could land on the page being left), at most 10 s.
async fn navigated_to_english(browser: &Browser) {
    for _ in 0..100 {
        let url = browser.client.current_url().await.expect("the page's URL");
        if url.query().is_some_and(|q| q.contains("lang=en")) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the switch did not navigate to ?lang=en");
}

/// The first lesson's title in `language` (its overlay's, or the English).
fn first_title(language: Language) -> String {
    let lesson = &lessons::catalogue().unwrap()[0];
    translation::lesson_in(lesson, language).title
}

pub async fn the_page_speaks_the_browsers_language(engine: Engine) {
    let lab = spawn_app();
    for (tag, language) in [("ru", Language::Ru), ("zh-CN", Language::Zh)] {
        let Some(browser) = Browser::start_in_language(engine, tag).await else {
            return;
        };
        browser.goto(&lab.page_url("/")).await;
        let page = spoken(&browser).await;
        let code = language.code();
        assert_eq!(page["html"], json!(tag), "{}: {page}", engine.label());
        assert_eq!(page["language"], json!(code), "{page}");
        let (translated, english) = (first_title(language), first_title(Language::En));
        assert_ne!(translated, english, "lesson 1 is translated into {code}");
        let list = page["list"].as_str().unwrap();
        assert!(
            list.contains(&translated) && !list.contains(&english),
            "{list}"
        );
        the_result_view_speaks(&browser, &lab, code).await;
        the_model_speaks(&browser, &lab, code).await;

        // The switch: English, then remembered over the browser's language.
        browser
            .eval("document.querySelector('nav.languages [data-language=\"en\"]').click()")
            .await;
        navigated_to_english(&browser).await;
        let page = spoken(&browser).await;
        assert_eq!(
            page["search"], "?lang=en",
            "the switch puts it in the address"
        );
        assert_eq!(page["html"], "en", "{page}");
        browser.goto(&lab.page_url("/")).await;
        let page = spoken(&browser).await;
        assert_eq!(page["html"], "en", "remembered: {page}");
        assert!(page["list"].as_str().unwrap().contains(&english), "{page}");
        browser.quit().await;
    }
}
