//! A judged HAR in words (one block per cross-origin request, then a count)
//! or as JSON lines (one object per request, the shape server-a's
//! `POST /har` answers in an array). The words are in the report's
//! language, as the judgements are.

use crate::report::line;
use cors_model::Language;

use super::judge::{CredentialsSeen, Judged, Said};
use super::HarReport;

cors_model::texts! {
    WRITTEN_BY {
        en: "written by {creator}",
        ru: "записал {creator}",
        zh: "生成者：{creator}",
    }
    ENTRY {
        en: "entry {number}: {method} {url}",
        ru: "запись {number}: {method} {url}",
        zh: "条目 {number}：{method} {url}",
    }
    REQUEST_LINE {
        en: "  from {origin}; preflight: {preflight}; credentials: {credentials}; {status}",
        ru: "  источник: {origin}; предварительный запрос: {preflight}; учётные данные: {credentials}; {status}",
        zh: "  来自 {origin}；预检请求：{preflight}；凭据：{credentials}；{status}",
    }
    YES {
        en: "yes",
        ru: "да",
        zh: "有",
    }
    NO {
        en: "no",
        ru: "нет",
        zh: "无",
    }
    UNKNOWN_CREDENTIALS {
        en: "unknown (judged as sent)",
        ru: "неизвестно (оценивается так, как был отправлен)",
        zh: "未知（按实际发送的情况评判）",
    }
    STATUS {
        en: "status {status}",
        ru: "статус {status}",
        zh: "状态码 {status}",
    }
    NOT_SENT {
        en: "not sent",
        ru: "не отправлен",
        zh: "未发送",
    }
    UNJUDGED {
        en: "  could not be judged: {error}",
        ru: "  оценить не удалось: {error}",
        zh: "  无法评判：{error}",
    }
    VERDICT {
        en: "  verdict: {verdicts}",
        ru: "  вердикт: {verdicts}",
        zh: "  结论：{verdicts}",
    }
    WHY_NOT_SENT {
        en: "  not sent: {why}",
        ru: "  не отправлен: {why}",
        zh: "  未发送：{why}",
    }
    FAILED_CHECK {
        en: "  failed check ({engine}): {stage} {check}: {summary}",
        ru: "  непройденная проверка ({engine}): {stage} {check}: {summary}",
        zh: "  未通过的检查（{engine}）：{stage} {check}：{summary}",
    }
    CONSOLE {
        en: "  console: {line}",
        ru: "  консоль: {line}",
        zh: "  控制台：{line}",
    }
    WHY {
        en: "  why: {explanation}",
        ru: "  почему: {explanation}",
        zh: "  原因：{explanation}",
    }
    FIX {
        en: "  fix: {text}\n       actix-cors: {actix}",
        ru: "  как исправить: {text}\n       actix-cors: {actix}",
        zh: "  修复：{text}\n       actix-cors: {actix}",
    }
    DIFFERS {
        en: "  {engine} differs: {verdict}: {explanation}",
        ru: "  {engine} решает иначе: {verdict}: {explanation}",
        zh: "  {engine} 的结论不同：{verdict}：{explanation}",
    }
    WITH_CREDENTIALS {
        en: "  with credentials: \"include\" the verdict would be: {verdicts}",
        ru: "  с credentials: \"include\" вердикт был бы таким: {verdicts}",
        zh: "  如果使用 credentials: \"include\"，结论会是：{verdicts}",
    }
    NOTE {
        en: "  note: {note}",
        ru: "  примечание: {note}",
        zh: "  注：{note}",
    }
    UNKNOWN {
        en: "unknown",
        ru: "неизвестно",
        zh: "未知",
    }
    SUMMARY {
        en: "{requests} in {entries}: {allowed} allowed, {blocked} blocked in at least one engine",
        ru: "{requests} в {entries}: разрешено {allowed}, заблокировано хотя бы одним движком {blocked}",
        zh: "{entries}中有 {requests}：{allowed} 个允许，{blocked} 个至少被一个引擎拦截",
    }
    UNJUDGED_COUNT {
        en: ", {unjudged} could not be judged",
        ru: ", оценить не удалось {unjudged}",
        zh: "，{unjudged} 个无法评判",
    }
}

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
    let language = report.language;
    let mut text = String::new();
    if let Some(creator) = &report.creator {
        text += &WRITTEN_BY.fill(language, &[("creator", creator)]);
        text += "\n\n";
    }
    for judged in &report.judged {
        text += &block(language, judged);
        text += "\n";
    }
    text += &summary(report);
    text
}

/// A verdict's word in `language`.
fn said(language: Language, said: Said) -> &'static str {
    match said {
        // The same words as the doctor's verdicts.
        Said::Allowed => crate::report::ALLOWED.get(language),
        Said::Blocked => crate::report::BLOCKED.get(language),
        Said::Unknown => UNKNOWN.get(language),
    }
}

