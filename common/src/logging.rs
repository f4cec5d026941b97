//! The logger, installed first thing: a misconfigured `Cors` only says so in a log line.
//!
//! The access log writes a line per request. Written one `write` call at a
//! time, unbuffered, that cost server-b about a fifth of its throughput. When
//! stderr is not a terminal (a container, a file, a pipe), lines are batched
//! instead, as nginx's `access_log ... buffer= flush=` does: a background
//! thread writes them out every [`FLUSH_EVERY`], or at once past
//! [`BATCH_BYTES`], and [`flush`] writes what is left when the server stops.
//! On a terminal every line goes out as it is logged.

use std::io::{self, IsTerminal, Write};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// How long a log line may wait before it is written.
pub const FLUSH_EVERY: Duration = Duration::from_millis(100);
/// A batch this large is written at once, by the thread that logs.
pub const BATCH_BYTES: usize = 64 * 1024;

static BATCH: OnceLock<Batch> = OnceLock::new();

/// Installs env_logger (`RUST_LOG`, default `info`), batched when stderr is not a terminal.
pub fn init() {
    let mut builder =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"));
    builder.format(crate::log_format::write_record);
    if !io::stderr().is_terminal() {
        let batch = BATCH.get_or_init(Batch::start).clone();
        builder.target(env_logger::Target::Pipe(Box::new(batch)));
    }
    builder.init();
}

/// Writes out the lines still waiting (call it before the process exits).
pub fn flush() {
    if let Some(batch) = BATCH.get() {
        batch.write_out();
    }
}

/// Log lines waiting to be written to stderr.
#[derive(Clone)]
struct Batch(Arc<Mutex<Vec<u8>>>);

impl Batch {
    fn start() -> Batch {
        let batch = Batch(Arc::default());
        let flusher = batch.clone();
        std::thread::Builder::new()
            .name("log-flush".into())
            .spawn(move || loop {
                std::thread::sleep(FLUSH_EVERY);
                flusher.write_out();
            })
            .expect("a thread to write the log");
        batch
    }

    fn write_out(&self) {
        let waiting = std::mem::take(&mut *self.lock());
        if !waiting.is_empty() {
            // Nowhere to report a failure to write the log: drop the lines.
            let _ = io::stderr().lock().write_all(&waiting);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        // A plain byte buffer cannot be left inconsistent: ignore poisoning.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Write for Batch {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let full = {
            let mut waiting = self.lock();
            waiting.extend_from_slice(bytes);
            waiting.len() >= BATCH_BYTES
        };
        if full {
            self.write_out();
        }
        Ok(bytes.len())
    }

    /// env_logger flushes after every line: the batch is written out by the
    /// background thread instead.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
