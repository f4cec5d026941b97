//! The console lines the browsers logged in a suite, read back by the
//! model's reader (`cors_model::console::read`), and kept in
//! `target/lab-console/<engine>.txt`: the lines `scripts/doctor
//! explain-error` and the page's `#/error` view must understand are the
//! ones real engines wrote, not lines typed by hand.

use std::io::Write;
use std::path::PathBuf;

use cors_model::console::read;
use cors_model::{Engine, Failure};

use crate::browser::cors_error_marker;
use crate::webkit_lines;

/// Where the captured lines are kept.
pub fn capture_file(engine: Engine) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/lab-console")
        .join(format!("{}.txt", engine.name()))
}

/// The engine's CORS lines among `messages`, each read back: a problem for
/// every line the reader does not take to the engine and a failed check
/// (or, for Firefox's "did not succeed" and WebKit's line naming the URL, to
/// a line that names none). WebKit's reason is the line before the one
/// naming the URL ([`webkit_lines::with_reasons`]); a
/// Cross-Origin-Resource-Policy reason reads as a note.
pub fn read_back(engine: Engine, messages: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let marker = cors_error_marker(engine);
    let cors_lines = webkit_lines::with_reasons(engine, messages, |m| m.contains(marker));
    keep(engine, &cors_lines);
    for line in cors_lines {
        let readings = read(line);
        let Some(reading) = readings.first() else {
            problems.push(format!("the reader found nothing in: {line}"));
            continue;
        };
        let names_no_check = line.contains("CORS request did not succeed")
            || line.ends_with(cors_model::console::WEBKIT_DUE_TO);
        let corp_note = line.starts_with("Cancelled load to ") && reading.note.is_some();
        if reading.engine != Some(engine)
            || (reading.failure.is_some() == names_no_check && !corp_note)
        {
            problems.push(format!(
                "{} line read as {:?} / {:?}: {line}",
                engine.label(),
                reading.engine,
                reading.failure
            ));
        }
    }
    problems
}

/// Whether a failure read from `engine`'s line is the one the model
/// predicted. WebKit words a missing, an invalid and another origin's
/// Access-Control-Allow-Origin alike, and its line reads as missing.
pub fn same_check(engine: Engine, read: &Failure, predicted: &Failure) -> bool {
    let alike = engine == Engine::Webkit
        && matches!(read, Failure::MissingAllowOrigin { .. })
        && matches!(
            predicted,
            Failure::InvalidAllowOrigin { .. } | Failure::AllowOriginMismatch { .. }
        );
    read.kind() == predicted.kind() || alike
}

fn keep(engine: Engine, lines: &[&String]) {
    let path = capture_file(engine);
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        for line in lines {
            let _ = writeln!(file, "{line}");
        }
    }
}
