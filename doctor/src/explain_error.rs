//! `cors-doctor explain-error [--json] [--lab ORIGIN] [LINE...]`: console
//! text as copied from DevTools (the arguments, or standard input when none
//! are given), read back to the failed check by the model's reader, with
//! what it means, the fix and a link into the lab's playground, in the
//! language `--lang` (else the locale: `LC_ALL`, `LC_MESSAGES`, `LANG`) names.
//!
//! Exit status: 0 when a CORS failure was recognised, 1 when none was, 2 on
//! empty input.

use crate::report::line;
use std::io::Read;
use std::process::ExitCode;

use clap::Parser;
use cors_model::{ErrorReport, Language};

cors_model::texts! {
    NO_ENGINE {
        en: "No engine",
        ru: "Движок не определён",
        zh: "未知引擎",
    }
    NO_CHECK_NAMED {
        en: "no failed check named",
        ru: "непройденная проверка не названа",
        zh: "未指出失败的检查",
    }
    STAGE_NOT_NAMED {
        en: "stage not named",
        ru: "этап не назван",
        zh: "未指出阶段",
    }
    LINE {
        en: "  line:   {line}",
        ru: "  строка:   {line}",
        zh: "  行：{line}",
    }
    ORIGIN {
        en: "  origin: {origin}",
        ru: "  источник: {origin}",
        zh: "  源：{origin}",
    }
    MEANS {
        en: "  What it means: {explanation}",
        ru: "  Что это значит: {explanation}",
        zh: "  含义：{explanation}",
    }
    FIX {
        en: "  Fix: {text}\n    actix-web: {actix}",
        ru: "  Как исправить: {text}\n    actix-web: {actix}",
        zh: "  修复：{text}\n    actix-web: {actix}",
    }
    MUST_CARRY {
        en: "    the answer must carry:",
        ru: "    в ответе должны быть:",
        zh: "    响应必须带有：",
    }
    RUN_IT {
        en: "  Run it in the lab: {link}",
        ru: "  Повторите это в лаборатории: {link}",
        zh: "  在实验室中重现：{link}",
    }
}

/// Explains a CORS error line from the browser's console.
#[derive(Debug, Clone, Parser)]
#[command(name = "cors-doctor explain-error", version)]
pub struct ExplainArgs {
    /// The console text; read from standard input when none is given.
    pub lines: Vec<String>,
    /// One JSON object per line found, one per output line.
    #[arg(long)]
    pub json: bool,
    /// The lab page the playground links point at.
    #[arg(long, env = "LAB_ORIGIN", default_value = "http://localhost:8080")]
    pub lab: String,
    /// The language of the explanations: en, ru or zh. Without it, the one the
    /// locale names (LC_ALL, LC_MESSAGES, LANG: ru_RU.UTF-8 Russian,
    /// zh_CN.UTF-8 Chinese), else English.
    #[arg(long, value_name = "en|ru|zh", value_parser = crate::cli::language)]
    pub lang: Option<Language>,
}

/// Runs the subcommand with `argv` (its own name first).
pub fn run(argv: impl IntoIterator<Item = String>) -> ExitCode {
    let args = match ExplainArgs::try_parse_from(argv) {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let text = if args.lines.is_empty() {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            eprintln!("cors-doctor explain-error: standard input: {e}");
            return ExitCode::from(2);
        }
        text
    } else {
        args.lines.join("\n")
    };
    if text.trim().is_empty() {
        eprintln!("cors-doctor explain-error: no text: paste the console line as an argument or on standard input");
        return ExitCode::from(2);
    }
    let language = crate::cli::language_or_lang(args.lang);
    let reports = cors_model::explain_error_in(language, &text, &args.lab);
    for report in &reports {
        if args.json {
            println!("{}", serde_json::to_string(report).unwrap_or_default());
        } else {
            print!("{}", words_in(language, report));
        }
    }
    ExitCode::from(if reports.iter().any(ErrorReport::is_cors_failure) {
        0
    } else {
        1
    })
}

/// One report for a person.
pub fn words(report: &ErrorReport) -> String {
    words_in(Language::En, report)
}

/// [`words`], the report's own words in `language` (the report itself was
/// written in one: `cors_model::explain_error_in`).
pub fn words_in(language: Language, report: &ErrorReport) -> String {
    let mut out = String::new();
    let engine = report.engine.map_or(NO_ENGINE.get(language), |e| e.label());
    let api = report.api.map(|api| match api {
        cors_model::Api::Fetch => " (fetch)",
        cors_model::Api::Xhr => " (XMLHttpRequest)",
    });
    let kind = report
        .failure
        .as_ref()
        .and_then(|f| f["kind"].as_str())
        .unwrap_or(NO_CHECK_NAMED.get(language));
    let stage = report
        .stage
        .map_or(STAGE_NOT_NAMED.get(language), |s| s.name());
    out += &format!("{engine}{}: {kind} ({stage})\n", api.unwrap_or(""));
    out += &line(LINE.fill(language, &[("line", &report.line)]));
    if let Some(url) = &report.url {
        out += &format!("  URL:    {url}\n");
    }
    if let Some(origin) = &report.origin {
        out += &line(ORIGIN.fill(language, &[("origin", origin)]));
    }
    out += &line(MEANS.fill(language, &[("explanation", &report.explanation)]));
    if let Some(fix) = &report.fix {
        out += &line(FIX.fill(language, &[("text", &fix.text), ("actix", &fix.actix)]));
        if !fix.headers.is_empty() {
            out += &line(MUST_CARRY.get(language).to_owned());
            for header in &fix.headers {
                out += &format!("      {header}\n");
            }
        }
    }
    if let Some(link) = &report.link {
        out += &line(RUN_IT.fill(language, &[("link", link)]));
    }
    out + "\n"
}
