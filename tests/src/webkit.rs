//! WebKit, the third engine, driven over WebDriver as Chromium and Firefox
//! are (a fantoccini [`Client`]), with its console read from the engine.
//!
//! Debian's WebKitWebDriver (package webkit2gtk-driver) drives WebKitGTK, but
//! it cannot give a client the console: no log endpoint, no BiDi. So the
//! browser it launches is the lab's own, `tests/webkit/lab_webkit_browser.py`
//! (PyGObject on WebKitGTK 4.1), named in the session's capabilities: it
//! allows automation, turns on WebKit's `enable-write-console-messages-to-stdout`
//! for the views the session creates, and sends its output, and so its web
//! processes', to a file of this session's, read here line by line
//! ([`WebKit::console`]). WebKitGTK has no headless mode: each session has an
//! Xvfb of its own, on a display it picks itself (`-displayfd`).
//!
//! Each session trusts the lab's CA as a learner's system does once the CA
//! is among its authorities: WebKitGTK verifies with the system's trust,
//! GnuTLS's one bundle file ([`crate::trust::SYSTEM_BUNDLE`]), so the driver,
//! and with it the browser and its network process, runs under `bwrap` (a
//! dependency of WebKitGTK itself) in a mount namespace of its own, where
//! that path shows the session's bundle: the system's authorities and the
//! lab's CA after them ([`crate::trust::TrustStore::system_bundle`]). Nothing
//! outside the session sees it, and nothing turns certificate checks off
//! (no TLS errors policy, no accepted certificate). [`WebKit::start_untrusting`]
//! starts one without it, as a learner's browser before the CA is added.
//!
//! Xvfb and WebKitWebDriver each start in a process group of their own; the
//! browser program, WebKitWebProcess and WebKitNetworkProcess are in the
//! driver's. Dropping a [`WebKit`] kills both groups and removes the
//! session's scratch directory, so nothing outlives a test, even one that
//! panicked. Where WebKit is not installed the caller skips with one line
//! (unless `LAB_REQUIRE_BROWSER=1`).
//!
//! A [`crate::browser::Browser`] of `Engine::Webkit` is one of these
//! sessions: the per-engine browser tests run WebKit through it.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::Client;
use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;
use serde_json::{json, Value};

use crate::browser::{find, wait_until_ready, Cookies};
use crate::trust::{TrustStore, SYSTEM_BUNDLE};

const HINT: &str = "install Debian's WebKitGTK driver, Xvfb, PyGObject and \
    bubblewrap (apt-get install webkit2gtk-driver xvfb python3-gi \
    gir1.2-webkit2-4.1 bubblewrap), or set WEBKITWEBDRIVER, XVFB, BWRAP and \
    LAB_WEBKIT_PYTHON";

/// The browser program WebKitWebDriver launches.
pub fn browser_program() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("webkit/lab_webkit_browser.py")
}

/// A WebKit session: the WebDriver client and the engine's console.
pub struct WebKit {
    pub client: Client,
    /// How long starting Xvfb, the driver and the session took.
    pub started_in: Duration,
    console: ConsoleFile,
    processes: Processes,
}

/// One line WebKit wrote for a console message: `CONSOLE SECURITY ERROR
/// Origin http://localhost:8080 is not allowed by Access-Control-Allow-Origin.
/// Status code: 200` is source `SECURITY`, level `ERROR` and the rest the
/// message. `console.log` and friends have no source word (`CONSOLE LOG …`):
/// their source is `CONSOLE-API` here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    /// `JS`, `SECURITY`, `NETWORK`, `CONSOLE-API`, …
    pub source: String,
    /// `LOG`, `INFO`, `WARN`, `ERROR` or `DEBUG`.
    pub level: String,
    pub message: String,
    /// `url:line:column` when WebKit named where the message came from.
    pub location: String,
}

const LEVELS: [&str; 5] = ["LOG", "INFO", "WARN", "ERROR", "DEBUG"];

