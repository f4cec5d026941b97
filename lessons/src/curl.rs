//! The same exchange as curl commands: shown on the page and run by
//! `scripts/lesson`, so a learner can replay any lesson in a terminal.
//!
//! A `ReadableStream` body (`body_kind = "stream"`) cannot be replayed as the
//! browser streams it: curl sends the same bytes as text with a
//! Content-Length, and without the Content-Type curl would add (Chromium
//! sends none with a stream). The preflight Chromium sends for it is
//! replayed; the page says that the body goes as text.

use crate::fetch_rules::{needs_preflight, unsafe_header_names};
use crate::model::{Credentials, Initiator, Scheme, Step, Target};
use crate::origins::{Origins, HTTPS_NOT_SERVED};

/// One curl invocation, kept as arguments so it can be run without a shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurlCommand {
    /// The command's words, each quoted for a POSIX shell.
    pub args: Vec<String>,
}

impl CurlCommand {
    /// The command as a learner would type it, quoted for any POSIX shell.
    pub fn to_shell(&self) -> String {
        let words = std::iter::once("curl").chain(self.args.iter().map(String::as_str));
        // Only a NUL byte cannot be quoted, and the catalogue refuses NUL bytes
        // in everything a request is made of (validate.rs).
        shlex::try_join(words).expect("lesson requests hold no NUL byte")
    }
}

/// The file curl keeps cookies in, standing in for the browser's cookie jar.
pub const COOKIE_JAR: &str = "/tmp/cors-lab-cookies.txt";

/// Where the setup command saves the lab's CA certificate for https steps:
/// curl trusts it as the learner's browser does once it is imported.
pub const CA_FILE: &str = "/tmp/cors-lab-ca.pem";

/// What to run once before a step's commands: for an https step, saving
/// the lab's CA certificate from the page (`/lab-ca.pem`).
pub fn setup(step: &Step, origins: &Origins) -> Vec<CurlCommand> {
    if step.scheme != Scheme::Https {
        return Vec::new();
    }
    let url = format!("{}/lab-ca.pem", origins.page);
    let args = ["-sS", "-o", CA_FILE, url.as_str()]
        .map(String::from)
        .to_vec();
    vec![CurlCommand { args }]
}

/// The preflight (when the browser would send one) and the actual request;
/// none for a method fetch refuses, since the browser sends nothing.
pub fn commands(lesson_id: &str, step: &Step, origins: &Origins) -> Vec<CurlCommand> {
    if cors_model::request::normalise_method(&step.method).is_err() {
        return Vec::new();
    }
    let initiator = &origins.sender(step);
    let base = origins.target_of(step).unwrap_or(HTTPS_NOT_SERVED);
    let url = format!("{base}{}", step.url_path(lesson_id));
    let cross_origin = step.target != Target::Page || step.from != Initiator::Page;
    let mut commands = Vec::new();
    if cross_origin && needs_preflight(step) {
        commands.push(preflight(&url, initiator, step));
    }
    commands.push(actual(&url, initiator, cross_origin, step));
    if step.scheme == Scheme::Https {
        for command in &mut commands {
            command.args.extend(["--cacert", CA_FILE].map(String::from));
        }
    }
    commands
}

fn preflight(url: &str, origin: &str, step: &Step) -> CurlCommand {
    let mut args = vec!["-sS", "-i", "-X", "OPTIONS", url]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    push_header(&mut args, "Origin", origin);
    push_header(&mut args, "Access-Control-Request-Method", &step.method);
    let names = unsafe_header_names(step);
    if !names.is_empty() {
        push_header(
            &mut args,
            "Access-Control-Request-Headers",
            &names.join(","),
        );
    }
    CurlCommand { args }
}

fn actual(url: &str, origin: &str, cross_origin: bool, step: &Step) -> CurlCommand {
    let mut args = vec!["-sS", "-i", "-X", &step.method, url]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    // Browsers send Origin on every cross-origin request and on same-origin
    // requests other than GET and HEAD.
    if cross_origin || !matches!(step.method.as_str(), "GET" | "HEAD") {
        push_header(&mut args, "Origin", origin);
    }
    for (name, value) in &step.headers {
        push_header(&mut args, name, value);
    }
    if let Some(body) = &step.body {
        if step.streams_body()
            && !step
                .headers
                .keys()
                .any(|n| n.eq_ignore_ascii_case("content-type"))
        {
            // `-H 'Content-Type:'` removes the type --data-raw would add.
            args.extend(["-H".to_string(), "Content-Type:".to_string()]);
        }
        args.extend(["--data-raw".to_string(), body.clone()]);
    }
    if step.credentials == Credentials::Include || !cross_origin {
        args.extend(["-b", COOKIE_JAR, "-c", COOKIE_JAR].map(String::from));
    }
    CurlCommand { args }
}

