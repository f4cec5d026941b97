//! A real browser, driven over WebDriver: Debian's Chromium through
//! chromedriver and Debian's Firefox ESR through geckodriver, both headless,
//! or Debian's WebKitGTK through WebKitWebDriver under an Xvfb of its own
//! (`crate::webkit`). Where an engine is not installed its tests skip with
//! one line saying how to install it, unless `LAB_REQUIRE_BROWSER=1` makes
//! that a failure (for every engine).
//!
//! The driver starts in a process group of its own, with the browser and all
//! its helpers inside it: dropping a [`Browser`] ends the whole group, so no
//! browser process outlives a test, even one that panicked.
//!
//! The console is read from the browser, never from the page: chromedriver
//! keeps the browser's log; Firefox's console service is read from the
//! session's chrome context (geckodriver started with `--allow-system-access`);
//! WebKit writes every console message to its session's file.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
pub use lessons::Engine;
use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;
use serde_json::{json, Value};

use crate::trust::{self, TrustStore};
use crate::webkit::WebKit;
use crate::webkit_lines;

pub struct Browser {
    pub engine: Engine,
    pub client: Client,
    driver: DriverGuard,
    /// WebKit's session (its console and its processes); `None` for the
    /// engines this module starts itself.
    webkit: Option<WebKit>,
}

/// One entry of the browser's console, as the engine reported it.
#[derive(Clone, Debug)]
pub struct ConsoleEntry {
    /// `SEVERE`, `WARNING` or `INFO` (chromedriver's levels; Firefox's error
    /// flags are mapped to them).
    pub level: String,
    /// Firefox's category (`CORS`, `content javascript`, …); WebKit's source
    /// (`JS`, `SECURITY`, …); empty in Chromium.
    pub category: String,
    pub message: String,
}

/// An entry reads as its message (for [`webkit_lines`], which reads lines).
impl AsRef<str> for ConsoleEntry {
    fn as_ref(&self) -> &str {
        &self.message
    }
}

impl ConsoleEntry {
    /// An exception the page did not catch.
    pub fn is_uncaught(&self, engine: Engine) -> bool {
        match engine {
            Engine::Chromium => self.message.contains("Uncaught"),
            Engine::Firefox => self.level == "SEVERE" && self.category == "content javascript",
            // WebKit's API line for a blocked request is a JS error too.
            Engine::Webkit => {
                self.level == "SEVERE"
                    && self.category == "JS"
                    && !self.message.ends_with(cors_model::console::WEBKIT_DUE_TO)
            }
        }
    }
}

/// The browser's third-party cookie setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cookies {
    /// As the engine starts with no preference set (headless Chromium 156
    /// and Firefox ESR 153 here both block them).
    Default,
    /// Allowed, as in Google Chrome as shipped for most people.
    ThirdPartyAllowed,
}

impl Cookies {
    /// The profile preferences that make the setting explicit.
    fn prefs(self, engine: Engine) -> Value {
        match (self, engine) {
            (Cookies::Default, _) => json!({}),
            // 0: allow all cookies (1 blocks third-party ones, 2 only in
            // incognito); Chromium's cookie controls preference.
            (Cookies::ThirdPartyAllowed, Engine::Chromium) => {
                json!({ "profile.cookie_controls_mode": 0 })
            }
            // 0: accept all cookies (BEHAVIOR_ACCEPT).
            (Cookies::ThirdPartyAllowed, Engine::Firefox) => {
                json!({ "network.cookie.cookieBehavior": 0 })
            }
            // WebKit's cookie accept policy is the browser program's
            // argument (`crate::webkit`), not a preference.
            (_, Engine::Webkit) => json!({}),
        }
    }
}

