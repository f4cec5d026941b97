//! `cors-doctor URL --origin ORIGIN …` and `cors-doctor har FILE …`: see
//! `cors-doctor --help` and `cors-doctor har --help`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    if std::env::args_os()
        .nth(1)
        .is_some_and(|first| first == "har")
    {
        return doctor::har::run(std::env::args_os().skip(2));
    }
    let args = doctor::Args::parse();
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
