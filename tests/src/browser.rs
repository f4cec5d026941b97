//! A real Chromium, headless, driven over WebDriver by Debian's chromedriver.
//! Where they are not installed the browser suite skips with one line, unless
//! `LAB_REQUIRE_BROWSER=1` makes that a failure.
//!
//! chromedriver starts in a process group of its own, with Chromium and all
//! its helpers inside it: dropping a [`Browser`] ends the whole group, so no
//! browser process outlives a test, even one that panicked.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;
use serde_json::{json, Value};

const INSTALL_HINT: &str = "install Debian's chromium and chromium-driver \
     (apt-get install chromium chromium-driver), or set CHROMIUM and CHROMEDRIVER";

pub struct Browser {
    pub client: Client,
    driver: DriverGuard,
}

/// One entry of the browser's console log, as Chromium reported it.
#[derive(Clone, Debug)]
pub struct ConsoleEntry {
    pub level: String,
    pub message: String,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium, or returns `None` (after
    /// saying why) when they are not installed and not required.
    pub async fn start() -> Option<Browser> {
        let (Some(chromium), Some(chromedriver)) = (
            find("CHROMIUM", "chromium"),
            find("CHROMEDRIVER", "chromedriver"),
        ) else {
            if std::env::var("LAB_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!("LAB_REQUIRE_BROWSER=1 but no Chromium was found: {INSTALL_HINT}");
            }
            eprintln!("browser suite skipped: {INSTALL_HINT}");
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let driver = DriverGuard(Some(driver));
        let url = format!("http://127.0.0.1:{port}");
        wait_until_ready(&url, Duration::from_secs(30)).await;
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,1600"],
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let client = connect(&url, capabilities.as_object().unwrap().clone()).await;
        Some(Browser { client, driver })
    }

    /// Ends the WebDriver session, then the driver and every browser process.
    pub async fn quit(self) {
        let Browser { client, driver } = self;
        let _ = client.close().await;
        drop(driver);
    }

    /// Everything the console logged since the last call (chromedriver empties
    /// its buffer on each read).
    pub async fn console(&self) -> Vec<ConsoleEntry> {
        let entries = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("the browser log");
        entries
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|e| ConsoleEntry {
                        level: e["level"].as_str().unwrap_or_default().to_owned(),
                        message: e["message"].as_str().unwrap_or_default().to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Runs a script that ends by calling `done(value)`, the last argument.
    pub async fn run_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/lab-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client.screenshot().await.unwrap()).unwrap();
        path
    }
}

/// Ends chromedriver's whole process group (Chromium included) when dropped.
struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            if let Ok(pid) = i32::try_from(child.id()) {
                let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A WebDriver session; a loaded machine can refuse the first try.
async fn connect(url: &str, capabilities: serde_json::Map<String, Value>) -> Client {
    let mut last_error = None;
    for attempt in 1..=3 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(url)
            .await
        {
            Ok(client) => return client,
            Err(e) => {
                eprintln!("WebDriver session, attempt {attempt}: {e}");
                last_error = Some(e);
                tokio::time::sleep(Duration::from_millis(500 * attempt)).await;
            }
        }
    }
    panic!("no WebDriver session with Chromium: {last_error:?}")
}

/// chromedriver's log endpoint (not in the W3C protocol, hence a command of our own).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

fn find(variable: &str, command: &str) -> Option<PathBuf> {
    if let Ok(path) = std::env::var(variable) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| PathBuf::from(dir).join(command))
        .find(|candidate| candidate.is_file())
}

/// Waits until the driver's `/status` says it is ready for a session.
async fn wait_until_ready(url: &str, limit: Duration) {
    let deadline = Instant::now() + limit;
    let status = format!("{url}/status");
    loop {
        let ready = match reqwest::get(&status).await {
            Ok(response) => response
                .json::<Value>()
                .await
                .is_ok_and(|body| body["value"]["ready"] == true),
            Err(_) => false,
        };
        if ready {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the driver at {url} never became ready"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
