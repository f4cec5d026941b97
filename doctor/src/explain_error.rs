//! `cors-doctor explain-error [--json] [--lab ORIGIN] [LINE...]`: console
//! text as copied from DevTools (the arguments, or standard input when none
//! are given), read back to the failed check by the model's reader, with
//! what it means, the fix and a link into the lab's playground.
//!
//! Exit status: 0 when a CORS failure was recognised, 1 when none was, 2 on
//! empty input.

use std::io::Read;
use std::process::ExitCode;

use clap::Parser;
use cors_model::ErrorReport;

/// Explains a CORS error line from the browser's console.
#[derive(Debug, Clone, Parser)]
#[command(name = "cors-doctor explain-error", version)]
pub struct ExplainArgs {
    /// The console text; read from standard input when none is given.
    pub lines: Vec<String>,
    /// One JSON object per line found, one per output line.
    #[arg(long)]
    pub json: bool,
    /// The lab page the playground links point at.
    #[arg(long, env = "LAB_ORIGIN", default_value = "http://localhost:8080")]
    pub lab: String,
}

/// Runs the subcommand with `argv` (its own name first).
pub fn run(argv: impl IntoIterator<Item = String>) -> ExitCode {
    let args = match ExplainArgs::try_parse_from(argv) {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let text = if args.lines.is_empty() {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            eprintln!("cors-doctor explain-error: standard input: {e}");
            return ExitCode::from(2);
        }
        text
    } else {
        args.lines.join("\n")
    };
    if text.trim().is_empty() {
        eprintln!("cors-doctor explain-error: no text: paste the console line as an argument or on standard input");
        return ExitCode::from(2);
    }
    let reports = cors_model::explain_error(&text, &args.lab);
    for report in &reports {
        if args.json {
            println!("{}", serde_json::to_string(report).unwrap_or_default());
        } else {
            print!("{}", words(report));
        }
    }
    ExitCode::from(if reports.iter().any(ErrorReport::is_cors_failure) {
        0
    } else {
        1
    })
}

/// One report for a person.
pub fn words(report: &ErrorReport) -> String {
    let mut out = String::new();
    let engine = report.engine.map_or("No engine", |e| e.label());
    let api = report.api.map(|api| match api {
        cors_model::Api::Fetch => " (fetch)",
        cors_model::Api::Xhr => " (XMLHttpRequest)",
    });
    let kind = report
        .failure
        .as_ref()
        .and_then(|f| f["kind"].as_str())
        .unwrap_or("no failed check named");
    let stage = report.stage.map_or("stage not named", |s| s.name());
    out += &format!("{engine}{}: {kind} ({stage})\n", api.unwrap_or(""));
    out += &format!("  line:   {}\n", report.line);
    if let Some(url) = &report.url {
        out += &format!("  URL:    {url}\n");
    }
    if let Some(origin) = &report.origin {
        out += &format!("  origin: {origin}\n");
    }
    out += &format!("  What it means: {}\n", report.explanation);
    if let Some(fix) = &report.fix {
        out += &format!("  Fix: {}\n    actix-web: {}\n", fix.text, fix.actix);
        if !fix.headers.is_empty() {
            out += "    the answer must carry:\n";
            for line in &fix.headers {
                out += &format!("      {line}\n");
            }
        }
    }
    if let Some(link) = &report.link {
        out += &format!("  Run it in the lab: {link}\n");
    }
    out + "\n"
}
