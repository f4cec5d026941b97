//! One lab per test, as zero2prod's `spawn_app`: server-a and server-b start
//! in-process on free ports, each on its own thread, with server-b's allowlist
//! set to server-a's origin, and stop when the test's [`TestApp`] is dropped.
//! Setting `LAB_A_URL` and `LAB_B_URL` targets servers that already run instead
//! (for example the containers of `docker compose up`): every request then
//! carries the test's own `?run=` id, and exchanges are looked up by it.

use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;
use std::thread;
use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::cookie::Key;
use actix_web::dev::ServerHandle;
use common::tls::Authority;
use reqwest::{Client, Method, RequestBuilder};
use serde_json::{json, Value};

use crate::http::{self, Reply};

/// One test's lab: its two origins, its run id, its client and helpers.
pub struct TestApp {
    /// server-a, the page's origin, e.g. `http://localhost:41234`.
    pub page: String,
    /// server-b, the API's origin.
    pub api: String,
    /// server-b's https origin, e.g. `https://localhost:41236`, and the CA
    /// certificate (PEM) that issued its certificate; `None` against running
    /// servers unless `LAB_B_TLS_URL` and `LAB_TLS_CA` name them.
    pub api_tls: Option<Https>,
    /// server-a's attacker port (`LAB_C_PORT` against running servers).
    pub attacker_port: u16,
    /// This test's run: added as `?run=` to every request the helpers make.
    pub run: String,
    client: Client,
    /// In-process servers, stopped on drop; empty against running servers.
    servers: Vec<ServerHandle>,
}

/// server-b's https origin and the CA to trust for it.
#[derive(Clone, Debug)]
pub struct Https {
    /// `https://localhost:PORT`.
    pub origin: String,
    /// The lab CA's certificate, PEM.
    pub ca_pem: String,
}

/// What a test may change in its in-process server-b.
#[derive(Clone, Debug, Default)]
pub struct Tuning {
    pub run_limits: Option<server_b::recorder::RunLimits>,
    pub login_burst: Option<u32>,
}

/// A lab of this test's own (or the running servers, with a fresh run id).
pub fn spawn_app() -> TestApp {
    spawn_app_with(Tuning::default())
}

pub fn spawn_app_with(tuning: Tuning) -> TestApp {
    match running_servers() {
        Some((page, api)) => {
            let attacker_port = std::env::var("LAB_C_PORT")
                .ok()
                .and_then(|port| port.parse().ok())
                .unwrap_or(lessons::origins::DEFAULT_ATTACKER_PORT);
            TestApp::new((page, api, attacker_port), running_https(), Vec::new())
        }
        None => start_in_process(tuning),
    }
}

/// `LAB_A_URL` and `LAB_B_URL`, when both are set.
pub fn running_servers() -> Option<(String, String)> {
    Some((
        std::env::var("LAB_A_URL").ok()?,
        std::env::var("LAB_B_URL").ok()?,
    ))
}

/// `LAB_B_TLS_URL` with the CA file `LAB_TLS_CA`, when both are set.
fn running_https() -> Option<Https> {
    let origin = std::env::var("LAB_B_TLS_URL").ok()?;
    let path = std::env::var("LAB_TLS_CA").ok()?;
    let ca_pem =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("LAB_TLS_CA={path}: {e}"));
    Some(Https { origin, ca_pem })
}

/// The certificate of the CA the lab under test uses: `LAB_TLS_CA`'s file
/// against running servers, or this process's own CA.
pub fn lab_ca_pem() -> Option<String> {
    if running_servers().is_some() {
        return running_https().map(|https| https.ca_pem);
    }
    Some(test_authority().certificate_pem.clone())
}

/// The lab's CA for this test process's servers: made once, in a
/// directory of this process's own under the system's temporary directory.
fn test_authority() -> &'static Authority {
    static AUTHORITY: LazyLock<Authority> = LazyLock::new(|| {
        let dir = std::env::temp_dir().join(format!("cors-lab-tests-tls-{}", std::process::id()));
        Authority::load_or_create(&dir).expect("a CA for the tests")
    });
    &AUTHORITY
}

