//! Where the lab lives, as the browser sees it. Worked out once, here, from the
//! page's origin and the API's: the curl replay, the policy snippets and the
//! lessons' prose are all written with these values, and server-a hands them
//! to the page in `/config.json`, so the page computes no origin of its own.

use cors_model::Origin;

use crate::model::{Initiator, Scheme, ServerName, Step, Target};

/// server-a's attacker port unless `--attacker-port` says otherwise.
pub const DEFAULT_ATTACKER_PORT: u16 = 8082;

/// The attacker's host when a step names none: the lab's own name, so the
/// attacker is another port of the same site.
pub const SAME_SITE_ATTACKER_HOST: &str = "localhost";

/// What the prose says for server-b's https origin when it serves none.
pub const HTTPS_NOT_SERVED: &str = "https://(server-b serves no https: see --tls-port)";

/// A frame of the lab page that sends requests for it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Frame {
    /// The `Origin` its requests carry (`null` when sandboxed).
    pub origin: String,
    /// The page it loads.
    pub url: String,
    /// Whether it is an `<iframe sandbox="allow-scripts">`.
    pub sandboxed: bool,
}

/// The lab's origins, as seen from one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origins {
    /// The page as the browser opened it (server-a).
    pub page: String,
    /// The same page under the other loopback name (`127.0.0.1` for
    /// `localhost`, and back): another origin, and another site.
    pub other_page: String,
    /// server-b, the API.
    pub api: String,
    /// server-b under the other loopback name (`127.0.0.1` for `localhost`,
    /// and back): the same server, another host; `None` off loopback.
    pub other_api: Option<String>,
    /// server-b's https origin, when it serves one (`--tls-port`).
    pub api_tls: Option<String>,
    /// The port of the attacker's pages on server-a; their host varies.
    pub attacker_port: u16,
    /// The attacker's page at `localhost`: the same site as the lab.
    pub attacker_page: String,
}

impl Origins {
    /// The lab seen from `page`, calling the API at `api`. A page that is not on
    /// a loopback name has no other page: it then stands for itself.
    pub fn seen_from(page: &str, api: &str) -> Self {
        let other_page = other_loopback(page).unwrap_or_else(|| page.to_owned());
        Origins {
            page: page.to_owned(),
            other_page,
            api: api.to_owned(),
            other_api: other_loopback(api),
            api_tls: None,
            attacker_port: 0,
            attacker_page: String::new(),
        }
        .with_attacker_port(DEFAULT_ATTACKER_PORT)
    }

    /// The same lab with server-b's https origin, when it serves one.
    pub fn with_api_tls(self, api_tls: Option<&str>) -> Self {
        Origins {
            api_tls: api_tls.map(str::to_owned),
            ..self
        }
    }

    /// server-b's https origin, or words saying it has none (for prose).
    pub fn api_tls_or_say(&self) -> &str {
        self.api_tls.as_deref().unwrap_or(HTTPS_NOT_SERVED)
    }

    /// The origin `step`'s request goes to: the page's, or server-b's over
    /// the step's scheme and by the step's name for it; `None` for https
    /// when server-b serves none, and for the other name off loopback.
    pub fn target_of(&self, step: &Step) -> Option<&str> {
        match (&step.target, step.scheme, step.server_name) {
            (Target::Page, _, _) => Some(&self.page),
            (_, Scheme::Http, ServerName::Lab) => Some(&self.api),
            (_, Scheme::Http, ServerName::OtherLoopback) => self.other_api.as_deref(),
            (_, Scheme::Https, _) => self.api_tls.as_deref(),
        }
    }

    /// The same lab with the attacker's pages on `port`.
    pub fn with_attacker_port(self, port: u16) -> Self {
        Origins {
            attacker_port: port,
            attacker_page: format!("http://{SAME_SITE_ATTACKER_HOST}:{port}"),
            ..self
        }
    }

    /// The attacker's page at `host` (`localhost` or a name under it).
    pub fn attacker(&self, host: &str) -> String {
        format!("http://{host}:{}", self.attacker_port)
    }

