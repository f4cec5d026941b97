//! The logger, installed first thing: a misconfigured `Cors` only says so in a log line.

pub fn init() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"))
        .format_timestamp_secs()
        .init();
}