/// A run id no other test, process or earlier run has used.
pub fn new_run_id(label: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .subsec_nanos();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{label}-{}-{n}-{nanos:x}", std::process::id())
}

impl TestApp {
    fn new(
        (page, api, attacker_port): (String, String, u16),
        api_tls: Option<Https>,
        servers: Vec<ServerHandle>,
    ) -> Self {
        TestApp {
            page,
            api,
            api_tls,
            attacker_port,
            run: new_run_id("t"),
            client: http::client(),
            servers,
        }
    }

    /// Whether this lab runs in this process (tests that flood or tune a
    /// server need their own).
    pub fn is_in_process(&self) -> bool {
        !self.servers.is_empty()
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// A URL on server-b carrying this test's run id.
    pub fn api_url(&self, path: &str) -> String {
        self.api_url_in_run(path, &self.run)
    }

    /// A step's URL, on the origin it goes to (server-b over its scheme, or
    /// the page), carrying this test's run id.
    pub fn step_url(&self, lesson_id: &str, step: &lessons::Step) -> String {
        let origins = self.origins();
        let base = origins
            .target_of(step)
            .expect("an https origin for an https step");
        format!("{base}{}?run={}", step.url_path(lesson_id), self.run)
    }

    /// A client for `url`: the plain one, or for https one that trusts the
    /// lab's CA.
    pub fn client_for(&self, url: &str) -> Client {
        match (&self.api_tls, url.starts_with("https:")) {
            (Some(https), true) => http::https_client(&https.ca_pem, false),
            _ => self.client.clone(),
        }
    }

    /// A URL on server-b carrying another run id.
    pub fn api_url_in_run(&self, path: &str, run: &str) -> String {
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{}{path}{separator}run={run}", self.api)
    }

    /// A URL on server-b exactly as given: no run id.
    pub fn api_url_bare(&self, path: &str) -> String {
        format!("{}{path}", self.api)
    }

    /// The lab's origins as the page at `self.page` sees them.
    pub fn origins(&self) -> lessons::Origins {
        lessons::Origins::seen_from(&self.page, &self.api)
            .with_api_tls(self.api_tls.as_ref().map(|https| https.origin.as_str()))
            .with_attacker_port(self.attacker_port)
    }

    pub fn page_url(&self, path: &str) -> String {
        format!("{}{path}", self.page)
    }

    /// A request to server-b, in this test's run, with no Origin header.
    pub fn to_api(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.api_url(path))
    }

    /// A request from the lab page's origin, in this test's run.
    pub fn from_page(&self, method: Method, path: &str) -> RequestBuilder {
        self.to_api(method, path).header("Origin", &self.page)
    }

    /// A request from another origin, in this test's run.
    pub fn from_origin(&self, origin: &str, method: Method, path: &str) -> RequestBuilder {
        self.to_api(method, path).header("Origin", origin)
    }

    /// Logs in from the page's origin and returns the session cookie pair.
    pub async fn login(&self, (email, password): (&str, &str)) -> String {
        let reply = http::send(
            self.from_page(Method::POST, "/api/login")
                .json(&json!({ "email": email, "password": password })),
        )
        .await;
        assert_eq!(reply.status, 200, "login of {email}: {:?}", reply.json);
        http::session_cookie(&reply.headers).expect("a session cookie")
    }

    /// Sends a request with the cookie and returns its status and JSON body.
    pub async fn call(&self, request: RequestBuilder, cookie: &str) -> (u16, Value) {
        let reply = http::send(request.header("Cookie", cookie)).await;
        (reply.status, reply.json)
    }

    /// server-b's record of a run, read from the page's origin.
    pub async fn exchanges_of(&self, run: &str) -> Reply {
        let url = self.api_url_bare(&format!("/lab/exchanges?run={run}"));
        http::send(self.client.get(url).header("Origin", &self.page)).await
    }

