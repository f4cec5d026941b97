//! `cors-doctor har FILE` as a learner runs it: the exit status (0 allowed,
//! 1 blocked, 2 bad input), one sentence on stderr for bad input, JSON lines
//! with `--json`, and the first command (`cors-doctor URL …`) unchanged.

use std::path::PathBuf;
use std::process::Command;

const DOCTOR: &str = env!("CARGO_BIN_EXE_cors-doctor");

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    run_with_lang(args, None)
}

/// The binary with `LANG` set to `lang`, or unset (English).
fn run_with_lang(args: &[&str], lang: Option<&str>) -> (Option<i32>, String, String) {
    let mut command = Command::new(DOCTOR);
    command
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    if let Some(lang) = lang {
        command.env("LANG", lang);
    }
    let output = command.output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A file of this test's own, removed when dropped.
struct File(PathBuf);

impl File {
    fn new(name: &str, text: &str) -> File {
        let path = std::env::temp_dir().join(format!("har-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        File(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for File {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn har(allow_origin: &str) -> String {
    format!(
        r#"{{"log": {{"entries": [{{"request": {{"method": "GET", "url": "http://localhost:8081/api/me",
            "headers": [{{"name": "Origin", "value": "http://localhost:8080"}}]}},
            "response": {{"status": 200, "headers": [{{"name": "Access-Control-Allow-Origin",
            "value": "{allow_origin}"}}]}}}}]}}}}"#
    )
}

#[test]
fn har_exits_0_1_or_2_with_a_sentence() {
    let allowed = File::new("allowed.har", &har("http://localhost:8080"));
    let (code, out, _) = run(&["har", allowed.path()]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("verdict: chromium: allowed, firefox: allowed"),
        "{out}"
    );
    let blocked = File::new("blocked.har", &har("http://localhost:9999"));
    let (code, out, _) = run(&["har", blocked.path(), "--json"]);
    assert_eq!(code, Some(1));
    let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(line["failure"]["kind"], "allow-origin-mismatch");
    for (file, said) in [
        (
            File::new("broken.har", "{\"log\": "),
            "not JSON, so not a HAR",
        ),
        (
            File::new("same.har", "{\"log\": {\"entries\": []}}"),
            "no cross-origin request",
        ),
    ] {
        let (code, out, err) = run(&["har", file.path()]);
        assert_eq!(code, Some(2), "{out}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains(said), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let (code, _, err) = run(&["har", "/nonexistent/x.har"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot be read"), "{err}");
    let (code, _, _) = run(&["har"]);
    assert_eq!(code, Some(2), "a missing FILE is a usage error");
    // The first command still reads its URL.
    let (code, _, err) = run(&["http://localhost:8081/", "--origin", "nope"]);
    assert_eq!(code, Some(2));
    assert!(err.starts_with("cors-doctor: bad input"), "{err}");
}

/// `--lang` and, without it, `LANG` choose the report's language; header
/// names, values and verdict keys stay as they are.
#[test]
fn har_speaks_the_language_of_lang_or_the_locale() {
    let blocked = File::new("blocked-words.har", &har("http://localhost:9999"));
    let (code, out, _) = run_with_lang(&["har", blocked.path(), "--lang", "ru"], None);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("вердикт: chromium: заблокирован"), "{out}");
    assert!(out.contains("почему: Запрос дошёл до сервера"), "{out}");
    assert!(out.contains("'http://localhost:9999'"), "{out}");
    let (_, out, _) = run_with_lang(&["har", blocked.path()], Some("zh_CN.UTF-8"));
    assert!(out.contains("结论：chromium: 已拦截"), "{out}");
    assert!(out.contains("Access-Control-Allow-Origin"), "{out}");
    // --lang wins over LANG; a locale the lab does not speak is English.
    let (_, out, _) = run_with_lang(
        &["har", blocked.path(), "--lang", "en"],
        Some("ru_RU.UTF-8"),
    );
    assert!(out.contains("verdict: chromium: blocked"), "{out}");
    let (_, out, _) = run_with_lang(&["har", blocked.path()], Some("de_DE.UTF-8"));
    assert!(out.contains("verdict: chromium: blocked"), "{out}");
    let (_, out, _) = run_with_lang(&["har", blocked.path(), "--json", "--lang", "zh"], None);
    let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(line["verdicts"]["chromium"], "blocked");
    assert!(
        line["explanation"]
            .as_str()
            .unwrap()
            .contains("请求已经到达服务器"),
        "{line}"
    );
}
