//! Firefox translates its console: run in Russian and in Chinese (Debian's
//! language packs), it logs each blocked step's lines in that language,
//! whole as the model's templates write them (the catalogue's en-US line,
//! through `cors_model::console::firefox_line_in`), read from its console
//! service; and the page, in the same language, shows the line Firefox
//! logged. Chromium and WebKit never translate theirs.

use cors_model::console::{firefox_line_in, FirefoxLocale};
use lab_tests::browser::Browser;
use lab_tests::spawn_app;
use serde_json::{json, Value};

use super::{click_run, open_page};

/// Lessons whose blocked steps cover a missing header, a refused preflight
/// (two lines), a method, the wildcard with credentials and credentials.
const LESSONS: [&str; 4] = [
    "no-cors-headers",
    "preflight-headers",
    "preflight-methods",
    "credentials-wildcard",
];

#[tokio::test]
async fn firefox_logs_its_lines_in_its_language() {
    for (tag, locale, code) in [
        ("ru", FirefoxLocale::Ru, "ru"),
        ("zh-CN", FirefoxLocale::ZhCn, "zh"),
    ] {
        let Some(browser) = Browser::start_firefox_in(tag).await else {
            return;
        };
        let lab = spawn_app();
        let mut checked = 0;
        for id in LESSONS {
            open_page(&browser, &lab, &format!("?lang={code}#/{id}")).await;
            browser.console().await;
            let root = format!("[data-lesson=\"{id}\"]");
            click_run(&browser, &root).await;
            let shown = shown_lines(&browser, &root, code).await;
            let expected = expected_lines(id, &shown, locale);
            let logged = browser.console_until_logged(&expected).await;
            for line in &expected {
                assert!(
                    logged.iter().any(|m| m == line),
                    "{id} ({tag}): Firefox did not log\n  {line}\nit logged {logged:#?}"
                );
                checked += 1;
            }
        }
        eprintln!("Firefox in {tag}: {checked} translated lines logged as the model writes them");
        assert!(checked >= 8, "{checked}");
        browser.quit().await;
    }
}

/// Each blocked step's Firefox lines as the page shows them: en-US, and in
/// the page's language.
async fn shown_lines(browser: &Browser, root: &str, code: &str) -> Vec<(String, String)> {
    let shown = browser
        .run_async(
            "const [root, code, done] = arguments;
             const text = (step, id) => {
               const figure = step.querySelector(`[data-console-line=\"${id}\"] code`);
               return figure ? figure.textContent : null;
             };
             done([...document.querySelectorAll(root + ' .step')]
               .map(step => [text(step, 'firefox'), text(step, 'firefox-' + code)])
               .filter(([english, translated]) => english !== null || translated !== null));",
            vec![json!(root), json!(code)],
        )
        .await;
    shown
        .as_array()
        .unwrap()
        .iter()
        .map(|pair: &Value| {
            let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
            (text(&pair[0]), text(&pair[1]))
        })
        .collect()
}

/// The translated lines the model writes for the en-US lines the page
/// showed, which must be the ones it shows in the page's language.
fn expected_lines(id: &str, shown: &[(String, String)], locale: FirefoxLocale) -> Vec<String> {
    let mut expected = Vec::new();
    for (english, translated) in shown {
        let model: Vec<String> = english
            .lines()
            .map(|line| firefox_line_in(locale, line).expect("a template writes it"))
            .collect();
        let page: Vec<String> = translated.lines().map(str::to_owned).collect();
        assert_eq!(model, page, "{id}: the page shows");
        expected.extend(model);
    }
    assert!(!expected.is_empty(), "{id}: no translated line shown");
    expected
}
