//! The state of the lessons' translations (`lessons::translation`): what
//! each language lacks or must bring up to date, and, with `--start`, a
//! file to translate for every lesson a language lacks: the English text
//! under the keys a translation has, with the English text's hash.

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::Parser;
use lessons::translation::{self, Language, Overlay};
use lessons::Lesson;

#[derive(Parser)]
#[command(
    name = "translations",
    about = "Report the state of the lessons' translations (ru, zh), or start the missing ones"
)]
struct Cli {
    /// Write `<catalogue>/<lang>/NN-<id>.toml` for each lesson the language
    /// lacks, holding the English text to translate (existing files are left
    /// alone).
    #[arg(long, value_name = "LANG")]
    start: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let catalogue = match lessons::catalogue() {
        Ok(catalogue) => catalogue,
        Err(e) => return fail(&e.to_string()),
    };
    if let Some(tag) = cli.start {
        let language = match Language::from_tag(&tag) {
            Some(language) if language != Language::En => language,
            _ => return fail(&format!("{tag}: the lab translates into ru and zh")),
        };
        return start(catalogue, language);
    }
    match translation::catalogue_problems(catalogue) {
        Ok(problems) if problems.is_empty() => {
            println!("every lesson is translated into ru and zh, and up to date");
            ExitCode::SUCCESS
        }
        Ok(problems) => {
            for problem in &problems {
                println!("{problem}");
            }
            ExitCode::FAILURE
        }
        Err(e) => fail(&format!("{e:#}")),
    }
}

/// Writes a starting overlay for each lesson `language` lacks.
fn start(catalogue: &[Lesson], language: Language) -> ExitCode {
    let dir = lessons::directory::current().join(language.code());
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return fail(&format!("cannot create {}: {e}", dir.display()));
    }
    for (n, lesson) in catalogue.iter().enumerate() {
        let path = dir.join(format!("{:02}-{}.toml", n + 1, lesson.id));
        if path.exists() {
            continue;
        }
        let text = match toml::to_string(&english_overlay(lesson)) {
            Ok(text) => text,
            Err(e) => return fail(&format!("{}: {e}", lesson.id)),
        };
        if let Err(e) = std::fs::write(&path, text) {
            return fail(&format!("cannot write {}: {e}", path.display()));
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

/// The lesson's English text as an overlay: what a translator starts from.
fn english_overlay(lesson: &Lesson) -> Overlay {
    Overlay {
        source: translation::source_hash(lesson),
        title: lesson.title.clone(),
        summary: lesson.summary.clone(),
        explanation: lesson.explanation.clone(),
        browsers: lesson.browsers.clone(),
        steps: lesson
            .steps
            .iter()
            .map(|s| (s.name.clone(), s.title.clone()))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("translations: {message}");
    ExitCode::FAILURE
}
