//! The doctor's verdict in words: the engine's outcome, the failed check,
//! the console line, the fix, the other engine when it differs, cookies,
//! and the warnings, in the language the diagnosis was asked in (the raw
//! HTTP, the console lines and the actix-cors call stay as they are).

use cors_model::{Credentials, Language, Outcome, Verdict};

use crate::http::{raw_answer, raw_request};
use crate::{Diagnosis, LegKind, Report};

cors_model::texts! {
    PREFLIGHT_AS_SENT {
        en: "preflight, as {engine} sends it:",
        ru: "предварительный запрос в том виде, как его отправляет {engine}:",
        zh: "预检请求，按 {engine} 的发送方式：",
    }
    REQUEST_AS_SENT {
        en: "the request, as {engine} sends it:",
        ru: "запрос в том виде, как его отправляет {engine}:",
        zh: "请求，按 {engine} 的发送方式：",
    }
    AFTER_THE_REDIRECT {
        en: "after the redirect:",
        ru: "после перенаправления:",
        zh: "重定向之后：",
    }
    NOT_SENT {
        en: "the request itself: not sent (a browser stops at the failed preflight)",
        ru: "сам запрос: не отправлен (браузер останавливается на непройденном предварительном запросе)",
        zh: "请求本身：未发送（预检失败时浏览器就停下了）",
    }
    REDIRECT_NOT_FOLLOWED {
        en: "the redirect to {location}: not followed",
        ru: "перенаправление на {location}: не выполнено",
        zh: "重定向到 {location}：未跟随",
    }
    VERDICT {
        en: "verdict: {outcome} ({engine})",
        ru: "вердикт: {outcome} ({engine})",
        zh: "结论：{outcome}（{engine}）",
    }
    pub(crate) ALLOWED {
        en: "allowed",
        ru: "разрешён",
        zh: "允许",
    }
    pub(crate) BLOCKED {
        en: "blocked",
        ru: "заблокирован",
        zh: "已拦截",
    }
    ENGINES_DIFFER {
        en: "{engine}: {outcome} (the engines differ)",
        ru: "{engine}: {outcome} (движки расходятся)",
        zh: "{engine}：{outcome}（各引擎的结论不同）",
    }
    FAILED_CHECK {
        en: "failed check: {stage} {check}: {summary}",
        ru: "непройденная проверка: {stage} {check}: {summary}",
        zh: "未通过的检查：{stage} {check}：{summary}",
    }
    CONSOLE {
        en: "console: {line}",
        ru: "консоль: {line}",
        zh: "控制台：{line}",
    }
    WHY {
        en: "why: {explanation}",
        ru: "почему: {explanation}",
        zh: "原因：{explanation}",
    }
    FIX {
        en: "fix: {text}\n     actix-cors: {actix}",
        ru: "как исправить: {text}\n     actix-cors: {actix}",
        zh: "修复：{text}\n     actix-cors: {actix}",
    }
    NOTE {
        en: "note: {note}",
        ru: "примечание: {note}",
        zh: "注：{note}",
    }
    WARNING {
        en: "warning: {warning}",
        ru: "предупреждение: {warning}",
        zh: "警告：{warning}",
    }
    COOKIES {
        en: "cookies: the doctor holds none, so none were sent",
        ru: "cookie: у cors-doctor их нет, поэтому ни одна не отправлена",
        zh: "Cookie：cors-doctor 没有任何 Cookie，所以一个也没有发送",
    }
    WOULD_SEND {
        en: "; a browser would send a SameSite=Lax cookie for this host here ({reason})",
        ru: "; браузер отправил бы сюда cookie этого хоста с SameSite=Lax ({reason})",
        zh: "；浏览器在这里会发送这个主机的 SameSite=Lax Cookie（{reason}）",
    }
    WOULD_NOT_SEND {
        en: "; a browser would not send a SameSite=Lax cookie for this host here ({reason})",
        ru: "; браузер не отправил бы сюда cookie этого хоста с SameSite=Lax ({reason})",
        zh: "；浏览器在这里不会发送这个主机的 SameSite=Lax Cookie（{reason}）",
    }
    ADD_CREDENTIALS {
        en: "; add --credentials for fetch(..., {credentials: \"include\"})",
        ru: "; для fetch(..., {credentials: \"include\"}) добавьте --credentials",
        zh: "；要模拟 fetch(..., {credentials: \"include\"})，请加上 --credentials",
    }
}

