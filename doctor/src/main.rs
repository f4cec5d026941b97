//! `cors-doctor URL --origin ORIGIN …`: see `cors-doctor --help`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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
