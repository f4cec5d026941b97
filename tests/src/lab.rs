//! Starts server-a and server-b in-process, each on a free port and its own
//! thread, with server-b's allowlist set to server-a's origin. Setting
//! `LAB_A_URL` and `LAB_B_URL` targets servers that already run instead (for
//! example the containers of `docker compose up`).

use std::net::TcpListener;
use std::sync::OnceLock;
use std::thread;

use actix_web::cookie::Key;

#[derive(Clone, Debug)]
pub struct Lab {
    /// server-a, the page's origin, e.g. `http://localhost:41234`.
    pub page: String,
    /// server-b, the API's origin.
    pub api: String,
}

impl Lab {
    pub fn api_url(&self, path: &str) -> String {
        format!("{}{path}", self.api)
    }

    pub fn page_url(&self, path: &str) -> String {
        format!("{}{path}", self.page)
    }
}

/// The lab for this test binary: started once, shared by its tests.
pub fn spawn_lab() -> Lab {
    static LAB: OnceLock<Lab> = OnceLock::new();
    LAB.get_or_init(
        || match (std::env::var("LAB_A_URL"), std::env::var("LAB_B_URL")) {
            (Ok(page), Ok(api)) => Lab { page, api },
            _ => start_in_process(),
        },
    )
    .clone()
}

fn start_in_process() -> Lab {
    let listener_a = TcpListener::bind("127.0.0.1:0").expect("a free port for server-a");
    let listener_b = TcpListener::bind("127.0.0.1:0").expect("a free port for server-b");
    let page = format!(
        "http://localhost:{}",
        listener_a.local_addr().unwrap().port()
    );
    let api = format!(
        "http://localhost:{}",
        listener_b.local_addr().unwrap().port()
    );

    let settings_b = server_b::configuration::Settings {
        bind: "127.0.0.1".into(),
        port: 0,
        allowed_origins: vec![page.parse().unwrap()],
        session_key: Key::generate(),
    };
    let settings_a = server_a::configuration::Settings {
        bind: "127.0.0.1".into(),
        port: 0,
        api_origin: api.parse().unwrap(),
        static_dir: server_a::configuration::DEFAULT_STATIC_DIR.into(),
    };
    run_on_own_thread("server-b", move || {
        server_b::startup::Application::from_listener(listener_b, settings_b)
            .map(server_b::startup::Application::run_until_stopped)
    });
    run_on_own_thread("server-a", move || {
        server_a::startup::Application::from_listener(listener_a, settings_a)
            .map(server_a::startup::Application::run_until_stopped)
    });
    Lab { page, api }
}

/// Runs a server on a thread with its own actix system, so that it outlives
/// any one test's async runtime.
fn run_on_own_thread<F, Fut>(name: &'static str, build: F)
where
    F: FnOnce() -> anyhow::Result<Fut> + Send + 'static,
    Fut: std::future::Future<Output = std::io::Result<()>> + 'static,
{
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                match build() {
                    Ok(server) => {
                        ready_tx.send(Ok(())).unwrap();
                        let _ = server.await;
                    }
                    Err(e) => ready_tx.send(Err(format!("{e:#}"))).unwrap(),
                }
            })
        })
        .unwrap();
    if let Err(e) = ready_rx.recv().unwrap() {
        panic!("{name} did not start: {e}");
    }
}