fn verdicts(language: Language, list: &std::collections::BTreeMap<&'static str, Said>) -> String {
    list.iter()
        .map(|(engine, verdict)| format!("{engine}: {}", said(language, *verdict)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn block(language: Language, j: &Judged) -> String {
    let mut text = line(ENTRY.fill(
        language,
        &[("number", &j.entry), ("method", &j.method), ("url", &j.url)],
    ));
    let status = if j.sent {
        STATUS.fill(language, &[("status", &j.status)])
    } else {
        NOT_SENT.get(language).to_owned()
    };
    let preflight = if j.preflight { YES } else { NO };
    let credentials = match j.credentials {
        CredentialsSeen::Include => "include",
        CredentialsSeen::Unknown => UNKNOWN_CREDENTIALS.get(language),
    };
    text += &line(REQUEST_LINE.fill(
        language,
        &[
            ("origin", &j.origin),
            ("preflight", &preflight.get(language)),
            ("credentials", &credentials),
            ("status", &status),
        ],
    ));
    if let Some(error) = &j.error {
        text += &line(UNJUDGED.fill(language, &[("error", error)]));
        return text;
    }
    text += &line(VERDICT.fill(language, &[("verdicts", &verdicts(language, &j.verdicts))]));
    if let Some(why) = &j.not_sent {
        text += &line(WHY_NOT_SENT.fill(language, &[("why", why)]));
    }
    if let Some(failed) = &j.failed_check {
        text += &line(FAILED_CHECK.fill(
            language,
            &[
                ("engine", &j.explained_for),
                ("stage", &failed.stage.name()),
                ("check", &failed.check),
                ("summary", &failed.summary),
            ],
        ));
        if let Some(engine) = j.engines.get(j.explained_for) {
            for console in &engine.console {
                text += &line(CONSOLE.fill(language, &[("line", console)]));
            }
        }
    }
    text += &line(WHY.fill(language, &[("explanation", &j.explanation)]));
    if let Some(fix) = &j.fix {
        text += &line(FIX.fill(language, &[("text", &fix.text), ("actix", &fix.actix)]));
    }
    text += &differing(language, j);
    if let Some(with) = &j.verdicts_with_credentials {
        text += &line(WITH_CREDENTIALS.fill(language, &[("verdicts", &verdicts(language, with))]));
    }
    for note in &j.notes {
        text += &line(NOTE.fill(language, &[("note", note)]));
    }
    text
}

/// A line for each engine whose verdict differs from the one explained.
fn differing(language: Language, j: &Judged) -> String {
    let mut text = String::new();
    for (engine, verdict) in &j.engines {
        if *engine == j.explained_for || verdict.verdict == j.verdicts[j.explained_for] {
            continue;
        }
        text += &line(DIFFERS.fill(
            language,
            &[
                ("engine", engine),
                ("verdict", &said(language, verdict.verdict)),
                ("explanation", &verdict.explanation),
            ],
        ));
    }
    text
}

fn summary(report: &HarReport) -> String {
    let language = report.language;
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
    let mut text = SUMMARY.fill(
        language,
        &[
            ("requests", &requests(language, report.judged.len())),
            ("entries", &entries(language, report.entries)),
            ("allowed", &allowed),
            ("blocked", &blocked),
        ],
    );
    if unjudged > 0 {
        text += &UNJUDGED_COUNT.fill(language, &[("unjudged", &unjudged)]);
    }
    line(text)
}

/// "3 cross-origin requests", counted as each language counts.
fn requests(language: Language, n: usize) -> String {
    match language {
        Language::En => format!("{n} cross-origin request{}", if n == 1 { "" } else { "s" }),
        Language::Ru => format!(
            "{n} {} к другим источникам",
            russian_form(n, ["запрос", "запроса", "запросов"])
        ),
        Language::Zh => format!("{n} 个跨源请求"),
    }
}

/// "12 entries", after "in" ("в 12 записях").
fn entries(language: Language, n: usize) -> String {
    match language {
        Language::En => format!("{n} entr{}", if n == 1 { "y" } else { "ies" }),
        Language::Ru => format!("{n} {}", russian_form(n, ["записи", "записях", "записях"])),
        Language::Zh => format!("{n} 个条目"),
    }
}

/// The Russian form after the number `n`: one (1, 21, …), few (2–4,
/// 22–24, …) or many (the rest, 11–14 included).
fn russian_form(n: usize, [one, few, many]: [&'static str; 3]) -> &'static str {
    match (n % 10, n % 100) {
        (1, 11) => many,
        (1, _) => one,
        (2..=4, 12..=14) => many,
        (2..=4, _) => few,
        _ => many,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_each_language_counts() {
        assert_eq!(requests(Language::En, 1), "1 cross-origin request");
        assert_eq!(entries(Language::En, 12), "12 entries");
        let russian: Vec<String> = [1, 2, 5, 11, 21, 22, 112]
            .map(|n| requests(Language::Ru, n))
            .into();
        assert_eq!(
            russian,
            [
                "1 запрос к другим источникам",
                "2 запроса к другим источникам",
                "5 запросов к другим источникам",
                "11 запросов к другим источникам",
                "21 запрос к другим источникам",
                "22 запроса к другим источникам",
                "112 запросов к другим источникам",
            ]
        );
        assert_eq!(entries(Language::Ru, 21), "21 записи");
        assert_eq!(entries(Language::Ru, 3), "3 записях");
    }
}
