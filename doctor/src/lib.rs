//! cors-doctor: sends a learner's API the exchange a browser would send
//! (the preflight when the model says the engine sends one, then the
//! request with the engine's headers), prints both as raw HTTP, and gives the
//! model's verdict, the failed check, the console line, the fix, and
//! warnings for what only works by accident.
//!
//! [`examine()`] does the work over any [`Transport`] and returns a
//! [`Diagnosis`]; [`diagnose`] is the command line's path (a blocking HTTP
//! client, then the report in words). server-a's `POST /doctor` calls
//! [`examine()`] with a transport pinned to an address it has checked.
//!
//! [`har`] reads a HAR that DevTools saved and judges every cross-origin
//! request in it (`cors-doctor har FILE`, server-a's `POST /har`).
//!
//! The words (the report, the warnings, the model's explanations and
//! fixes) come in English, Russian or Chinese: `--lang`, else the locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`).

#![warn(missing_docs)]

pub mod cli;
pub mod examine;
pub mod explain_error;
pub mod har;
pub mod http;
pub mod report;
pub mod tls_failure;
pub mod warnings;

use cors_model::{InputError, Outcome};

pub use cli::Args;
pub use examine::{examine, Diagnosis, Leg, LegKind, Redirect, Spec, Transport};

/// Why the doctor could not give a verdict (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum DoctorError {
    /// The command line or the request cannot be used as given.
    #[error("bad input: {0}")]
    Usage(String),
    /// The model refused the request (the field is named).
    #[error("bad input: {0}")]
    Input(InputError),
    /// Nothing answered: no connection, no name, or silence past the timeout.
    #[error("unreachable: {0}")]
    Unreachable(String),
}

/// What the doctor prints, and its verdict.
#[derive(Debug)]
pub struct Report {
    /// The report in words, as the command line prints it.
    pub text: String,
    /// The verdict for the engine asked about.
    pub verdict: Outcome,
}

impl Report {
    /// 0 allowed, 1 blocked.
    pub fn exit_code(&self) -> u8 {
        match self.verdict {
            Outcome::Allowed => 0,
            Outcome::Blocked => 1,
        }
    }
}

/// Runs the whole diagnosis for the command line.
pub fn diagnose(args: &Args) -> Result<Report, DoctorError> {
    let spec = Spec {
        request: args.request()?,
        engine: args.engine,
        probe: args.probe,
        follow_redirect: true,
        // The command line settles LANG (main.rs); a library caller that
        // names no language gets English.
        language: args.lang.unwrap_or_default(),
    };
    let client = http::Client::new(args.options()?)?;
    let diagnosis = examine(&spec, &client)?;
    Ok(report::write(&diagnosis))
}