impl ConsoleLine {
    /// The console message on one line of output, if it holds one: WebKit
    /// writes `[url:line:column: ]CONSOLE [SOURCE ]LEVEL message`. Other
    /// lines (GTK's or GLib's warnings) are not console messages; a message
    /// with line breaks keeps its first line only.
    pub fn parse(line: &str) -> Option<ConsoleLine> {
        let (location, rest) = if let Some(rest) = line.strip_prefix("CONSOLE ") {
            ("", rest)
        } else {
            let at = line.find(": CONSOLE ")?;
            (&line[..at], &line[at + ": CONSOLE ".len()..])
        };
        let mut words = rest.splitn(3, ' ');
        let first = words.next()?;
        let (source, level, message) = if LEVELS.contains(&first) {
            let message = rest[first.len()..].trim_start();
            ("CONSOLE-API", first, message)
        } else {
            let level = words.next()?;
            if !LEVELS.contains(&level) {
                return None;
            }
            (first, level, words.next().unwrap_or_default())
        };
        Some(ConsoleLine {
            source: source.to_owned(),
            level: level.to_owned(),
            message: message.to_owned(),
            location: location.to_owned(),
        })
    }
}

/// The session's console file and how far it has been read.
struct ConsoleFile {
    path: PathBuf,
    read_to: Mutex<u64>,
}

