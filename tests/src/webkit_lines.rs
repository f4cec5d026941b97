//! WebKit's two console lines for a blocked request, told apart by their
//! order. WebKit logs the reason first, and a CORS check's reason names no
//! URL ("Origin http://localhost:8080 is not allowed by
//! Access-Control-Allow-Origin. Status code: 200"); the API's line follows,
//! naming the URL and no reason ("Fetch API cannot load … due to access
//! control checks."). So a suite that picks a request's lines by its URL, or
//! WebKit's CORS lines by the API line's ending, finds the reason only as
//! the line just before: [`reason_for`] gives it, [`with_reasons`] adds it to
//! the lines a suite picks.
//!
//! Both work on whatever lines the caller hands them: a caller whose console
//! can hold other messages between the two lines (the page's own logging)
//! passes the errors alone, since both of WebKit's lines are errors.

use cors_model::console::WEBKIT_DUE_TO;
use cors_model::Engine;

/// Whether `line` is WebKit's API line for a blocked request, the one that
/// names the URL.
fn is_api_line(line: &str) -> bool {
    line.ends_with(WEBKIT_DUE_TO)
}

/// Whether `line` is one of WebKit's lines saying it cannot load a URL (an
/// API line, or another "… cannot load …" line): such a line is a request's
/// own, never the reason for the next one.
fn is_load_line(line: &str) -> bool {
    is_api_line(line) || line.contains(" cannot load ")
}

/// The reason WebKit logged for the blocked request whose API line is
/// `lines[at]`: the line just before it. `None` where `lines[at]` is not an
/// API line, where it is the first line, or where the line before is
/// another request's (WebKit logged no reason for this one, or it came
/// before what the caller read).
pub fn reason_for<T: AsRef<str>>(lines: &[T], at: usize) -> Option<&T> {
    if !is_api_line(lines.get(at)?.as_ref()) {
        return None;
    }
    let before = &lines[at.checked_sub(1)?];
    (!is_load_line(before.as_ref())).then_some(before)
}

