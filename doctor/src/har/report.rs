//! A judged HAR in words (one block per cross-origin request, then a count)
//! or as JSON lines (one object per request, the shape server-a's
//! `POST /har` answers in an array).

use super::judge::{Judged, Said};
use super::HarReport;

/// One JSON object per line.
pub fn json_lines(report: &HarReport) -> String {
    report
        .judged
        .iter()
        .map(|judged| serde_json::to_string(judged).unwrap_or_default() + "\n")
        .collect()
}

/// The report in words.
pub fn text(report: &HarReport) -> String {
    let mut text = String::new();
    if let Some(creator) = &report.creator {
        text += &format!("written by {creator}\n\n");
    }
    for judged in &report.judged {
        text += &block(judged);
        text += "\n";
    }
    text += &summary(report);
    text
}

fn verdicts(list: &std::collections::BTreeMap<&'static str, Said>) -> String {
    list.iter()
        .map(|(engine, said)| format!("{engine}: {}", said.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn block(j: &Judged) -> String {
    let mut text = format!("entry {}: {} {}\n", j.entry, j.method, j.url);
    let status = if j.sent {
        format!("status {}", j.status)
    } else {
        "not sent".to_owned()
    };
    text += &format!(
        "  from {}; preflight: {}; credentials: {}; {status}\n",
        j.origin,
        if j.preflight { "yes" } else { "no" },
        match j.credentials {
            super::judge::CredentialsSeen::Include => "include",
            super::judge::CredentialsSeen::Unknown => "unknown (judged as sent)",
        },
    );
    if let Some(error) = &j.error {
        text += &format!("  could not be judged: {error}\n");
        return text;
    }
    text += &format!("  verdict: {}\n", verdicts(&j.verdicts));
    if let Some(why) = &j.not_sent {
        text += &format!("  not sent: {why}\n");
    }
    if let Some(failed) = &j.failed_check {
        text += &format!(
            "  failed check ({}): {} {}: {}\n",
            j.explained_for,
            failed.stage.name(),
            failed.check,
            failed.summary
        );
        if let Some(engine) = j.engines.get(j.explained_for) {
            for line in &engine.console {
                text += &format!("  console: {line}\n");
            }
        }
    }
    text += &format!("  why: {}\n", j.explanation);
    if let Some(fix) = &j.fix {
        text += &format!("  fix: {}\n       actix-cors: {}\n", fix.text, fix.actix);
    }
    for (engine, verdict) in &j.engines {
        if *engine == j.explained_for || verdict.verdict == j.verdicts[j.explained_for] {
            continue;
        }
        text += &format!(
            "  {engine} differs: {}: {}\n",
            verdict.verdict.name(),
            verdict.explanation
        );
    }
    if let Some(with) = &j.verdicts_with_credentials {
        text += &format!(
            "  with credentials: \"include\" the verdict would be: {}\n",
            verdicts(with)
        );
    }
    for note in &j.notes {
        text += &format!("  note: {note}\n");
    }
    text
}

fn summary(report: &HarReport) -> String {
    let count = |said: Said| {
        report
            .judged
            .iter()
            .filter(|j| j.error.is_none() && j.verdicts.values().any(|v| *v == said))
            .count()
    };
    let blocked = count(Said::Blocked);
    let allowed = report
        .judged
        .iter()
        .filter(|j| j.error.is_none() && j.verdicts.values().all(|v| *v == Said::Allowed))
        .count();
    let unjudged = report.judged.iter().filter(|j| j.error.is_some()).count();
    let mut text = format!(
        "{} cross-origin request{} in {} entr{}: {allowed} allowed, {blocked} blocked in at least one engine",
        report.judged.len(),
        if report.judged.len() == 1 { "" } else { "s" },
        report.entries,
        if report.entries == 1 { "y" } else { "ies" },
    );
    if unjudged > 0 {
        text += &format!(", {unjudged} could not be judged");
    }
    text + "\n"
}
