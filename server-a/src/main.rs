use std::process::ExitCode;

use clap::Parser;
use server_a::configuration::{Cli, Command, Settings};
use server_a::startup::Application;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Healthcheck) = cli.command {
        return match common::health::check(cli.port) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("server-a: unhealthy: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    common::logging::init();
    match actix_web::rt::System::new().block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server-a: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::from_cli(cli)?;
    let app = Application::build(settings)?;
    log::info!("server-a (the lab page) listens: open {}", app.address());
    app.run_until_stopped().await?;
    Ok(())
}
