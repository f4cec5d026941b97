//! A real Chromium, headless, driven over WebDriver by Debian's chromedriver.
//! Where they are not installed the browser suite skips with one line, unless
//! `LAB_REQUIRE_BROWSER=1` makes that a failure.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

const INSTALL_HINT: &str = "install Debian's chromium and chromium-driver \
     (apt-get install chromium chromium-driver), or set CHROMIUM and CHROMEDRIVER";

pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
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
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let mut browser_driver = DriverGuard(Some(driver));
        wait_for_port(port, Duration::from_secs(20));
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,1600"],
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with Chromium");
        Some(Browser {
            client,
            driver: browser_driver.0.take().unwrap(),
        })
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

/// Kills chromedriver if the session cannot be opened.
struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
        }
    }
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

fn wait_for_port(port: u16, limit: Duration) {
    let deadline = Instant::now() + limit;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