    /// The `Origin` the browser sends for `step`: the page that sends it, or
    /// `null` from a sandboxed frame.
    pub fn sender(&self, step: &Step) -> String {
        self.sender_of(step.from, step.attacker_host.as_deref())
    }

    /// The `Origin` a request sent `from` carries (`attacker_host` for the
    /// attacker's page; `localhost` when `None`).
    pub fn sender_of(&self, from: Initiator, attacker_host: Option<&str>) -> String {
        match from {
            Initiator::Page => self.page.clone(),
            Initiator::OtherOrigin => self.other_page.clone(),
            Initiator::Attacker => self.attacker(attacker_host.unwrap_or(SAME_SITE_ATTACKER_HOST)),
            Initiator::Sandboxed => "null".to_owned(),
        }
    }

    /// The frame the page sends `step` from, when not from itself: the lab
    /// page on its other name, or the attacker's page (sandboxed for `null`).
    /// An attacker's page with an embedder policy is served with it
    /// (`/?coep=<value>`, which server-a answers with the header).
    pub fn frame(&self, step: &Step) -> Option<Frame> {
        let frame = self.frame_of(step.from, step.attacker_host.as_deref())?;
        Some(match step.embedder_policy {
            Some(policy) => Frame {
                url: format!("{}?coep={}", frame.url, policy.value()),
                ..frame
            },
            None => frame,
        })
    }

    /// The frame a request sent `from` runs in; `None` for the page itself.
    pub fn frame_of(&self, from: Initiator, attacker_host: Option<&str>) -> Option<Frame> {
        let origin = self.sender_of(from, attacker_host);
        let url = match from {
            Initiator::Page => return None,
            Initiator::OtherOrigin => format!("{origin}/runner.html"),
            Initiator::Attacker => format!("{origin}/"),
            Initiator::Sandboxed => {
                format!("{}/?sandboxed", self.attacker(SAME_SITE_ATTACKER_HOST))
            }
        };
        Some(Frame {
            origin,
            url,
            sandboxed: from == Initiator::Sandboxed,
        })
    }

    /// The page origin on server-b's allowlist. The lab is meant to be opened at
    /// `localhost` (the default `ALLOWED_ORIGINS`); a page opened at `127.0.0.1`
    /// is the other one, and the allowlisted page is its other page.
    pub fn lab_page(&self) -> &str {
        if self.page.contains("://127.0.0.1") {
            &self.other_page
        } else {
            &self.page
        }
    }

    /// The same lab seen from the allowlisted page: the origins the lessons'
    /// prose and policies speak of, wherever the page was opened.
    pub fn from_lab_page(&self) -> Origins {
        Origins::seen_from(self.lab_page(), &self.api)
            .with_api_tls(self.api_tls.as_deref())
            .with_attacker_port(self.attacker_port)
    }
}

/// `origin` under the other loopback name, when it is on one.
fn other_loopback(origin: &str) -> Option<String> {
    let origin = origin.parse::<Origin>().ok()?;
    Some(origin.with_loopback_host_swapped()?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_page_is_the_other_loopback_name() {
        let origins = Origins::seen_from("http://localhost:9080", "http://localhost:9081");
        assert_eq!(origins.other_page, "http://127.0.0.1:9080");
        assert_eq!(origins.other_api.as_deref(), Some("http://127.0.0.1:9081"));
        assert_eq!(origins.lab_page(), "http://localhost:9080");
        assert_eq!(origins.from_lab_page(), origins);
    }

    #[test]
    fn opened_at_127_0_0_1_the_lab_page_is_localhost() {
        let origins = Origins::seen_from("http://127.0.0.1:9080", "http://localhost:9081");
        assert_eq!(origins.other_page, "http://localhost:9080");
        assert_eq!(origins.lab_page(), "http://localhost:9080");
        assert_eq!(origins.from_lab_page().other_page, "http://127.0.0.1:9080");
    }

    #[test]
    fn a_page_off_loopback_stands_for_itself() {
        let origins = Origins::seen_from("https://lab.example", "https://api.example");
        assert_eq!(origins.other_page, "https://lab.example");
        assert_eq!(origins.other_api, None);
    }
}
