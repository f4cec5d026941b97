//! The CORS model: a request and the server's answers in, each engine's
//! judgement out (preflight, checks in order, the first failure, the preflight
//! cache entry, cookies, readable headers, the explanation, the fix and the
//! exact console lines). No I/O: the lessons, server-a's `POST /explain` and
//! the doctor all consult it, so CORS decisions are made in one place.
//!
//! It follows the Fetch standard's CORS check and CORS-preflight fetch, and
//! the engines where they depart from it (measured in Chromium 156, Firefox
//! ESR 153 and WebKitGTK 2.50.6, WebKit's also read in its source; the
//! departures are named in each verdict). An [`Explanation`] judges every
//! engine ([`Engine::ALL`]) unless one is named. Its words for a learner
//! come in English, Russian or Chinese ([`Language`], [`mod@text`]): the
//! `_in` functions take the language, the others speak English.

#![warn(missing_docs)]

pub mod cache;
pub mod check;
pub mod console;
pub mod cookie_spec;
pub mod cookies;
pub mod engine;
pub mod error;
pub mod exchange;
pub mod explain;
pub mod expose;
pub mod failure;
pub mod headers;
pub mod language;
pub mod origin;
pub mod pasted;
pub mod playground;
pub mod preflight;
pub mod redirect;
pub mod reproduce;
pub mod request;
pub mod response;
pub mod safelist;
pub mod stream;
pub mod syntax;
pub mod text;
pub mod verdict;

pub use console::Api;
pub use cookies::{CookieSpec, SameSite, ThirdPartyCookies};
pub use engine::Engine;
pub use error::InputError;
pub use exchange::Exchange;
pub use failure::{CheckName, Failure, Stage};
pub use headers::Headers;
pub use language::Language;
pub use origin::{Origin, OriginError};
pub use pasted::{explain_error, explain_error_in, ErrorReport};
pub use preflight::{needs_preflight, Plan};
pub use request::{BodyKind, Credentials, Request};
pub use response::Answer;
pub use verdict::{judge, judge_in, Outcome, Verdict};

/// The engines' judgements; `agree` when their verdicts match.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Explanation {
    /// One verdict per engine judged, in [`Engine::ALL`]'s order.
    pub results: Vec<Verdict>,
    /// Whether every verdict has the same outcome (allowed or blocked);
    /// always true when only one engine was judged.
    pub agree: bool,
}

/// Judges `exchange` for one engine, or for [`Engine::ALL`] when `engine`
/// is `None`.
pub fn explain(exchange: &Exchange, engine: Option<Engine>) -> Result<Explanation, InputError> {
    explain_in(Language::En, exchange, engine)
}

/// [`explain`], its words (explanations, fixes, notes) in `language`.
pub fn explain_in(
    language: Language,
    exchange: &Exchange,
    engine: Option<Engine>,
) -> Result<Explanation, InputError> {
    let engines: Vec<Engine> = match engine {
        Some(engine) => vec![engine],
        None => Engine::ALL.to_vec(),
    };
    let results = engines
        .into_iter()
        .map(|engine| judge_in(language, exchange, engine))
        .collect::<Result<Vec<_>, _>>()?;
    let agree = results.windows(2).all(|w| w[0].verdict == w[1].verdict);
    Ok(Explanation { results, agree })
}
