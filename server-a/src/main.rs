use std::process::ExitCode;

use clap::Parser;
use server_a::configuration::{Cli, Command, Settings};
use server_a::startup::Application;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let healthcheck = matches!(cli.command, Some(Command::Healthcheck)).then_some(cli.port);
    common::entry::run("server-a", healthcheck, || {
        actix_web::rt::System::new().block_on(run(cli))
    })
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::from_cli(cli)?;
    let app = Application::build(settings)?;
    log::info!("server-a (the lab page) listens: open {}", app.address());
    app.run_until_stopped().await?;
    Ok(())
}