/// What the suites need to know of an engine's installation.
struct Install {
    browser: (&'static str, &'static [&'static str]),
    driver: (&'static str, &'static str),
    hint: &'static str,
}

fn install(engine: Engine) -> Install {
    match engine {
        Engine::Chromium => Install {
            browser: ("CHROMIUM", &["chromium"]),
            driver: ("CHROMEDRIVER", "chromedriver"),
            hint: "install Debian's chromium and chromium-driver \
                   (apt-get install chromium chromium-driver), or set CHROMIUM and CHROMEDRIVER",
        },
        Engine::Firefox => Install {
            browser: ("FIREFOX", &["firefox-esr", "firefox"]),
            driver: ("GECKODRIVER", "geckodriver"),
            hint: "install Debian's Firefox ESR and geckodriver \
                   (apt-get install firefox-esr; cargo install geckodriver --locked), \
                   or set FIREFOX and GECKODRIVER",
        },
        Engine::Webkit => unreachable!("{WEBKIT_ELSEWHERE}"),
    }
}

/// WebKit's session is started by `crate::webkit`.
const WEBKIT_ELSEWHERE: &str = "WebKit is started by lab_tests::webkit";

/// The first words of every CORS error the engine logs.
pub fn cors_error_marker(engine: Engine) -> &'static str {
    match engine {
        Engine::Chromium => "has been blocked by CORS policy",
        Engine::Firefox => "Cross-Origin Request Blocked",
        Engine::Webkit => cors_model::console::WEBKIT_DUE_TO,
    }
}

/// The console entries about a request to `url`: those that name it, and
/// in WebKit the reason for its line for a blocked request
/// ([`webkit_lines::reason_for`]). Entries of every level name the URL, but
/// the reason is looked for among the errors alone: both of WebKit's lines
/// are errors, and the page's own messages can come between them.
pub fn lines_about<'a>(
    engine: Engine,
    console: &'a [ConsoleEntry],
    url: &str,
) -> Vec<&'a ConsoleEntry> {
    let errors: Vec<&ConsoleEntry> = console.iter().filter(|e| e.level == "SEVERE").collect();
    let mut about = Vec::new();
    for entry in console.iter().filter(|e| e.message.contains(url)) {
        if engine == Engine::Webkit {
            let at = errors.iter().position(|e| std::ptr::eq(*e, entry));
            // A reason that names the URL (WebKit's CORP line) is listed where it stands.
            let reason = at.and_then(|at| webkit_lines::reason_for(&errors, at));
            about.extend(reason.copied().filter(|r| !r.message.contains(url)));
        }
        about.push(entry);
    }
    about
}

/// What JavaScript's `String(error)` is when `fetch` rejects a blocked request.
pub fn fetch_rejection(engine: Engine) -> &'static str {
    match engine {
        Engine::Chromium => "TypeError: Failed to fetch",
        Engine::Firefox => "TypeError: NetworkError when attempting to fetch resource.",
        Engine::Webkit => "TypeError: Load failed",
    }
}

/// The error text the page records for a blocked request: fetch's rejection,
/// or for XMLHttpRequest the event that fired and the status (static/js/xhr.js
/// writes `<type> event, status <status>`): "error", 0, in both engines.
pub fn blocked_error_text(engine: Engine, api: lessons::Api) -> &'static str {
    match api {
        lessons::Api::Fetch => fetch_rejection(engine),
        lessons::Api::Xhr => "error event, status 0",
    }
}

/// How a browser session is set up.
#[derive(Clone, Copy, Debug)]
struct Session {
    cookies: Cookies,
    /// Chromium: keep the DevTools protocol's network events.
    network: bool,
    /// The lab's CA imported into the browser's certificate store.
    trusts_lab_ca: bool,
    /// The browser's language (`ru`, `zh-CN`), as `navigator.languages` gives
    /// it first; the engine's default where `None`.
    language: Option<&'static str>,
    /// Firefox: the language its own words (its console included) are in,
    /// from a language pack (`ru`, `zh-CN`); en-US where `None`.
    firefox_locale: Option<&'static str>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            cookies: Cookies::Default,
            network: false,
            trusts_lab_ca: true,
            language: None,
            firefox_locale: None,
        }
    }
}

impl Browser {
    /// Starts the engine's driver and a headless browser, or returns `None`
    /// (after saying why) when they are not installed and not required.
    pub async fn start(engine: Engine) -> Option<Browser> {
        Self::start_with(engine, Cookies::Default).await
    }

    /// The same, with the third-party cookie setting `cookies`.
    pub async fn start_with(engine: Engine, cookies: Cookies) -> Option<Browser> {
        let session = Session {
            cookies,
            ..Session::default()
        };
        Self::start_full(engine, session).await
    }

    /// A browser that does not trust the lab's CA, as a learner's before
    /// importing `/lab-ca.pem`: every request to server-b's https origin
    /// fails in the TLS handshake.
    pub async fn start_untrusting(engine: Engine) -> Option<Browser> {
        let session = Session {
            trusts_lab_ca: false,
            ..Session::default()
        };
        Self::start_full(engine, session).await
    }

