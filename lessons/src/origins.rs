//! Where the lab lives, as the browser sees it. Worked out once, here, from the
//! page's origin and the API's: the curl replay, the policy snippets and the
//! lessons' prose are all written with these values, and server-a hands them
//! to the page in `/config.json`, so the page computes no origin of its own.

use common::Origin;

/// The lab's three origins, as seen from one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origins {
    /// The page as the browser opened it (server-a).
    pub page: String,
    /// The same page under the other loopback name (`127.0.0.1` for
    /// `localhost`, and back): another origin, and another site.
    pub other_page: String,
    /// server-b, the API.
    pub api: String,
}

impl Origins {
    /// The lab seen from `page`, calling the API at `api`. A page that is not on
    /// a loopback name has no other page: it then stands for itself.
    pub fn seen_from(page: &str, api: &str) -> Self {
        let other_page = page
            .parse::<Origin>()
            .ok()
            .and_then(|origin| origin.with_loopback_host_swapped())
            .map_or_else(|| page.to_owned(), |origin| origin.to_string());
        Origins {
            page: page.to_owned(),
            other_page,
            api: api.to_owned(),
        }
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_page_is_the_other_loopback_name() {
        let origins = Origins::seen_from("http://localhost:9080", "http://localhost:9081");
        assert_eq!(origins.other_page, "http://127.0.0.1:9080");
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
    }
}
