//! The page speaks the learner's language: opened in a browser whose
//! language is Russian or Chinese (Chromium's `--lang`, Firefox's
//! `intl.accept_languages`, WebKit's `LANGUAGE`), it asks server-a for the
//! lessons in that language, says so in `<html lang>`, and lists the
//! lessons under their translated titles; its switch turns it to English,
//! puts `?lang=en` in the address, and is remembered over the browser's
//! language.

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

        // The switch: English, then remembered over the browser's language.
        browser
            .eval("document.querySelector('nav.languages [data-language=\"en\"]').click()")
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
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