    /// A browser whose language is `tag` (`ru`, `zh-CN`): Chromium's
    /// `--lang` and accepted languages, Firefox's `intl.accept_languages`,
    /// WebKit's `LANGUAGE`.
    pub async fn start_in_language(engine: Engine, tag: &'static str) -> Option<Browser> {
        let session = Session {
            language: Some(tag),
            ..Session::default()
        };
        Self::start_full(engine, session).await
    }

    /// Firefox speaking `locale` (`ru`, `zh-CN`) with Debian's language pack
    /// (firefox-esr-l10n-*): `intl.locale.requested` in the profile, which a
    /// new profile takes up on its first start only (measured: that start
    /// logs en-US), so the profile is started once before the session.
    pub async fn start_firefox_in(locale: &'static str) -> Option<Browser> {
        let pack = format!(
            "/usr/lib/firefox-esr/browser/extensions/langpack-{locale}@firefox-esr.mozilla.org.xpi"
        );
        if !std::path::Path::new(&pack).exists() {
            let hint = format!(
                "Firefox's {locale} language pack is not installed: apt-get install firefox-esr-l10n-{}",
                locale.to_lowercase()
            );
            if std::env::var("LAB_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!("LAB_REQUIRE_BROWSER=1 but {hint}");
            }
            eprintln!("Firefox in {locale} skipped: {hint}");
            return None;
        }
        let session = Session {
            firefox_locale: Some(locale),
            ..Session::default()
        };
        Self::start_full(Engine::Firefox, session).await
    }

    /// The engine with its network events recorded: Chromium keeps its
    /// DevTools protocol events for [`Browser::performance_log`] (see
    /// `har_capture`); Firefox starts as [`Browser::start`] does.
    pub async fn start_recording_network(engine: Engine) -> Option<Browser> {
        let session = Session {
            network: true,
            ..Session::default()
        };
        Self::start_full(engine, session).await
    }