/// The exchange the model judged, as curl commands: the preflight `verdict`
/// says the engine sends, if any, then the request with the headers the
/// engine sends (`Origin` among them). The cookie jar stands in for the
/// browser's cookies; a `Cookie` header is never written out.
pub fn for_verdict(
    request: &cors_model::Request,
    verdict: &cors_model::Verdict,
) -> Vec<CurlCommand> {
    let url = request.url.as_str();
    let mut commands = Vec::new();
    if let Some(plan) = &verdict.preflight {
        let mut args = ["-sS", "-i", "-X", "OPTIONS", url]
            .map(String::from)
            .to_vec();
        push_header(&mut args, "Origin", &request.origin);
        push_header(
            &mut args,
            "Access-Control-Request-Method",
            &plan.request_method,
        );
        if let Some(names) = &plan.request_headers {
            push_header(&mut args, "Access-Control-Request-Headers", names);
        }
        commands.push(CurlCommand { args });
    }
    // fetch upper-cases the usual methods (`delete` goes as DELETE).
    let method = cors_model::request::normalise_method(&request.method)
        .unwrap_or_else(|_| request.method.clone());
    let mut args = ["-sS", "-i", "-X", &method, url].map(String::from).to_vec();
    for (name, value) in verdict.request_headers.iter() {
        if !name.eq_ignore_ascii_case("cookie") {
            push_header(&mut args, name, value);
        }
    }
    if request.credentials == cors_model::Credentials::Include {
        args.extend(["-b", COOKIE_JAR, "-c", COOKIE_JAR].map(String::from));
    }
    commands.push(CurlCommand { args });
    commands
}

fn push_header(args: &mut Vec<String>, name: &str, value: &str) {
    args.push("-H".into());
    args.push(format!("{name}: {value}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        let command = CurlCommand {
            args: ["http://localhost:8081/x", "Origin: http://a", "it's"]
                .map(String::from)
                .to_vec(),
        };
        let shell = command.to_shell();
        assert!(
            shell.starts_with("curl http://localhost:8081/x 'Origin: http://a' "),
            "{shell}"
        );
        // What a shell reads back is exactly the arguments curl is run with.
        let words = shlex::split(&shell).unwrap();
        assert_eq!(words[0], "curl");
        assert_eq!(words[1..], command.args[..]);
    }

    #[test]
    fn a_judged_exchange_is_replayed_with_its_preflight_and_sent_headers() {
        let request: cors_model::Request = serde_json::from_value(serde_json::json!({
            "origin": "http://localhost:8080",
            "url": "http://localhost:8081/lab/playground?p=%7B%7D",
            "method": "put",
            "headers": [["X-Token", "it's"], ["Cookie", "secret=1"]],
            "credentials": "include",
        }))
        .unwrap();
        let exchange = cors_model::Exchange {
            request: request.clone(),
            preflight: None,
            response: None,
            redirected: None,
            third_party_cookies: Default::default(),
        };
        let verdict = cors_model::judge(&exchange, cors_model::Engine::Chromium).unwrap();
        let shells: Vec<String> = for_verdict(&request, &verdict)
            .iter()
            .map(CurlCommand::to_shell)
            .collect();
        assert_eq!(shells.len(), 2, "{shells:?}");
        assert!(shells[0].contains("-X OPTIONS"), "{}", shells[0]);
        assert!(
            shells[0].contains("'Access-Control-Request-Method: PUT'"),
            "{}",
            shells[0]
        );
        assert!(shells[1].contains("-X PUT"), "{}", shells[1]);
        assert!(
            shells[1].contains("'Origin: http://localhost:8080'"),
            "{}",
            shells[1]
        );
        assert!(!shells[1].contains("secret"), "{}", shells[1]);
        assert!(
            shells[1].ends_with(&format!("-c {COOKIE_JAR}")),
            "{}",
            shells[1]
        );
        // The quote in the value survives a shell.
        let words = shlex::split(&shells[1]).unwrap();
        assert!(words.contains(&"X-Token: it's".to_owned()), "{words:?}");
    }
}

#[cfg(test)]
mod catalogue_tests {
    use super::*;

    fn origins() -> Origins {
        Origins::seen_from("http://localhost:8080", "http://localhost:8081")
    }

    fn shell(lesson: &str, step: usize) -> Vec<String> {
        let lesson = crate::find(lesson).unwrap();
        commands(&lesson.id, &lesson.steps[step], &origins())
            .iter()
            .map(CurlCommand::to_shell)
            .collect()
    }

    #[test]
    fn a_preflighted_request_is_replayed_with_its_preflight() {
        let commands = shell("preflight-json", 0);
        assert_eq!(commands.len(), 2);
        assert_eq!(
            commands[0],
            "curl -sS -i -X OPTIONS http://localhost:8081/lab/preflight-json/items \
             -H 'Origin: http://localhost:8080' -H 'Access-Control-Request-Method: POST' \
             -H 'Access-Control-Request-Headers: content-type'"
        );
        assert!(commands[1].contains("-X POST") && commands[1].contains("--data-raw"));
    }

    #[test]
    fn a_stream_body_is_replayed_as_text_after_chromiums_preflight() {
        let commands = shell("stream-body", 0);
        assert_eq!(commands.len(), 2, "{commands:?}");
        assert!(commands[0].contains("-X OPTIONS"), "{}", commands[0]);
        assert!(
            commands[1].ends_with("-H Content-Type: --data-raw hello"),
            "{}",
            commands[1]
        );
        let text = shell("stream-body", 2);
        assert_eq!(text.len(), 1);
        assert!(!text[0].contains("Content-Type:"), "{}", text[0]);
    }

    #[test]
    fn credentials_use_the_cookie_jar_and_the_other_origin_its_name() {
        let login = shell("login", 1);
        assert_eq!(login.len(), 1);
        assert!(
            login[0].contains(&format!("-b {COOKIE_JAR}")),
            "{}",
            login[0]
        );
        let other = shell("disallowed-origin", 2);
        assert!(
            other[0].contains("'Origin: http://127.0.0.1:8080'"),
            "{}",
            other[0]
        );
        let same_origin = shell("same-origin", 0);
        assert!(!same_origin[0].contains("Origin:"), "{}", same_origin[0]);
    }
}
