//! `cors-doctor URL --origin ORIGIN …` checks an API (see `cors-doctor
//! --help`); `cors-doctor explain-error [LINE...]` explains a console line;
//! `cors-doctor har FILE …` judges a saved network log (`… har --help`).
//! Each speaks the language `--lang` names, else the one the locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`) names.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let mut argv = std::env::args_os();
    let program = argv.next().unwrap_or_default();
    let rest: Vec<std::ffi::OsString> = argv.collect();
    match rest.first().and_then(|first| first.to_str()) {
        Some("explain-error") => {
            let rest = rest.iter().map(|a| a.to_string_lossy().into_owned());
            return doctor::explain_error::run(rest);
        }
        Some("har") => return doctor::har::run(rest.into_iter().skip(1)),
        _ => {}
    }
    let mut args = doctor::Args::parse_from(std::iter::once(program).chain(rest));
    // The environment is read here only: the library speaks what it is told.
    args.lang = Some(doctor::cli::language_or_lang(args.lang));
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
