//! `cors-doctor URL --origin ORIGIN …` checks an API (see `cors-doctor
//! --help`); `cors-doctor explain-error [LINE...]` explains a console line.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let mut argv = std::env::args();
    let program = argv.next().unwrap_or_default();
    let rest: Vec<String> = argv.collect();
    if rest.first().map(String::as_str) == Some("explain-error") {
        return doctor::explain_error::run(rest);
    }
    let args = doctor::Args::parse_from(std::iter::once(program).chain(rest));
    match doctor::diagnose(&args) {
        Ok(report) => {
            print!("{}", report.text);
            ExitCode::from(report.exit_code())
        }
        Err(e) => {
            eprintln!("cors-doctor: {e}");
            ExitCode::from(2)
        }
    }
}