    /// server-b's record of this test's run: the `exchanges` list.
    pub async fn exchanges(&self) -> Vec<Value> {
        let reply = self.exchanges_of(&self.run).await;
        assert_eq!(reply.status, 200, "{:?}", reply.json);
        reply.json["exchanges"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        for server in &self.servers {
            // Sends the stop at once; the returned future only awaits it.
            drop(server.stop(false));
        }
    }
}

fn start_in_process(tuning: Tuning) -> TestApp {
    let listener_a = TcpListener::bind("127.0.0.1:0").expect("a free port for server-a");
    let listener_b = TcpListener::bind("127.0.0.1:0").expect("a free port for server-b");
    let listener_c = TcpListener::bind("127.0.0.1:0").expect("a free port for the attacker");
    let listener_tls = TcpListener::bind("127.0.0.1:0").expect("a free port for https");
    let attacker_port = listener_c.local_addr().unwrap().port();
    let origin = |listener: &TcpListener| {
        format!("http://localhost:{}", listener.local_addr().unwrap().port())
    };
    let (page, api) = (origin(&listener_a), origin(&listener_b));
    let authority = test_authority();
    let names: Vec<String> = common::tls::LAB_NAMES
        .iter()
        .map(|n| n.to_string())
        .collect();
    let https = Https {
        origin: origin(&listener_tls).replace("http:", "https:"),
        ca_pem: authority.certificate_pem.clone(),
    };

    let defaults = server_b::configuration::Settings {
        listen: common::cli::Listen::for_tests(),
        tls: Some(common::tls::Tls {
            port: 0,
            public_port: None,
            certificate: authority
                .issue(&names)
                .expect("a certificate for the tests"),
        }),
        allowed_origins: common::Allowlist::from(page.parse::<common::Origin>().unwrap()),
        session_key: Key::generate(),
        run_limits: Default::default(),
        login_burst: server_b::login_limit::LOGIN_BURST,
    };
    let settings_b = server_b::configuration::Settings {
        run_limits: tuning.run_limits.unwrap_or(defaults.run_limits),
        login_burst: tuning.login_burst.unwrap_or(defaults.login_burst),
        ..defaults
    };
    let settings_a = server_a::configuration::Settings {
        listen: common::cli::Listen::for_tests(),
        attacker_port: 0,
        api_origin: api.parse().unwrap(),
        api_tls_origin: Some(https.origin.parse().unwrap()),
        tls_dir: authority.directory().to_owned(),
        static_dir: server_a::configuration::DEFAULT_STATIC_DIR.into(),
        doctor_reach: Default::default(),
    };
    let server_b = run_on_own_thread("server-b", move || {
        let listeners = server_b::startup::Listeners {
            plain: listener_b,
            tls: Some(listener_tls),
        };
        server_b::startup::from_listeners(listeners, settings_b)
            .map(|app| (app.handle(), app.run_until_stopped()))
    });
    let server_a = run_on_own_thread("server-a", move || {
        let listeners = server_a::startup::Listeners {
            page: listener_a,
            attacker: listener_c,
        };
        server_a::startup::from_listeners(listeners, settings_a)
            .map(|app| (app.handle(), app.run_until_stopped()))
    });
    TestApp::new(
        (page, api, attacker_port),
        Some(https),
        vec![server_a, server_b],
    )
}

/// Runs a server on a thread with its own actix system, so that it outlives
/// any one test's async runtime; returns the handle that stops it.
fn run_on_own_thread<F, Fut>(name: &'static str, build: F) -> ServerHandle
where
    F: FnOnce() -> anyhow::Result<(ServerHandle, Fut)> + Send + 'static,
    Fut: std::future::Future<Output = std::io::Result<()>> + 'static,
{
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                match build() {
                    Ok((handle, server)) => {
                        ready_tx.send(Ok(handle)).unwrap();
                        let _ = server.await;
                    }
                    Err(e) => ready_tx.send(Err(format!("{e:#}"))).unwrap(),
                }
            })
        })
        .unwrap();
    match ready_rx.recv().unwrap() {
        Ok(handle) => handle,
        Err(e) => panic!("{name} did not start: {e}"),
    }
}
