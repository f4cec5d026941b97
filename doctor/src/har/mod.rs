//! `cors-doctor har FILE [--json] [--origin ORIGIN]`: reads a HAR (the
//! network log DevTools saves with "Save all as HAR", in Chromium and in
//! Firefox), finds every cross-origin request in it, pairs each with the
//! preflight it followed, and gives the CORS model's verdict for both
//! engines from the headers recorded: verdict, failed check, explanation,
//! fix. server-a's `POST /har` runs the same [`explain_in`], and both
//! write their words in the language asked for (`--lang`, else the locale: `LC_ALL`, `LC_MESSAGES`, `LANG`).
//!
//! `file.rs` reads the HAR, `pair.rs` pairs preflights with requests,
//! `judge.rs` turns what was recorded into the model's exchange and asks
//! the model, `report.rs` writes words or JSON lines.
//!
//! Exit status: 0 when every cross-origin request is allowed in both
//! engines; 1 when one is blocked in either engine, or was not sent; 2 on bad
//! input: a file that cannot be read, is larger than [`MAX_FILE_BYTES`], is
//! not JSON or not a HAR, or holds no cross-origin request.

pub mod file;
pub mod judge;
pub mod pair;
pub mod report;

use std::ffi::OsString;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use cors_model::Language;

pub use judge::{CredentialsSeen, Judged, Said};

/// The largest HAR the command line reads (server-a takes less).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Why a HAR could not be judged (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum HarError {
    /// The command line names the file before the sentence.
    #[error("cannot be read: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// Larger than the reader takes.
    #[error(
        "the HAR is {} bytes, more than the {} MB read here: save a smaller one (clear the \
         network panel, run only the requests in question, then save)",
        size,
        limit / (1024 * 1024)
    )]
    TooLarge {
        /// The file's size, in bytes.
        size: u64,
        /// The most the reader takes, in bytes.
        limit: u64,
    },
    /// Not JSON at all (the parser's reason).
    #[error("the file is not JSON, so not a HAR: {0}")]
    NotJson(String),
    /// JSON, but not shaped as a HAR (the reason).
    #[error("the JSON is not a HAR: {0}")]
    NotHar(String),
    /// Nothing in it crossed an origin.
    #[error(
        "no cross-origin request in the HAR ({entries} entr{}): none carries an Origin header \
         naming another origin than its URL's{}",
        if *entries == 1 { "y" } else { "ies" },
        if *origin_given { "" } else { "; to judge requests without one (images, scripts), give the page's origin with --origin" }
    )]
    NoCrossOrigin {
        /// How many entries the file has.
        entries: usize,
        /// Whether the page's origin was given (`--origin`).
        origin_given: bool,
    },
    /// The page's origin given is not an origin.
    #[error("--origin: {0}")]
    BadOrigin(#[from] cors_model::OriginError),
}

/// Every cross-origin request of a HAR, judged.
#[derive(Clone, Debug)]
pub struct HarReport {
    /// `log.entries` in the file.
    pub entries: usize,
    /// Who wrote it (`log.creator`), when the file says.
    pub creator: Option<String>,
    /// One judgement per cross-origin request, in the file's order.
    pub judged: Vec<Judged>,
    /// The language of the judgements' words.
    pub language: Language,
}

impl HarReport {
    /// 0 all allowed, 1 one blocked (or not sent), 2 none could be judged.
    pub fn exit_code(&self) -> u8 {
        let judged: Vec<&Judged> = self.judged.iter().filter(|j| j.error.is_none()).collect();
        if judged.is_empty() {
            2
        } else if judged
            .iter()
            .all(|j| j.sent && j.verdicts.values().all(|v| *v == Said::Allowed))
        {
            0
        } else {
            1
        }
    }
}

/// Judges the HAR in `bytes`; `origin` is the page's, for requests that
/// carry no `Origin` header.
pub fn explain(bytes: &[u8], origin: Option<&str>) -> Result<HarReport, HarError> {
    explain_in(Language::En, bytes, origin)
}

/// [`explain`], the explanations, fixes and notes in `language`.
pub fn explain_in(
    language: Language,
    bytes: &[u8],
    origin: Option<&str>,
) -> Result<HarReport, HarError> {
    if let Some(origin) = origin {
        check_origin(origin)?;
    }
    let har = file::parse(bytes)?;
    let cases = pair::cases(&har.log.entries, origin);
    if cases.is_empty() {
        return Err(HarError::NoCrossOrigin {
            entries: har.log.entries.len(),
            origin_given: origin.is_some(),
        });
    }
    Ok(HarReport {
        entries: har.log.entries.len(),
        creator: har
            .log
            .creator
            .filter(|c| !c.name.is_empty())
            .map(|c| format!("{} {}", c.name, c.version).trim().to_owned()),
        judged: cases
            .iter()
            .map(|case| judge::judge_in(language, case))
            .collect(),
        language,
    })
}

fn check_origin(origin: &str) -> Result<(), HarError> {
    origin.parse::<cors_model::Origin>()?;
    Ok(())
}

/// Reads at most `limit` bytes of the file, or says why not.
pub fn read_file(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, HarError> {
    let unreadable = |e: std::io::Error| HarError::Unreadable {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > limit {
        return Err(HarError::TooLarge { size, limit });
    }
    let mut bytes = Vec::new();
    // The size can change under us: never read past the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(HarError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Judges a HAR saved by DevTools ("Save all as HAR") with the CORS model:
/// every cross-origin request, paired with its preflight, per engine.
///
/// Exit status: 0 every cross-origin request allowed, 1 one blocked or not
/// sent, 2 bad input (unreadable, too large, not a HAR, none cross-origin).
#[derive(Debug, Clone, Parser)]
#[command(name = "cors-doctor har")]
pub struct HarArgs {
    /// The .har file.
    pub file: PathBuf,
    /// One JSON object per request, one per line.
    #[arg(long)]
    pub json: bool,
    /// The page's origin: also judge requests to other origins that carry
    /// no Origin header.
    #[arg(long)]
    pub origin: Option<String>,
    /// The language of the report: en, ru or zh. Without it, the one the
    /// locale names (LC_ALL, LC_MESSAGES, LANG: ru_RU.UTF-8 Russian,
    /// zh_CN.UTF-8 Chinese), else English.
    #[arg(long, value_name = "en|ru|zh", value_parser = crate::cli::language)]
    pub lang: Option<Language>,
}

/// The `har` subcommand: `args` are the arguments after `har`.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let argv = std::iter::once(OsString::from("cors-doctor har")).chain(args);
    let args = match HarArgs::try_parse_from(argv) {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let language = crate::cli::language_or_lang(args.lang);
    let report = read_file(&args.file, MAX_FILE_BYTES)
        .and_then(|bytes| explain_in(language, &bytes, args.origin.as_deref()));
    match report {
        Ok(report) => {
            if args.json {
                print!("{}", report::json_lines(&report));
            } else {
                print!("{}", report::text(&report));
            }
            ExitCode::from(report.exit_code())
        }
        Err(e) => {
            eprintln!("cors-doctor har: {}: {e}", args.file.display());
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests;
