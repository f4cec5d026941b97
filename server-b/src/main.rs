//! `server-b`: parse the command line, then serve (or answer `healthcheck`).

use std::process::ExitCode;

use clap::Parser;
use server_b::configuration::{Cli, Settings};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let healthcheck = common::cli::healthcheck_port(cli.command.as_ref(), cli.listen.port);
    common::entry::main("server-b", healthcheck, || async move {
        let app = server_b::startup::build(Settings::from_cli(cli)?)?;
        log::info!("server-b (the API) listens on {}", app.address());
        Ok(app.run_until_stopped().await?)
    })
}
