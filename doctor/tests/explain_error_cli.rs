//! `cors-doctor explain-error` as a learner runs it: lines as arguments or
//! on standard input, words or JSON lines, and the exit status (0 a CORS
//! failure recognised, 1 none, 2 no text).

use std::io::Write;
use std::process::{Command, Stdio};

const DOCTOR: &str = env!("CARGO_BIN_EXE_cors-doctor");

fn run(args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new(DOCTOR)
        .arg("explain-error")
        .args(args)
        .env_remove("LAB_ORIGIN")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const FIREFOX: &str = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at \
http://localhost:3000/api. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.";

#[test]
fn a_line_is_explained_in_words_or_json() {
    let (code, out, _) = run(&[FIREFOX], "");
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.starts_with("Firefox: missing-allow-origin (stage not named)"),
        "{out}"
    );
    assert!(
        out.contains("Run it in the lab: http://localhost:8080/#/playground?s="),
        "{out}"
    );
    let (code, out, _) = run(
        &["--json", "--lab", "http://localhost:9080"],
        &format!("{FIREFOX}\n"),
    );
    assert_eq!(code, Some(0));
    let report: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        report["failure"],
        serde_json::json!({"kind": "missing-allow-origin", "status": 404})
    );
    assert_eq!(report["engine"], "firefox");
    assert!(report["link"]
        .as_str()
        .unwrap()
        .starts_with("http://localhost:9080/#/playground"));
}

#[test]
fn no_cors_line_is_1_and_no_text_is_2() {
    let (code, out, _) = run(&[], "TypeError: x is undefined\n");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("No line here"), "{out}");
    let (code, _, err) = run(&[], "  \n");
    assert_eq!(code, Some(2));
    assert!(err.contains("no text"), "{err}");
}

#[test]
fn a_line_is_explained_in_the_language_asked() {
    let (code, out, _) = run(&["--lang", "ru", FIREFOX], "");
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.starts_with("Firefox: missing-allow-origin (этап не назван)"),
        "{out}"
    );
    assert!(
        out.contains("  Что это значит: Firefox не говорит"),
        "{out}"
    );
    assert!(
        out.contains("Access-Control-Allow-Origin: <источник вашей страницы>"),
        "{out}"
    );
    let (_, out, _) = run(&["--lang", "zh", "--json", FIREFOX], "");
    let report: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let fix = report["fix"]["text"].as_str().unwrap();
    assert!(
        fix.contains("在响应中带上 Access-Control-Allow-Origin"),
        "{fix}"
    );
}
