//! The CORS Lab lesson catalogue.
//!
//! A lesson is written once, in `catalogue/NN-<id>.toml`: the page renders it,
//! server-b mounts its endpoints from it and the test suites iterate over it.

#![warn(missing_docs)]

pub mod answers;
pub mod api;
pub mod checks;
pub mod claim_translation;
pub mod claims;
pub mod console;
pub mod curl;
pub mod directory;
pub mod engines;
pub mod fetch_rules;
pub mod js_api;
pub mod model;
pub mod origin_rules;
pub mod origins;
pub mod outcome;
pub mod page_words;
mod policy_code;
pub mod prose;
mod step_file;
mod text_hash;
pub mod translation;
pub mod validate;
pub mod view;

use std::sync::LazyLock;

use anyhow::Context;

pub use api::{api_policy, SESSION_COOKIE};
pub use engines::{Engine, PerEngine};
pub use model::*;
pub use origins::Origins;

/// A lesson file that does not load: the message names the file and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CatalogueError(pub(crate) String);

static CATALOGUE: LazyLock<Result<Vec<Lesson>, CatalogueError>> = LazyLock::new(|| {
    let dir = directory::current();
    let loaded = directory::read(&dir).and_then(|files| {
        let named: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        load_all(&named).with_context(|| format!("the lessons in {}", dir.display()))
    });
    loaded.map_err(|e| CatalogueError(format!("{e:#}")))
});

/// Every lesson, in order, or the first error naming its file. The files are
/// read once, from [`directory::current`].
pub fn catalogue() -> Result<&'static [Lesson], CatalogueError> {
    CATALOGUE.as_deref().map_err(Clone::clone)
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<&'static Lesson> {
    catalogue().ok()?.iter().find(|lesson| lesson.id == id)
}

/// Parses and validates lesson files given as `(file name, contents)`.
pub fn load_all(files: &[(&str, &str)]) -> anyhow::Result<Vec<Lesson>> {
    let lessons = files
        .iter()
        .map(|(name, text)| parse(name, text))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut ids = std::collections::HashSet::new();
    for lesson in &lessons {
        anyhow::ensure!(
            ids.insert(&lesson.id),
            "two lessons have the id '{}'",
            lesson.id
        );
    }
    Ok(lessons)
}

