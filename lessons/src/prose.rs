//! Prose that follows the real origins. The lab runs on whatever ports it is
//! given (`LAB_A_PORT`, `LAB_B_PORT`, the random ports of the tests), so a
//! lesson never writes `localhost:8080`: it writes a placeholder, which server-a
//! fills in with the origins the browser really uses when it serves
//! `/lessons.json`. The catalogue refuses a hard-coded loopback port when it
//! loads, so a lesson cannot drift back to 8080 / 8081.

use anyhow::{bail, ensure, Result};

use std::borrow::Cow;

use crate::model::{
    as_https, Lesson, Policy, PAGE_ORIGIN_AS_HTTPS_PLACEHOLDER, PAGE_ORIGIN_PLACEHOLDER,
};
use crate::origins::Origins;

/// What the prose says for server-b's other loopback name when the lab is
/// not on loopback.
const OTHER_NAME_NOT_SERVED: &str = "(server-b under another name: only on localhost)";

/// Picks the origin (or host) a placeholder stands for.
type Pick = fn(&Origins) -> Cow<'_, str>;

/// Each placeholder, with what it stands for. `{page_origin}` and
/// `{page_origin_as_https}` are also the ones literal policies use in header
/// values (server-b fills those in).
const PLACEHOLDERS: [(&str, Pick); 11] = [
    (PAGE_ORIGIN_PLACEHOLDER, |o| o.page.as_str().into()),
    (PAGE_ORIGIN_AS_HTTPS_PLACEHOLDER, |o| {
        as_https(&o.page).into()
    }),
    ("{other_origin}", |o| o.other_page.as_str().into()),
    ("{api_origin}", |o| o.api.as_str().into()),
    ("{api_other_origin}", |o| {
        o.other_api
            .as_deref()
            .unwrap_or(OTHER_NAME_NOT_SERVED)
            .into()
    }),
    ("{api_tls_origin}", |o| o.api_tls_or_say().into()),
    ("{page_host}", |o| host(&o.page).into()),
    ("{api_host}", |o| host(&o.api).into()),
    ("{api_tls_host}", |o| host(o.api_tls_or_say()).into()),
    ("{attacker_origin}", |o| o.attacker_page.as_str().into()),
    ("{attacker_port}", |o| port(&o.attacker_page).into()),
];

/// `8082` from `http://localhost:8082`.
fn port(origin: &str) -> &str {
    origin.rsplit_once(':').map_or("", |(_, port)| port)
}

/// `localhost:8080` from `http://localhost:8080`: what a `Host` header holds.
fn host(origin: &str) -> &str {
    origin.split_once("://").map_or(origin, |(_, host)| host)
}

/// The text with every placeholder replaced by its origin.
pub fn fill(text: &str, origins: &Origins) -> String {
    PLACEHOLDERS
        .iter()
        .fold(text.to_owned(), |text, (placeholder, origin)| {
            text.replace(placeholder, &origin(origins))
        })
}

/// The lesson as a learner reads it: its title, summary, explanation, notes
/// and step titles written with the real origins.
pub fn fill_lesson(lesson: &Lesson, origins: &Origins) -> Lesson {
    let mut lesson = lesson.clone();
    for text in prose_of(&mut lesson) {
        *text = fill(text, origins);
    }
    lesson
}

/// Refuses prose that names a loopback origin with its port, and placeholders
/// that do not exist (a typo would reach the page as `{page_orgin}`).
pub fn check_lesson(lesson: &Lesson) -> Result<()> {
    // A copy, because prose_of lists the fields once, for filling them in too.
    let mut lesson = lesson.clone();
    for text in prose_of(&mut lesson) {
        check_text(text)?;
    }
    for step in &lesson.steps {
        if let Some(Policy::Literal { headers }) = step.lab().map(|lab| &lab.policy) {
            headers
                .values()
                .try_for_each(|value| literal_value(value))?;
        }
    }
    Ok(())
}