/// The lines `wanted` picks, in their order, and in WebKit, before each API
/// line among them, its reason ([`reason_for`]). Other engines name the URL
/// and the reason on one line: their lines are those `wanted` picks.
///
/// A reason `wanted` picks too is given once, where it stands: WebKit's
/// Cross-Origin-Resource-Policy line names the URL itself.
pub fn with_reasons<T: AsRef<str>>(
    engine: Engine,
    lines: &[T],
    wanted: impl Fn(&str) -> bool,
) -> Vec<&T> {
    let mut picked = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if !wanted(line.as_ref()) {
            continue;
        }
        if engine == Engine::Webkit {
            let reason = reason_for(lines, at).filter(|r| !wanted(r.as_ref()));
            picked.extend(reason);
        }
        picked.push(line);
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::{reason_for, with_reasons};
    use cors_model::Engine;

    const PAGE_A: &str = "http://localhost:8081/lab/no-cors-headers/data";
    const PAGE_B: &str = "http://localhost:8081/lab/preflight-headers/data";
    const NO_ALLOW_ORIGIN: &str =
        "Origin http://localhost:8080 is not allowed by Access-Control-Allow-Origin. \
         Status code: 200";
    const HEADER_REFUSED: &str =
        "Request header field X-Token is not allowed by Access-Control-Allow-Headers.";

    fn fetch_line(url: &str) -> String {
        format!("Fetch API cannot load {url} due to access control checks.")
    }

    fn xhr_line(url: &str) -> String {
        format!("XMLHttpRequest cannot load {url} due to access control checks.")
    }

    fn naming(url: &str) -> impl Fn(&str) -> bool + '_ {
        move |line| line.contains(url)
    }

    #[test]
    fn the_reason_is_the_line_before_the_line_naming_the_url() {
        let lines = [NO_ALLOW_ORIGIN.to_owned(), fetch_line(PAGE_A)];
        assert_eq!(reason_for(&lines, 1), Some(&lines[0]));
        // The reason itself has no reason, and past the end there is none.
        assert_eq!(reason_for(&lines, 0), None);
        assert_eq!(reason_for(&lines, 2), None);
        assert_eq!(
            with_reasons(Engine::Webkit, &lines, naming(PAGE_A)),
            [&lines[0], &lines[1]]
        );
    }

    #[test]
    fn two_blocked_requests_in_a_row_keep_their_own_reasons() {
        let lines = [
            NO_ALLOW_ORIGIN.to_owned(),
            fetch_line(PAGE_A),
            HEADER_REFUSED.to_owned(),
            xhr_line(PAGE_B),
        ];
        assert_eq!(reason_for(&lines, 1), Some(&lines[0]));
        assert_eq!(reason_for(&lines, 3), Some(&lines[2]));
        assert_eq!(
            with_reasons(Engine::Webkit, &lines, naming(PAGE_B)),
            [&lines[2], &lines[3]]
        );
        let every_block = with_reasons(Engine::Webkit, &lines, |l| {
            l.contains(cors_model::console::WEBKIT_DUE_TO)
        });
        assert_eq!(every_block, lines.iter().collect::<Vec<_>>());
    }

    #[test]
    fn a_line_naming_the_url_without_a_reason_before_it_stands_alone() {
        // The first line read, and a line right after another request's.
        let lines = [fetch_line(PAGE_A), fetch_line(PAGE_B)];
        assert_eq!(reason_for(&lines, 0), None);
        assert_eq!(reason_for(&lines, 1), None);
        assert_eq!(
            with_reasons(Engine::Webkit, &lines, naming(PAGE_B)),
            [&lines[1]]
        );
        // Nor is another "cannot load" line a reason.
        let lines = [format!("Fetch API cannot load {PAGE_A}."), xhr_line(PAGE_B)];
        assert_eq!(reason_for(&lines, 1), None);
    }

    #[test]
    fn unrelated_lines_between_blocked_requests_are_left_out() {
        let lines = [
            NO_ALLOW_ORIGIN.to_owned(),
            fetch_line(PAGE_A),
            "hello there".to_owned(),
            "Error: probe".to_owned(),
            HEADER_REFUSED.to_owned(),
            fetch_line(PAGE_B),
            "hello again".to_owned(),
        ];
        assert_eq!(
            with_reasons(Engine::Webkit, &lines, naming(PAGE_A)),
            [&lines[0], &lines[1]]
        );
        assert_eq!(
            with_reasons(Engine::Webkit, &lines, naming(PAGE_B)),
            [&lines[4], &lines[5]]
        );
        // A line that is not an API line gives no reason.
        assert_eq!(reason_for(&lines, 2), None);
        assert_eq!(reason_for(&lines, 4), None);
    }

    #[test]
    fn a_reason_naming_the_url_is_listed_once() {
        let corp = format!(
            "Cancelled load to {PAGE_A} because it violates the resource's \
             Cross-Origin-Resource-Policy response header."
        );
        let lines = [corp, fetch_line(PAGE_A)];
        assert_eq!(
            with_reasons(Engine::Webkit, &lines, naming(PAGE_A)),
            [&lines[0], &lines[1]]
        );
    }

    #[test]
    fn other_engines_name_the_reason_on_the_line_itself() {
        let chromium = format!(
            "Access to fetch at '{PAGE_A}' from origin 'http://localhost:8080' has been \
             blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on \
             the requested resource."
        );
        let lines = ["hello there".to_owned(), chromium];
        assert_eq!(
            with_reasons(Engine::Chromium, &lines, naming(PAGE_A)),
            [&lines[1]]
        );
        let webkit = [NO_ALLOW_ORIGIN.to_owned(), fetch_line(PAGE_A)];
        assert_eq!(
            with_reasons(Engine::Chromium, &webkit, naming(PAGE_A)),
            [&webkit[1]]
        );
    }
}
