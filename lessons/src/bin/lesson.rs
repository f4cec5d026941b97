//! Replays a lesson's exchanges with curl against running servers and prints
//! the raw request and response headers: the terminal path through the lab.

use std::process::{Command, ExitCode};

use clap::Parser;
use lessons::{curl, Origins};

#[derive(Parser)]
#[command(
    name = "lesson",
    about = "Replay a CORS Lab lesson with curl against running servers",
    after_help = "A browser sends the request after a preflight only if the preflight \
                  answer allows it; curl sends both, so you see both answers."
)]
struct Cli {
    /// The lesson to replay (see --list).
    id: Option<String>,
    /// List the lessons.
    #[arg(long)]
    list: bool,
    /// The page's origin (server-a), as the browser sees it.
    #[arg(long, env = "LAB_PAGE_ORIGIN", default_value = "http://localhost:8080")]
    page: String,
    /// The API's origin (server-b).
    #[arg(long, env = "LAB_API_ORIGIN", default_value = "http://localhost:8081")]
    api: String,
    /// The API's https origin (server-b's --tls-port).
    #[arg(
        long,
        env = "LAB_API_TLS_ORIGIN",
        default_value = "https://localhost:8443"
    )]
    api_tls: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let catalogue = match lessons::catalogue() {
        Ok(catalogue) => catalogue,
        Err(e) => return fail(&e.to_string()),
    };
    let origins = Origins::seen_from(&cli.page, &cli.api).with_api_tls(Some(&cli.api_tls));
    if cli.list || cli.id.is_none() {
        for (n, lesson) in catalogue.iter().enumerate() {
            let title = lessons::prose::fill(&lesson.title, &origins);
            println!("{:>2}. {:<26} {title}", n + 1, lesson.id);
        }
        return ExitCode::SUCCESS;
    }
    let id = cli.id.unwrap_or_default();
    let Some(lesson) = lessons::find(&id) else {
        return fail(&format!("no lesson '{id}' (see --list)"));
    };
    // Titles name the origins the way the page shows them.
    let lesson = lessons::prose::fill_lesson(lesson, &origins);
    // Each replay starts with an empty cookie jar, as a fresh browser would.
    let _ = std::fs::remove_file(curl::COOKIE_JAR);
    println!("# {}: {}\n", lesson.id, lesson.title);
    for step in &lesson.steps {
        println!("## {} ({})", step.title, step.name);
        let setup = curl::setup(step, &origins);
        for command in setup
            .iter()
            .chain(&curl::commands(&lesson.id, step, &origins))
        {
            println!("$ {}", command.to_shell());
            match Command::new("curl").args(&command.args).output() {
                Ok(output) => {
                    print!("{}", String::from_utf8_lossy(&output.stdout));
                    eprint!("{}", String::from_utf8_lossy(&output.stderr));
                    println!("\n");
                }
                Err(e) => return fail(&format!("cannot run curl ({e}): install curl")),
            }
        }
    }
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("lesson: {message}");
    ExitCode::FAILURE
}