/// Parses and validates one lesson file.
pub fn parse(file_name: &str, text: &str) -> anyhow::Result<Lesson> {
    let lesson: Lesson =
        toml::from_str(text).with_context(|| format!("lessons/catalogue/{file_name}"))?;
    validate::lesson(file_name, &lesson)
        .with_context(|| format!("lessons/catalogue/{file_name}"))?;
    Ok(lesson)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_loads() {
        let lessons = catalogue().unwrap();
        assert!(lessons.len() >= 16);
        assert_eq!(lessons[0].id, "same-origin");
    }

    fn error_of(file: &str, text: &str) -> String {
        format!("{:#}", load_all(&[(file, text)]).unwrap_err())
    }

    const MINIMAL: &str = r#"
id = "x"
title = "t"
summary = "s"
explanation = "e"
[[steps]]
name = "a"
title = "t"
path = "a"
[steps.policy]
kind = "none"
[steps.expect]
outcome = "allowed"
"#;

    #[test]
    fn a_minimal_lesson_is_valid() {
        assert_eq!(load_all(&[("01-x.toml", MINIMAL)]).unwrap()[0].id, "x");
    }

    #[test]
    fn broken_files_are_named() {
        let err = error_of("07-broken.toml", "id = ");
        assert!(err.contains("lessons/catalogue/07-broken.toml"), "{err}");
        let err = error_of("01-y.toml", MINIMAL);
        assert!(
            err.contains("01-y.toml") && err.contains("does not match"),
            "{err}"
        );
    }

    #[test]
    fn the_other_loopback_name_is_server_bs_and_over_http_only() {
        let other = MINIMAL.replace(
            "path = \"a\"",
            "path = \"a\"\nserver_name = \"other-loopback\"",
        );
        assert!(load_all(&[("01-x.toml", &other)]).is_ok());
        let page = other
            .replace("path = \"a\"", "path = \"/a\"\ntarget = \"page\"")
            .replace("[steps.policy]\nkind = \"none\"\n", "");
        let err = error_of("01-x.toml", &page);
        assert!(err.contains("server_name is server-b's"), "{err}");
        let https = other.replace("path = \"a\"", "path = \"a\"\nscheme = \"https\"");
        let err = error_of("01-x.toml", &https);
        assert!(err.contains("is for http"), "{err}");
    }

    #[test]
    fn open_credentials_go_together_and_with_xhr_only() {
        let xhr = MINIMAL.replace(
            "path = \"a\"",
            "path = \"a\"\napi = \"xhr\"\nxhr_user = \"u\"\nxhr_password = \"p\"",
        );
        let lesson = &load_all(&[("01-x.toml", &xhr)]).unwrap()[0];
        let open = lesson.steps[0]
            .xhr()
            .unwrap()
            .open_credentials
            .clone()
            .unwrap();
        assert_eq!((open.user.as_str(), open.password.as_str()), ("u", "p"));
        let alone = xhr.replace("\nxhr_password = \"p\"", "");
        assert!(error_of("01-x.toml", &alone).contains("go together"));
        let fetch = xhr.replace("api = \"xhr\"", "api = \"fetch\"");
        assert!(error_of("01-x.toml", &fetch).contains("need api = \"xhr\""));
    }

    #[test]
    fn the_third_party_setting_changes_only_cookies_the_step_names() {
        let step = MINIMAL
            .replace("path = \"a\"", "path = \"a\"\nfrom = \"attacker\"")
            .replace(
                "outcome = \"allowed\"",
                "outcome = \"allowed\"\ncookies_withheld = [\"c\"]\n\
                 [steps.expect.with_third_party_cookies]\ncookies_sent = [\"c\"]",
            );
        let lesson = &load_all(&[("01-x.toml", &step)]).unwrap()[0];
        let allowed = lesson.steps[0].expect.with_third_party_cookies_allowed();
        assert!(allowed.cookie_claims()[0].1.get(Engine::Firefox));
        let other = step.replace("cookies_sent = [\"c\"]", "cookies_sent = [\"d\"]");
        let err = error_of("01-x.toml", &other);
        assert!(err.contains("sends d: name it"), "{err}");
    }

    #[test]
    fn a_cookie_is_sent_or_withheld_never_both() {
        let both = MINIMAL.replace(
            "outcome = \"allowed\"",
            "outcome = \"allowed\"\ncookies_sent = [\"c\"]\ncookies_withheld = [\"c\"]",
        );
        let err = error_of("01-x.toml", &both);
        assert!(
            err.contains("both in cookies_sent and cookies_withheld"),
            "{err}"
        );
        let withheld = MINIMAL.replace(
            "outcome = \"allowed\"",
            "outcome = \"allowed\"\ncookies_sent = { chromium = [\"c\"], firefox = [], webkit = [] }\n\
             cookies_withheld = { chromium = [], firefox = [\"c\"], webkit = [\"c\"] }",
        );
        let lesson = &load_all(&[("01-x.toml", &withheld)]).unwrap()[0];
        let claims = lesson.steps[0].expect.cookie_claims();
        assert_eq!(claims.len(), 1);
        assert!(claims[0].1.get(Engine::Chromium));
        assert!(!claims[0].1.get(Engine::Firefox));
    }

    #[test]
    fn expectations_must_agree_with_the_fetch_rules() {
        let json_post = MINIMAL.replace(
            "path = \"a\"",
            "path = \"a\"\nmethod = \"POST\"\nheaders = { \"Content-Type\" = \"application/json\" }",
        );
        let err = error_of("01-x.toml", &json_post);
        assert!(err.contains("Chromium preflights"), "{err}");
        let dpr = MINIMAL.replace("path = \"a\"", "path = \"a\"\nheaders = { DPR = \"2\" }");
        let err = error_of("01-x.toml", &dpr);
        assert!(err.contains("Firefox preflights"), "{err}");
        let per_engine = dpr.replace(
            "outcome = \"allowed\"",
            "outcome = \"allowed\"\npreflights = { chromium = 0, firefox = 1, webkit = 1 }",
        );
        assert!(load_all(&[("01-x.toml", &per_engine)]).is_ok());
        let ok = json_post.replace(
            "outcome = \"allowed\"",
            "outcome = \"allowed\"\npreflights = 1",
        );
        assert!(load_all(&[("01-x.toml", &ok)]).is_ok());
    }

    #[test]
    fn blocked_steps_must_name_the_console_message() {
        let blocked = MINIMAL.replace("\"allowed\"", "\"blocked\"");
        assert!(error_of("01-x.toml", &blocked).contains("console"));
        let chromium_only =
            format!("{blocked}[steps.expect.console]\nchromium = \"at '{{url}}'\"\n");
        assert!(error_of("01-x.toml", &chromium_only).contains("firefox"));
        let two = format!("{chromium_only}firefox = \"at {{url}}.\"\n");
        assert!(error_of("01-x.toml", &two).contains("webkit"));
        let both =
            format!("{two}webkit = [\"Origin {{origin}} is not allowed.\", \"at {{url}}.\"]\n");
        assert!(load_all(&[("01-x.toml", &both)]).is_ok());
        let allowed = both.replace("\"blocked\"", "\"allowed\"");
        assert!(error_of("01-x.toml", &allowed).contains("logs no CORS console line"));
    }

    #[test]
    fn bad_header_names_and_values_fail_with_the_file_name() {
        let split = MINIMAL.replace(
            "path = \"a\"",
            "path = \"a\"\nresponse_headers = { \"X-Note\" = \"a\\r\\nSet-Cookie: x=1\" }",
        );
        let err = error_of("01-x.toml", &split);
        assert!(err.contains("01-x.toml") && err.contains("X-Note"), "{err}");
        let bad_name = MINIMAL.replace(
            "kind = \"none\"",
            "kind = \"literal\"\nheaders = { \"Access Control\" = \"*\" }",
        );
        let err = error_of("01-x.toml", &bad_name);
        assert!(err.contains("not a valid header name"), "{err}");
    }

    #[test]
    fn prose_cannot_hard_code_the_lab_origins() {
        let hard_coded = MINIMAL.replace(
            "explanation = \"e\"",
            "explanation = \"Origin: http://localhost:8080\"",
        );
        let err = error_of("01-x.toml", &hard_coded);
        assert!(
            err.contains("01-x.toml") && err.contains("'localhost:8080' hard-codes"),
            "{err}"
        );
        let step_title =
            MINIMAL.replace("title = \"t\"\npath", "title = \"to localhost:8081\"\npath");
        assert!(error_of("01-x.toml", &step_title).contains("'localhost:8081' hard-codes"));
        let placeholder = MINIMAL.replace(
            "explanation = \"e\"",
            "explanation = \"Origin: {page_origin}\"",
        );
        assert!(load_all(&[("01-x.toml", &placeholder)]).is_ok());
    }

    #[test]
    fn a_stream_body_is_fetch_only_preflighted_in_chromium_refused_in_webkit() {
        let stream = MINIMAL.replace(
            "path = \"a\"",
            "path = \"a\"\nmethod = \"POST\"\nbody = \"hi\"\nbody_kind = \"stream\"",
        );
        let err = error_of("01-x.toml", &stream);
        assert!(err.contains("needs api = \"fetch\""), "{err}");
        let xhr = stream.replace("body_kind", "api = \"xhr\"\nbody_kind");
        assert!(error_of("01-x.toml", &xhr).contains("needs api = \"fetch\""));
        let fetch = stream.replace("body_kind", "api = \"fetch\"\nbody_kind");
        let err = error_of("01-x.toml", &fetch);
        assert!(err.contains("WebKit refuses"), "{err}");
        let refused = fetch.replace(
            "outcome = \"allowed\"",
            "outcome = { chromium = \"allowed\", firefox = \"allowed\", webkit = \"error\" }\n\
             requests = { chromium = 1, firefox = 1, webkit = 0 }",
        );
        assert!(error_of("01-x.toml", &refused).contains("Chromium preflights"));
        let per_engine = refused.replace(
            "webkit = 0 }",
            "webkit = 0 }\npreflights = { chromium = 1, firefox = 0, webkit = 0 }",
        );
        assert!(load_all(&[("01-x.toml", &per_engine)]).is_ok());
        let no_body = per_engine.replace("body = \"hi\"\n", "");
        assert!(error_of("01-x.toml", &no_body).contains("needs a body"));
    }

    #[test]
    fn an_outcome_per_engine_needs_console_lines_where_it_blocks_only() {
        let split = MINIMAL.replace(
            "outcome = \"allowed\"",
            "outcome = { chromium = \"blocked\", firefox = \"allowed\", webkit = \"allowed\" }",
        );
        assert!(error_of("01-x.toml", &split).contains("console line"));
        let both = format!(
            "{split}[steps.expect.console]\nchromium = \"at {{url}}\"\nfirefox = \"at {{url}}\"\nwebkit = []\n"
        );
        assert!(error_of("01-x.toml", &both).contains("allowed step logs no Firefox"));
        let right = both.replace("firefox = \"at {url}\"", "firefox = []");
        let lessons = load_all(&[("01-x.toml", &right)]).unwrap();
        let expect = &lessons[0].steps[0].expect;
        assert_eq!(expect.outcome.get(Engine::Firefox), Outcome::Allowed);
        assert_eq!(expect.outcome.get(Engine::Chromium), Outcome::Blocked);
    }

    #[test]
    fn an_origin_regex_that_does_not_compile_names_the_file() {
        let bad = MINIMAL.replace(
            "kind = \"none\"",
            "kind = \"actix-cors\"\norigins = { regex = \"^http://(app\" }",
        );
        let err = error_of("05-x.toml", &bad);
        assert!(
            err.contains("05-x.toml") && err.contains("origin regex does not compile"),
            "{err}"
        );
    }

    /// A field that belongs to another kind of step does not parse, and the
    /// error names the file and the step.
    #[test]
    fn fields_of_another_kind_of_step_are_refused() {
        let no_policy = MINIMAL.replace("[steps.policy]\nkind = \"none\"\n", "");
        let err = error_of("01-x.toml", &no_policy);
        assert!(
            err.contains("01-x.toml") && err.contains("step 'a': a lab step needs a [policy]"),
            "{err}"
        );
        let api = MINIMAL.replace("path = \"a\"", "target = \"api\"\npath = \"/api/a\"");
        let err = error_of("01-x.toml", &api);
        assert!(err.contains("only lab steps have a policy"), "{err}");
        let page = no_policy.replace("path = \"a\"", "target = \"page\"\npath = \"/a\"");
        assert!(load_all(&[("01-x.toml", &page)]).is_ok());
        let headers = page.replace("path = \"/a\"", "path = \"/a\"\npreflight_answer = 503");
        let err = error_of("01-x.toml", &headers);
        assert!(err.contains("only lab steps set response headers"), "{err}");
        let upload = MINIMAL.replace("path = \"a\"", "path = \"a\"\nupload_listener = true");
        let err = error_of("01-x.toml", &upload);
        assert!(err.contains("upload_listener needs api = \"xhr\""), "{err}");
        let xhr = upload
            .replace("path = \"a\"", "path = \"a\"\napi = \"xhr\"")
            .replace(
                "outcome = \"allowed\"",
                "outcome = \"allowed\"\npreflights = 1",
            );
        let lessons = load_all(&[("01-x.toml", &xhr)]).unwrap();
        assert!(lessons[0].steps[0].upload_listener());
    }

    #[test]
    fn unknown_fields_are_refused() {
        let typo = MINIMAL.replace("outcome =", "outcme = \"x\"\noutcome =");
        assert!(error_of("01-x.toml", &typo).contains("outcme"));
    }
}