/// server-b fills in a literal policy's header values with the page's origin
/// (as it is, or as https) only: the other placeholders would reach the
/// browser as written.
fn literal_value(value: &str) -> Result<()> {
    check_text(value)?;
    let rest = value
        .replace(PAGE_ORIGIN_AS_HTTPS_PLACEHOLDER, "")
        .replace(PAGE_ORIGIN_PLACEHOLDER, "");
    ensure!(
        PLACEHOLDERS.iter().all(|(name, _)| !rest.contains(name)),
        "a literal header value may name {PAGE_ORIGIN_PLACEHOLDER} or \
         {PAGE_ORIGIN_AS_HTTPS_PLACEHOLDER} only: '{value}'"
    );
    Ok(())
}

/// Every piece of a lesson written for people.
fn prose_of(lesson: &mut Lesson) -> impl Iterator<Item = &mut String> {
    [
        &mut lesson.title,
        &mut lesson.summary,
        &mut lesson.explanation,
    ]
    .into_iter()
    .chain(
        lesson
            .browsers
            .iter_mut()
            .flat_map(|notes| notes.texts_mut()),
    )
    .chain(lesson.steps.iter_mut().map(|step| &mut step.title))
}

/// Refuses a loopback host written with its port, and an unknown placeholder.
pub fn check_text(text: &str) -> Result<()> {
    for host in ["localhost:", "127.0.0.1:"] {
        for (at, _) in text.match_indices(host) {
            let port = text[at + host.len()..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if port > 0 {
                let quote = &text[at..at + host.len() + port];
                bail!(
                    "'{quote}' hard-codes a port the lab may not run on: write {}",
                    names()
                );
            }
        }
    }
    for (at, _) in text.match_indices('{') {
        let name = text[at..].split_inclusive('}').next().unwrap_or_default();
        ensure!(
            !looks_like_a_placeholder(name) || PLACEHOLDERS.iter().any(|(known, _)| *known == name),
            "no placeholder {name}: write {}",
            names()
        );
    }
    Ok(())
}

/// `{words_with_underscores}`: the placeholders' shape. Code in the prose
/// (`{ method: "POST" }`, `/api/notes/{id}`) never has it.
fn looks_like_a_placeholder(text: &str) -> bool {
    let Some(name) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
        return false;
    };
    name.contains('_')
        && name
            .split('_')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()))
}

fn names() -> String {
    let names: Vec<&str> = PLACEHOLDERS.iter().map(|(name, _)| *name).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins() -> Origins {
        Origins::seen_from("http://localhost:9080", "http://localhost:9081")
    }

    #[test]
    fn placeholders_become_the_real_origins() {
        let text = "GET / HTTP/1.1\nHost: {api_host}\nOrigin: {page_origin}\n\
                    from {other_origin} to {api_origin}, {page_host}";
        assert_eq!(
            fill(text, &origins()),
            "GET / HTTP/1.1\nHost: localhost:9081\nOrigin: http://localhost:9080\n\
             from http://127.0.0.1:9080 to http://localhost:9081, localhost:9080"
        );
    }

    #[test]
    fn hard_coded_loopback_ports_are_refused() {
        for bad in [
            "this page's is `http://localhost:8080`",
            "Host: localhost:8081",
            "from http://127.0.0.1:8080",
        ] {
            let err = check_text(bad).unwrap_err().to_string();
            assert!(
                err.contains("hard-codes") && err.contains("{page_origin}"),
                "{err}"
            );
        }
        // A host without a port is another origin the lessons may name.
        check_text("`http://localhost` is not `{page_origin}`").unwrap();
        check_text("`DELETE /api/notes/{id}` and fetch(url, { method })").unwrap();
    }

    #[test]
    fn unknown_placeholders_are_refused() {
        let err = check_text("Origin: {page_orgin}").unwrap_err().to_string();
        assert!(err.contains("no placeholder {page_orgin}"), "{err}");
    }

    #[test]
    fn every_lesson_is_written_with_placeholders() {
        for lesson in crate::catalogue().unwrap() {
            check_lesson(lesson).unwrap();
            let filled = fill_lesson(lesson, &origins());
            let text = format!("{filled:?}");
            assert!(
                !text.contains(":8080") && !text.contains(":8081"),
                "{}",
                lesson.id
            );
        }
    }
}
