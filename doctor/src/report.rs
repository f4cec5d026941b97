//! The doctor's verdict in words: the engine's outcome, the failed check,
//! the console line, the fix, the other engine when it differs, cookies,
//! and the warnings.

use cors_model::{Credentials, Outcome, Verdict};

use crate::http::{raw_answer, raw_request};
use crate::{Diagnosis, LegKind, Report};

/// The diagnosis in words: the wire, then the verdict and what follows.
pub fn write(diagnosis: &Diagnosis) -> Report {
    let [verdict, other] = &diagnosis.verdicts;
    let mut text = wire(diagnosis);
    text += &format!(
        "verdict: {} ({})\n",
        outcome(verdict.verdict),
        verdict.engine.name()
    );
    text += &details(verdict);
    if other.verdict != verdict.verdict {
        text += &format!(
            "{}: {} (the engines differ)\n",
            other.engine.name(),
            outcome(other.verdict)
        );
    }
    text += &cookies(diagnosis, verdict);
    for warning in &diagnosis.warnings {
        text += &format!("warning: {warning}\n");
    }
    Report {
        text,
        verdict: verdict.verdict,
    }
}

/// Each request sent and its answer, as raw HTTP.
fn wire(diagnosis: &Diagnosis) -> String {
    let engine = diagnosis.engine.name();
    let mut text = String::new();
    for leg in &diagnosis.legs {
        let title = match leg.kind {
            LegKind::Preflight => format!("preflight, as {engine} sends it:"),
            LegKind::Request => format!("the request, as {engine} sends it:"),
            LegKind::Redirected => "after the redirect:".to_owned(),
            LegKind::Probe => continue,
        };
        text += &format!(
            "{title}\n{}{}\n",
            raw_request(&leg.request),
            raw_answer(&leg.answer)
        );
        if leg.kind == LegKind::Preflight && !diagnosis.request_sent {
            text += "the request itself: not sent (a browser stops at the failed preflight)\n\n";
        }
    }
    if let Some(redirect) = diagnosis.redirect.as_ref().filter(|r| !r.followed) {
        text += &format!("the redirect to {}: not followed\n\n", redirect.location);
    }
    text
}

fn outcome(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Allowed => "allowed",
        Outcome::Blocked => "blocked",
    }
}

fn details(verdict: &Verdict) -> String {
    let mut text = String::new();
    if let Some(failed) = &verdict.failed {
        text += &format!(
            "failed check: {} {}: {}\n",
            failed.stage.name(),
            failed.check.name(),
            failed.summary
        );
        for line in &verdict.console {
            text += &format!("console: {line}\n");
        }
    }
    text += &format!("why: {}\n", verdict.explanation);
    if let Some(fix) = &verdict.fix {
        text += &format!("fix: {}\n     actix-cors: {}\n", fix.text, fix.actix);
    }
    for note in &verdict.departures {
        text += &format!("note: {note}\n");
    }
    text
}

fn cookies(diagnosis: &Diagnosis, verdict: &Verdict) -> String {
    let mut text = "cookies: the doctor holds none, so none were sent".to_owned();
    if let Some(effect) = &verdict.cookie_sent {
        let would = if effect.yes {
            "would send"
        } else {
            "would not send"
        };
        text += &format!(
            "; a browser {would} a SameSite=Lax cookie for this host here ({})",
            effect.reason
        );
    }
    if diagnosis.exchange.request.credentials != Credentials::Include {
        text += "; add --credentials for fetch(..., {credentials: \"include\"})";
    }
    text + "\n"
}