impl ConsoleFile {
    /// The complete lines written since the last read.
    fn read_new_lines(&self) -> Vec<String> {
        let mut read_to = self.read_to.lock().unwrap();
        let Ok(mut file) = File::open(&self.path) else {
            return Vec::new();
        };
        if file.seek(SeekFrom::Start(*read_to)).is_err() {
            return Vec::new();
        }
        let mut bytes = Vec::new();
        if file.read_to_end(&mut bytes).is_err() {
            return Vec::new();
        }
        // A line still being written waits for the next read.
        let Some(end) = bytes.iter().rposition(|b| *b == b'\n') else {
            return Vec::new();
        };
        *read_to += end as u64 + 1;
        String::from_utf8_lossy(&bytes[..end])
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// What this machine has of WebKit.
struct Install {
    driver: PathBuf,
    xvfb: PathBuf,
    python: PathBuf,
    /// bubblewrap, which shows a session its own system trust.
    bwrap: PathBuf,
}

/// WebKitWebDriver, Xvfb, bubblewrap, and a Python with PyGObject and
/// WebKit2 4.1's typelib (Debian's `/usr/bin/python3`, not whichever
/// `python3` is first on the PATH), or `None`.
fn installed() -> Option<Install> {
    let driver = find("WEBKITWEBDRIVER", "WebKitWebDriver")?;
    let xvfb = find("XVFB", "Xvfb")?;
    let bwrap = find("BWRAP", "bwrap")?;
    let python = std::env::var_os("LAB_WEBKIT_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/python3"));
    let has_webkit = Command::new(&python)
        .args([
            "-c",
            "import gi; gi.require_version('Gtk', '3.0'); gi.require_version('WebKit2', '4.1')",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    has_webkit.then_some(Install {
        driver,
        xvfb,
        python,
        bwrap,
    })
}

impl WebKit {
    /// Xvfb, WebKitWebDriver and a session with the lab's browser, trusting
    /// the lab's CA, or `None` (after saying why) when WebKit is not
    /// installed and not required.
    pub async fn start() -> Option<WebKit> {
        Self::start_with(Cookies::Default).await
    }

    /// The same, with the third-party cookie setting `cookies` (WebKit's
    /// cookie accept policy: its default is no third-party cookies).
    pub async fn start_with(cookies: Cookies) -> Option<WebKit> {
        Self::start_session(cookies, true, None).await
    }

    /// A session that does not trust the lab's CA, as a learner's WebKit
    /// before the CA is among the system's authorities: every request to
    /// server-b's https origin fails in the TLS handshake.
    pub async fn start_untrusting() -> Option<WebKit> {
        Self::start_session(Cookies::Default, false, None).await
    }

    /// A session with the third-party cookie setting `cookies`, trusting
    /// the lab's CA or not, and with `language` (a tag such as `ru` or
    /// `zh-CN`) as the browser's language where given (the context's
    /// preferred languages: the process's locale does not reach them).
    pub async fn start_session(
        cookies: Cookies,
        trusts_lab_ca: bool,
        language: Option<&str>,
    ) -> Option<WebKit> {
        let Some(install) = installed() else {
            if std::env::var("LAB_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!("LAB_REQUIRE_BROWSER=1 but WebKit was not found: {HINT}");
            }
            eprintln!("WebKit tests skipped: {HINT}");
            return None;
        };
        let started = Instant::now();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let scratch = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../target/lab-browser-tmp/webkit-{port}"));
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).unwrap();
        let mut processes = Processes {
            children: Vec::new(),
            scratch: Some(scratch.clone()),
        };
        let bundle = trusts_lab_ca.then(|| {
            let ca = crate::lab::lab_ca_pem().expect("the lab's CA certificate");
            TrustStore::system_bundle(&scratch.join("trust"), &ca).unwrap_or_else(|e| panic!("{e}"))
        });
        let display = processes.start_xvfb(&install.xvfb);
        let driver = Driver {
            program: &install.driver,
            port,
            display,
            trust: bundle
                .as_deref()
                .map(|bundle| (install.bwrap.as_path(), bundle)),
        };
        processes.start_driver(&driver, &scratch);
        let url = format!("http://127.0.0.1:{port}");
        wait_until_ready(&url, Duration::from_secs(30)).await;

        let console = scratch.join("console.log");
        File::create(&console).unwrap();
        let mut args = vec![
            browser_program().display().to_string(),
            "--automation".into(),
            "--data-dir".into(),
            scratch.join("profile").display().to_string(),
            "--console-file".into(),
            console.display().to_string(),
        ];
        if cookies == Cookies::ThirdPartyAllowed {
            args.extend(["--cookies".into(), "always".into()]);
        }
        if let Some(tag) = language {
            args.extend(["--languages".into(), tag.into()]);
        }
        let capabilities = json!({
            "webkitgtk:browserOptions": { "binary": install.python, "args": args },
        });
        let client = connect(&url, capabilities, &scratch).await;
        Some(WebKit {
            client,
            started_in: started.elapsed(),
            console: ConsoleFile {
                path: console,
                read_to: Mutex::new(0),
            },
            processes,
        })
    }

    /// Every console message WebKit wrote since the last call (each read
    /// moves past what it returned).
    pub fn console(&self) -> Vec<ConsoleLine> {
        self.console
            .read_new_lines()
            .iter()
            .filter_map(|line| ConsoleLine::parse(line))
            .collect()
    }

    /// The console's messages, read until each of `needles` is in one of
    /// them or `limit` has passed (console lines can trail the request).
    pub async fn console_until(&self, needles: &[&str], limit: Duration) -> Vec<ConsoleLine> {
        let deadline = Instant::now() + limit;
        let mut logged = Vec::new();
        loop {
            logged.extend(self.console());
            let all = needles
                .iter()
                .all(|n| logged.iter().any(|l: &ConsoleLine| l.message.contains(n)));
            if all || Instant::now() >= deadline {
                return logged;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The process groups of this session (Xvfb's, and the driver's with the
    /// browser and its web processes in it).
    pub fn process_groups(&self) -> Vec<i32> {
        self.processes.groups()
    }

    /// Opens `url` and waits for its `load` event. WebKitWebDriver's
    /// navigation can return while the document is still `interactive`,
    /// before its deferred and module scripts have run (the lab page's
    /// `window.lab` is then not there yet), where chromedriver and
    /// geckodriver wait for `load`.
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("WebKit cannot open {url}: {e}"));
        self.run_async(
            "const done = arguments[0];
             if (document.readyState === 'complete') done(true);
             else window.addEventListener('load', () => done(true));",
            vec![],
        )
        .await;
    }

    /// Runs a script that ends by calling `done(value)`, the last argument.
    pub async fn run_async(&self, script: &str, args: Vec<Value>) -> Value {
        crate::browser::run_script(&self.client, script, args).await
    }

    pub async fn eval(&self, script: &str) -> Value {
        crate::browser::eval_script(&self.client, script).await
    }

    /// Ends the WebDriver session (the driver ends the browser), then every
    /// process of the session.
    pub async fn quit(self) {
        let WebKit {
            client, processes, ..
        } = self;
        let _ = client.close().await;
        drop(processes);
    }
}

/// A WebDriver session (see `browser::new_session`); when none comes, the
/// panic shows the driver's and the browser's own logs.
async fn connect(url: &str, capabilities: Value, scratch: &Path) -> Client {
    let capabilities = capabilities.as_object().unwrap().clone();
    match crate::browser::new_session(url, &capabilities, "WebKit").await {
        Ok(client) => client,
        Err(error) => {
            let log = std::fs::read_to_string(scratch.join("driver.log")).unwrap_or_default();
            let console = std::fs::read_to_string(scratch.join("console.log")).unwrap_or_default();
            panic!("no WebDriver session with WebKit: {error:?}\ndriver: {log}\nbrowser: {console}")
        }
    }
}

/// How to start WebKitWebDriver for a session.
struct Driver<'a> {
    program: &'a Path,
    port: u16,
    display: u32,
    /// bwrap and the session's bundle, shown at [`SYSTEM_BUNDLE`] to the
    /// driver and everything it starts; `None`: the system's own trust.
    trust: Option<(&'a Path, &'a Path)>,
}

/// Xvfb and WebKitWebDriver, each leading a process group, killed with
/// their groups when dropped; and the scratch directory, removed.
struct Processes {
    children: Vec<Child>,
    scratch: Option<PathBuf>,
}

impl Processes {
    fn groups(&self) -> Vec<i32> {
        self.children
            .iter()
            .filter_map(|c| i32::try_from(c.id()).ok())
            .collect()
    }

    /// Starts Xvfb on a display it finds free and returns that display's
    /// number (which Xvfb writes to its standard output, `-displayfd 1`).
    fn start_xvfb(&mut self, xvfb: &Path) -> u32 {
        let mut child = Command::new(xvfb)
            .args(["-displayfd", "1", "-screen", "0", "1280x1600x24"])
            .args(["-nolisten", "tcp"])
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", xvfb.display()));
        let stdout = child.stdout.take().unwrap();
        self.children.push(child);
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        line.trim()
            .parse()
            .unwrap_or_else(|_| panic!("Xvfb named no display: {line:?}"))
    }

    /// Starts the driver; with a bundle to trust, under bwrap: the whole
    /// file system as it is (`--dev-bind / /`), but [`SYSTEM_BUNDLE`], which
    /// shows the session's bundle, read-only, in this mount namespace only.
    fn start_driver(&mut self, driver: &Driver, scratch: &Path) {
        let log = File::create(scratch.join("driver.log")).unwrap();
        let mut command = match driver.trust {
            Some((bwrap, bundle)) => {
                let mut command = Command::new(bwrap);
                command
                    .args(["--dev-bind", "/", "/", "--ro-bind"])
                    .arg(bundle)
                    .arg(SYSTEM_BUNDLE)
                    .arg("--")
                    .arg(driver.program);
                command
            }
            None => Command::new(driver.program),
        };
        let child = command
            .arg(format!("--port={}", driver.port))
            .env("DISPLAY", format!(":{}", driver.display))
            .env("NO_AT_BRIDGE", "1")
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver.program.display()));
        self.children.push(child);
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        // The driver's group first (the browser and the web processes), then
        // Xvfb's. SIGTERM first: the browser program and Xvfb end cleanly on
        // it (Xvfb removes its lock file and socket); then SIGKILL for
        // whatever is left of the group.
        for mut child in self.children.drain(..).rev() {
            let Ok(pid) = i32::try_from(child.id()) else {
                continue;
            };
            let group = Pid::from_raw(pid);
            let _ = killpg(group, Signal::SIGTERM);
            let deadline = Instant::now() + Duration::from_secs(2);
            while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = killpg(group, Signal::SIGKILL);
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Some(scratch) = self.scratch.take() {
            let _ = std::fs::remove_dir_all(scratch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ConsoleLine;

    #[test]
    fn console_lines_are_read_as_webkit_writes_them() {
        let line = ConsoleLine::parse(
            "CONSOLE SECURITY ERROR Origin http://localhost:8090 is not allowed by \
             Access-Control-Allow-Origin. Status code: 200",
        )
        .unwrap();
        assert_eq!(
            (line.source.as_str(), line.level.as_str()),
            ("SECURITY", "ERROR")
        );
        assert!(line
            .message
            .starts_with("Origin http://localhost:8090 is not"));
        let log = ConsoleLine::parse("CONSOLE LOG hello there").unwrap();
        assert_eq!(
            (
                log.source.as_str(),
                log.level.as_str(),
                log.message.as_str()
            ),
            ("CONSOLE-API", "LOG", "hello there")
        );
        let thrown = ConsoleLine::parse("undefined:2:85: CONSOLE JS ERROR Error: probe").unwrap();
        assert_eq!(thrown.location, "undefined:2:85");
        assert_eq!(thrown.message, "Error: probe");
        assert_eq!(ConsoleLine::parse("(WebKitWebProcess): Gtk-WARNING"), None);
    }
}
