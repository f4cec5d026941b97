//! The doctor's verdict in words: the engine's outcome, the failed check,
//! the console line, the fix, the other engine when it differs, cookies,
//! and the warnings.

use cors_model::{judge, Answer, Exchange, Outcome, Verdict};

use crate::{warnings, Args, DoctorError, Report};

pub fn write(
    args: &Args,
    exchange: &Exchange,
    wire: String,
    probe: Option<&Answer>,
) -> Result<Report, DoctorError> {
    let engine = args.engine;
    let verdict = judge(exchange, engine).map_err(DoctorError::Input)?;
    let other = judge(exchange, engine.other()).map_err(DoctorError::Input)?;
    let mut text = wire;
    text += &format!(
        "verdict: {} ({})\n",
        outcome(verdict.verdict),
        engine.name()
    );
    text += &details(&verdict);
    if other.verdict != verdict.verdict {
        text += &format!(
            "{}: {} (the engines differ)\n",
            other.engine.name(),
            outcome(other.verdict)
        );
    }
    text += &cookies(args, &verdict);
    for warning in warnings::all(
        engine,
        exchange.preflight.as_ref(),
        exchange.response.as_ref(),
        probe,
    ) {
        text += &format!("warning: {warning}\n");
    }
    Ok(Report {
        text,
        verdict: verdict.verdict,
    })
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

fn cookies(args: &Args, verdict: &Verdict) -> String {
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
    if !args.credentials {
        text += "; add --credentials for fetch(..., {credentials: \"include\"})";
    }
    text + "\n"
}