/// The diagnosis in words: the wire, then the verdict and what follows.
pub fn write(diagnosis: &Diagnosis) -> Report {
    let language = diagnosis.language;
    let [verdict, other] = &diagnosis.verdicts;
    let mut text = wire(diagnosis);
    text += &line(VERDICT.fill(
        language,
        &[
            ("outcome", &outcome(language, verdict.verdict)),
            ("engine", &verdict.engine.name()),
        ],
    ));
    text += &details(language, verdict);
    if other.verdict != verdict.verdict {
        text += &line(ENGINES_DIFFER.fill(
            language,
            &[
                ("engine", &other.engine.name()),
                ("outcome", &outcome(language, other.verdict)),
            ],
        ));
    }
    text += &cookies(diagnosis, verdict);
    for warning in &diagnosis.warnings {
        text += &line(WARNING.fill(language, &[("warning", warning)]));
    }
    Report {
        text,
        verdict: verdict.verdict,
    }
}

/// `text` as a line of the report.
/// A line of a report: the text and its newline.
pub(crate) fn line(text: String) -> String {
    text + "\n"
}

/// Each request sent and its answer, as raw HTTP.
fn wire(diagnosis: &Diagnosis) -> String {
    let language = diagnosis.language;
    let engine = ("engine", &diagnosis.engine.name() as &dyn std::fmt::Display);
    let mut text = String::new();
    for leg in &diagnosis.legs {
        let title = match leg.kind {
            LegKind::Preflight => PREFLIGHT_AS_SENT.fill(language, &[engine]),
            LegKind::Request => REQUEST_AS_SENT.fill(language, &[engine]),
            LegKind::Redirected => AFTER_THE_REDIRECT.fill(language, &[]),
            LegKind::Probe => continue,
        };
        text += &format!(
            "{title}\n{}{}\n",
            raw_request(&leg.request),
            raw_answer(&leg.answer)
        );
        if leg.kind == LegKind::Preflight && !diagnosis.request_sent {
            text += &format!("{}\n\n", NOT_SENT.get(language));
        }
    }
    if let Some(redirect) = diagnosis.redirect.as_ref().filter(|r| !r.followed) {
        let location = ("location", &redirect.location as &dyn std::fmt::Display);
        text += &format!("{}\n\n", REDIRECT_NOT_FOLLOWED.fill(language, &[location]));
    }
    text
}

fn outcome(language: Language, outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Allowed => ALLOWED.get(language),
        Outcome::Blocked => BLOCKED.get(language),
    }
}

fn details(language: Language, verdict: &Verdict) -> String {
    let mut text = String::new();
    if let Some(failed) = &verdict.failed {
        text += &line(FAILED_CHECK.fill(
            language,
            &[
                ("stage", &failed.stage.name()),
                ("check", &failed.check.name()),
                ("summary", &failed.summary),
            ],
        ));
        for console in &verdict.console {
            text += &line(CONSOLE.fill(language, &[("line", console)]));
        }
    }
    text += &line(WHY.fill(language, &[("explanation", &verdict.explanation)]));
    if let Some(fix) = &verdict.fix {
        text += &line(FIX.fill(language, &[("text", &fix.text), ("actix", &fix.actix)]));
    }
    for note in &verdict.departures {
        text += &line(NOTE.fill(language, &[("note", note)]));
    }
    text
}

fn cookies(diagnosis: &Diagnosis, verdict: &Verdict) -> String {
    let language = diagnosis.language;
    let mut text = COOKIES.get(language).to_owned();
    if let Some(effect) = &verdict.cookie_sent {
        let would = if effect.yes {
            WOULD_SEND
        } else {
            WOULD_NOT_SEND
        };
        text += &would.fill(language, &[("reason", &effect.reason)]);
    }
    if diagnosis.exchange.request.credentials != Credentials::Include {
        text += ADD_CREDENTIALS.get(language);
    }
    line(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text the doctor writes itself (the model's are tested there).
    fn all() -> Vec<&'static cors_model::text::Text> {
        [
            TEXTS,
            crate::warnings::TEXTS,
            crate::explain_error::TEXTS,
            crate::har::judge::TEXTS,
            crate::har::report::TEXTS,
        ]
        .concat()
    }

    #[test]
    fn every_translation_keeps_the_placeholders_and_its_script() {
        let problems: Vec<String> = all().iter().flat_map(|t| t.problems()).collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