    async fn start_full(engine: Engine, session: Session) -> Option<Browser> {
        let Session {
            cookies,
            network,
            trusts_lab_ca,
            language,
            firefox_locale,
        } = session;
        if engine == Engine::Webkit {
            // WebKitWebDriver records no network events: `network` is
            // Chromium's alone.
            let webkit = WebKit::start_session(cookies, trusts_lab_ca, language).await?;
            return Some(Browser {
                engine,
                client: webkit.client.clone(),
                driver: DriverGuard {
                    child: None,
                    scratch: None,
                },
                webkit: Some(webkit),
            });
        }
        let install = install(engine);
        let browser = install
            .browser
            .1
            .iter()
            .find_map(|command| find(install.browser.0, command));
        let driver = find(install.driver.0, install.driver.1);
        let certutil = trust::certutil_installed();
        let (Some(browser), Some(driver), true) = (browser, driver, certutil) else {
            let hint = if certutil {
                install.hint
            } else {
                "certutil imports the lab's CA: apt-get install libnss3-tools"
            };
            if std::env::var("LAB_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!(
                    "LAB_REQUIRE_BROWSER=1 but {} was not found: {hint}",
                    engine.label()
                );
            }
            eprintln!("{} tests skipped: {hint}", engine.label());
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(&driver);
        command.arg(format!("--port={port}"));
        // One directory per driver, removed with it: geckodriver's TMPDIR,
        // Chromium's HOME and Firefox's profile, each with its own trust.
        let scratch = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../target/lab-browser-tmp/{port}"));
        let store = TrustStore::under(&scratch);
        if trusts_lab_ca {
            let db = match engine {
                Engine::Chromium => store.chromium_db(),
                Engine::Firefox => store.profile.clone(),
                Engine::Webkit => unreachable!("{WEBKIT_ELSEWHERE}"),
            };
            let ca = crate::lab::lab_ca_pem().expect("the lab's CA certificate");
            TrustStore::trust(&db, &ca).unwrap_or_else(|e| panic!("{e}"));
        }
        if let Some(locale) = firefox_locale {
            take_up_language_pack(&browser, &store.profile, locale, &scratch);
        }
        command.env("HOME", &store.home);
        if engine == Engine::Firefox {
            command
                .arg("--allow-system-access")
                .arg("--host=127.0.0.1")
                .env("TMPDIR", &scratch);
        }
        let child = command
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver.display()));
        let driver = DriverGuard {
            child: Some(child),
            scratch: Some(scratch),
        };
        let url = format!("http://127.0.0.1:{port}");
        wait_until_ready(&url, Duration::from_secs(30)).await;
        let mut prefs = cookies.prefs(engine);
        let mut chromium_args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,1600".into(),
        ];
        if let Some(tag) = language {
            prefs["intl.accept_languages"] = json!(tag);
            chromium_args.push(format!("--lang={tag}"));
        }
        let capabilities = match engine {
            Engine::Chromium => json!({
                "goog:chromeOptions": {
                    "binary": browser,
                    "args": chromium_args,
                    "prefs": prefs,
                },
                "goog:loggingPrefs": if network {
                    json!({ "browser": "ALL", "performance": "ALL" })
                } else {
                    json!({ "browser": "ALL" })
                },
            }),
            Engine::Firefox => json!({
                "moz:firefoxOptions": {
                    "binary": browser,
                    "args": ["-headless", "-width=1280", "-height=1600",
                             "-profile", store.profile],
                    "prefs": prefs,
                },
            }),
            Engine::Webkit => unreachable!("{WEBKIT_ELSEWHERE}"),
        };
        let client = connect(engine, &url, capabilities.as_object().unwrap().clone()).await;
        Some(Browser {
            engine,
            client,
            driver,
            webkit: None,
        })
    }

    /// Ends the WebDriver session, then the driver and every browser process.
    pub async fn quit(self) {
        let Browser {
            client,
            driver,
            webkit,
            ..
        } = self;
        if let Some(webkit) = webkit {
            webkit.quit().await;
            return;
        }
        let _ = client.close().await;
        drop(driver);
    }

    /// Reloads the page and waits until it has loaded again.
    pub async fn refresh(&self) {
        let url = self.client.current_url().await.expect("the page's URL");
        match &self.webkit {
            Some(webkit) => {
                self.client.refresh().await.expect("a reload");
                webkit.goto(url.as_str()).await;
            }
            None => self.client.refresh().await.expect("a reload"),
        }
    }

    /// Opens `url` and waits until it has loaded (WebKitWebDriver's
    /// navigation may return before the page's module scripts ran).
    pub async fn goto(&self, url: &str) {
        match &self.webkit {
            Some(webkit) => webkit.goto(url).await,
            None => self
                .client
                .goto(url)
                .await
                .unwrap_or_else(|e| panic!("{} cannot open {url}: {e}", self.engine.label())),
        }
    }

    /// Everything the console logged since the last call (each read empties it).
    pub async fn console(&self) -> Vec<ConsoleEntry> {
        match self.engine {
            Engine::Chromium => self.chromium_console().await,
            Engine::Firefox => self.firefox_console().await,
            Engine::Webkit => self.webkit_console(),
        }
    }

    /// WebKit's console messages since the last read, with its levels named
    /// as chromedriver's are and its source as the category.
    fn webkit_console(&self) -> Vec<ConsoleEntry> {
        let webkit = self.webkit.as_ref().expect("a WebKit session");
        webkit
            .console()
            .into_iter()
            .map(|line| ConsoleEntry {
                level: match line.level.as_str() {
                    "ERROR" => "SEVERE",
                    "WARN" => "WARNING",
                    _ => "INFO",
                }
                .to_owned(),
                category: line.source,
                message: line.message,
            })
            .collect()
    }

    /// The console's messages, read until every one of `lines` is among
    /// them or a second has passed (console lines can trail the request);
    /// the test then asserts on what was logged.
    pub async fn console_until_logged(&self, lines: &[String]) -> Vec<String> {
        let mut logged = Vec::new();
        for _ in 0..20 {
            logged.extend(self.console().await.into_iter().map(|e| e.message));
            if lines
                .iter()
                .all(|line| logged.iter().any(|m| m.contains(line.as_str())))
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        logged
    }

    /// Asserts that the engine has logged no CORS error since the last read.
    pub async fn assert_no_cors_error(&self) {
        let console = self.console().await;
        let marker = cors_error_marker(self.engine);
        assert!(
            !console.iter().any(|e| e.message.contains(marker)),
            "{} logged a CORS error: {console:?}",
            self.engine.label()
        );
    }

    /// Asserts that the engine logged every line the model predicted (a JSON
    /// array of strings, which must not be empty), naming `context` when
    /// one is missing.
    pub async fn assert_logged(&self, predicted: &Value, context: &str) {
        let lines: Vec<String> = predicted
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l.as_str().map(str::to_owned))
            .collect();
        assert!(!lines.is_empty(), "no line predicted: {context}");
        let console = self.console_until_logged(&lines).await;
        for line in &lines {
            assert!(
                console.iter().any(|m| m.contains(line.as_str())),
                "the model's line\n{line}\nis not in what {} logged: {console:#?}\n{context}",
                self.engine.label()
            );
        }
    }

    /// Chromium's DevTools protocol events since the last read (each read
    /// empties the log); a session started by
    /// [`Browser::start_recording_network`] records them.
    pub async fn performance_log(&self) -> Vec<Value> {
        self.client
            .issue_cmd(BrowserLog("performance"))
            .await
            .expect("the performance log")
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    async fn chromium_console(&self) -> Vec<ConsoleEntry> {
        let entries = self
            .client
            .issue_cmd(BrowserLog("browser"))
            .await
            .expect("the browser log");
        entries
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|e| ConsoleEntry {
                        level: e["level"].as_str().unwrap_or_default().to_owned(),
                        category: String::new(),
                        message: e["message"].as_str().unwrap_or_default().to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Firefox's console service, read and reset from the chrome context: it
    /// holds the messages of every page and frame, whatever their origin.
    async fn firefox_console(&self) -> Vec<ConsoleEntry> {
        self.client
            .issue_cmd(MozContext("chrome"))
            .await
            .expect("the chrome context");
        let read = self
            .client
            .execute(
                "const all = Services.console.getMessageArray() || [];
                 Services.console.reset();
                 return all.map(m => {
                   const error = m instanceof Ci.nsIScriptError;
                   return {
                     level: !error ? 'INFO' : (m.flags & Ci.nsIScriptError.warningFlag) ? 'WARNING' : 'SEVERE',
                     category: error ? m.category : '',
                     message: error ? m.errorMessage : m.message,
                   };
                 });",
                vec![],
            )
            .await;
        self.client
            .issue_cmd(MozContext("content"))
            .await
            .expect("the content context");
        read.expect("Firefox's console service")
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|e| ConsoleEntry {
                        level: e["level"].as_str().unwrap_or_default().to_owned(),
                        category: e["category"].as_str().unwrap_or_default().to_owned(),
                        message: e["message"].as_str().unwrap_or_default().to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Firefox: runs a script that ends by calling `done(value)` (its last
    /// argument) in the chrome context, with the browser's privileges, then
    /// returns to the page.
    pub async fn in_chrome_context(&self, script: &str) -> Result<Value, String> {
        self.client
            .issue_cmd(MozContext("chrome"))
            .await
            .map_err(|e| e.to_string())?;
        let value = self.client.execute_async(script, vec![]).await;
        let _ = self.client.issue_cmd(MozContext("content")).await;
        value.map_err(|e| e.to_string())
    }

    /// Runs a script that ends by calling `done(value)`, the last argument.
    pub async fn run_async(&self, script: &str, args: Vec<Value>) -> Value {
        run_script(&self.client, script, args).await
    }

    pub async fn eval(&self, script: &str) -> Value {
        eval_script(&self.client, script).await
    }

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/lab-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let engine = self.engine.label().to_lowercase();
        let path = dir.join(format!("{engine}-{name}.png"));
        std::fs::write(&path, self.client.screenshot().await.unwrap()).unwrap();
        path
    }
}

/// Writes `intl.locale.requested` into the Firefox profile and starts
/// Firefox on it once, headless, until it has taken a screenshot and quit:
/// the start at which it takes up the language pack.
fn take_up_language_pack(
    firefox: &std::path::Path,
    profile: &std::path::Path,
    locale: &str,
    scratch: &std::path::Path,
) {
    let prefs = format!(
        "user_pref(\"intl.locale.requested\", \"{locale}\");\n\
         user_pref(\"extensions.autoDisableScopes\", 0);\n"
    );
    std::fs::write(profile.join("user.js"), prefs).expect("the profile's user.js");
    let status = Command::new(firefox)
        .args(["-headless", "-no-remote", "-profile"])
        .arg(profile)
        .arg("--screenshot")
        .arg(scratch.join("first-start.png"))
        .arg("about:blank")
        .env("HOME", scratch.join("home"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("Firefox's first start");
    assert!(status.success(), "Firefox's first start: {status}");
}

/// Ends the driver's whole process group (the browser included) when
/// dropped, and removes its scratch directory.
struct DriverGuard {
    child: Option<Child>,
    scratch: Option<PathBuf>,
}

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Ok(pid) = i32::try_from(child.id()) {
                let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Some(scratch) = self.scratch.take() {
            let _ = std::fs::remove_dir_all(scratch);
        }
    }
}

/// Runs a script on `client` that ends by calling `done(value)`, the last
/// argument; a script error fails the test, naming the script.
pub(crate) async fn run_script(client: &Client, script: &str, args: Vec<Value>) -> Value {
    client
        .execute_async(script, args)
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// The value a synchronous script on `client` returns.
pub(crate) async fn eval_script(client: &Client, script: &str) -> Value {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// Waits until the lab page in `client` has loaded its catalogue; the
/// lesson ids it lists.
pub async fn lab_page_ready(client: &Client) -> Value {
    // `window.lab` exists once the page's module ran: a driver may hand the
    // page back a moment before that, so wait for it too.
    let ready = run_script(
        client,
        "const done = arguments[0];
         const wait = () => window.lab
           ? window.lab.ready.then(() => done(window.lab.lessons))
           : setTimeout(wait, 20);
         wait();",
        vec![],
    )
    .await;
    assert!(
        ready.as_array().is_some_and(|ids| !ids.is_empty()),
        "the page did not load: {ready}"
    );
    ready
}

/// A WebDriver session; a loaded machine can refuse the first try.
async fn connect(
    engine: Engine,
    url: &str,
    capabilities: serde_json::Map<String, Value>,
) -> Client {
    new_session(url, &capabilities, engine.label())
        .await
        .unwrap_or_else(|e| panic!("no WebDriver session with {}: {e:?}", engine.label()))
}

/// Up to three tries at a WebDriver session with the driver at `url` (a
/// loaded machine can refuse the first); the last error when all fail.
pub(crate) async fn new_session(
    url: &str,
    capabilities: &serde_json::Map<String, Value>,
    engine: &str,
) -> Result<Client, fantoccini::error::NewSessionError> {
    let mut attempt = 1;
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(url)
            .await
        {
            Ok(client) => return Ok(client),
            Err(e) if attempt == 3 => return Err(e),
            Err(e) => {
                eprintln!("{engine} WebDriver session, attempt {attempt}: {e}");
                tokio::time::sleep(Duration::from_millis(500 * attempt)).await;
                attempt += 1;
            }
        }
    }
}

/// chromedriver's log endpoint (not in the W3C protocol, hence a command of
/// our own), for one log type: "browser" (the console) or "performance".
#[derive(Debug)]
struct BrowserLog(&'static str);

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
            Some(json!({ "type": self.0 }).to_string()),
        )
    }
}

/// Firefox's chrome context (browser internals) or content context (the page),
/// geckodriver's extension to WebDriver.
#[derive(Debug)]
struct MozContext(&'static str);

impl WebDriverCompatibleCommand for MozContext {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/moz/context",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "context": self.0 }).to_string()),
        )
    }
}

/// The program named by `variable`, else `command` on the PATH or in cargo's
/// bin directory (where `cargo install geckodriver` puts it).
pub(crate) fn find(variable: &str, command: &str) -> Option<PathBuf> {
    if let Ok(path) = std::env::var(variable) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|home| home.join("bin"));
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(cargo_bin)
        .map(|dir| dir.join(command))
        .find(|candidate| candidate.is_file())
}

/// Waits until the driver's `/status` says it is ready for a session.
pub(crate) async fn wait_until_ready(url: &str, limit: Duration) {
    let deadline = Instant::now() + limit;
    let status = format!("{url}/status");
    loop {
        let ready = match crate::http::client().get(&status).send().await {
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

#[cfg(test)]
mod tests {
    use super::{lines_about, ConsoleEntry, Engine};

    fn entry(level: &str, category: &str, message: &str) -> ConsoleEntry {
        ConsoleEntry {
            level: level.to_owned(),
            category: category.to_owned(),
            message: message.to_owned(),
        }
    }

    #[test]
    fn webkits_reason_is_the_error_before_its_line_naming_the_url() {
        let url = "http://localhost:8081/lab/no-cors-headers/data";
        let console = [
            entry(
                "SEVERE",
                "SECURITY",
                "Origin http://localhost:8080 is not allowed by Access-Control-Allow-Origin. \
                 Status code: 200",
            ),
            // The page's own message between WebKit's two lines.
            entry("INFO", "CONSOLE-API", "hello there"),
            entry(
                "SEVERE",
                "JS",
                &format!("Fetch API cannot load {url} due to access control checks."),
            ),
        ];
        let about: Vec<&str> = lines_about(Engine::Webkit, &console, url)
            .iter()
            .map(|e| e.message.as_str())
            .collect();
        assert_eq!(
            about,
            [console[0].message.as_str(), console[2].message.as_str()]
        );
    }
}
