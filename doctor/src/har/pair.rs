//! Which entries of a HAR are cross-origin requests, and which preflight
//! each one followed. A preflight is the browser's OPTIONS with
//! `Access-Control-Request-Method`; it belongs to the request to the same
//! URL, from the same origin, whose method it names, nearest to it in the
//! file. Nearest, not only "just before": DevTools lists requests by the time
//! each started, and Chromium starts the page's request before the
//! preflight it sends for it, so in a Chromium HAR the preflight usually
//! comes right after its request. A request Chromium never sent is
//! recorded with the headers the page gave it, without `Origin` (added on
//! the way out): it is found through its preflight, whose origin it takes.
//! A preflight whose request is not in the file stands alone; a redirect
//! takes the next entry for its Location as its second hop.

use url::Url;

use super::file::Entry;

/// One cross-origin request to judge, with what the HAR recorded of it.
#[derive(Clone, Debug)]
pub struct Case<'a> {
    /// The entry's place in `log.entries`, from 1.
    pub number: usize,
    /// The page's origin: the request's `Origin` header, its preflight's,
    /// or `--origin`.
    pub origin: String,
    /// Where `origin` comes from.
    pub origin_from: OriginFrom,
    /// The request; `None` when only its preflight is in the file.
    pub request: Option<&'a Entry>,
    /// Its OPTIONS preflight, when the file holds one.
    pub preflight: Option<&'a Entry>,
    /// The request at the redirect's Location, when the answer redirected.
    pub redirected: Option<&'a Entry>,
}

/// Where a request's origin was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginFrom {
    /// Its own `Origin` header.
    Header,
    /// Its preflight's `Origin`: the request was recorded without one.
    Preflight,
    /// The command line's `--origin`: no `Origin` header at all.
    Given,
}

/// The URL without its fragment (DevTools drops it too).
pub fn normalise(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) => {
            parsed.set_fragment(None);
            parsed.to_string()
        }
        Err(_) => url.to_owned(),
    }
}

fn origin_of(url: &str) -> Option<String> {
    Url::parse(url)
        .ok()
        .map(|u| u.origin().ascii_serialization())
}

/// What an entry says of the origin it was sent from.
enum Sender {
    /// Another origin than the URL's.
    Cross(String, OriginFrom),
    /// No `Origin` header (and no `--origin` to stand for it): cross-origin
    /// only if a preflight says so.
    Unknown,
    /// The URL's own origin, or not an http(s) URL (a WebSocket, `data:`,
    /// `blob:`): CORS does not apply.
    NotCors,
}

fn sender(entry: &Entry, page: Option<&str>) -> Sender {
    let http =
        Url::parse(&entry.request.url).is_ok_and(|url| matches!(url.scheme(), "http" | "https"));
    if !http {
        return Sender::NotCors;
    }
    let target = origin_of(&entry.request.url);
    let (origin, from) = match (entry.request_header("origin"), page) {
        (Some(sent), _) => (sent.trim().to_owned(), OriginFrom::Header),
        (None, Some(page)) => (page.to_owned(), OriginFrom::Given),
        (None, None) => return Sender::Unknown,
    };
    if target.as_deref() == Some(origin.as_str()) {
        Sender::NotCors
    } else {
        Sender::Cross(origin, from)
    }
}

/// Every cross-origin request of the HAR with its preflight, in file order.
pub fn cases<'a>(entries: &'a [Entry], page: Option<&str>) -> Vec<Case<'a>> {
    let urls: Vec<String> = entries.iter().map(|e| normalise(&e.request.url)).collect();
    let mut requests = Vec::new();
    let mut preflights = Vec::new();
    let mut second_hops = vec![false; entries.len()];
    for (i, entry) in entries.iter().enumerate() {
        let sender = sender(entry, page);
        if entry.is_preflight() {
            let Sender::Cross(origin, _) = sender else {
                continue;
            };
            let method = entry
                .request_header("access-control-request-method")
                .unwrap_or_default();
            preflights.push((i, origin, method.trim().to_owned()));
        } else if !second_hops[i] && !matches!(sender, Sender::NotCors) {
            let hop = redirect_target(entries, &urls, i, &second_hops);
            if let Some(j) = hop {
                second_hops[j] = true;
            }
            let origin = match sender {
                Sender::Cross(origin, from) => Some((origin, from)),
                _ => None,
            };
            requests.push((i, origin, hop));
        }
    }
    let mut used = vec![false; preflights.len()];
    let mut found = Vec::new();
    for (i, origin, hop) in &requests {
        let method = entries[*i].request.method.as_str();
        let same = |j: usize| {
            urls[j] == urls[*i] && entries[j].request.method == method && !entries[j].is_preflight()
        };
        // Candidates: unused, same URL, origin (when known) and method, and
        // no other request like this one between the two.
        let best = preflights
            .iter()
            .enumerate()
            .filter(|(k, (j, o, m))| {
                !used[*k]
                    && urls[*j] == urls[*i]
                    && origin.as_ref().is_none_or(|(origin, _)| o == origin)
                    && m == method
                    && {
                        let (from, to) = if j < i { (*j, *i) } else { (*i, *j) };
                        !(from + 1..to).any(same)
                    }
            })
            // Nearest first; at equal distance, the one before.
            .min_by_key(|(_, (j, ..))| (j.abs_diff(*i), *j > *i))
            .map(|(k, _)| k);
        let (origin, from) = match (origin, best) {
            (Some((origin, from)), _) => (origin.clone(), *from),
            (None, Some(k)) => (preflights[k].1.clone(), OriginFrom::Preflight),
            // No Origin, no preflight: nothing says CORS applied.
            (None, None) => continue,
        };
        if let Some(k) = best {
            used[k] = true;
        }
        found.push(Case {
            number: i + 1,
            origin,
            origin_from: from,
            request: Some(&entries[*i]),
            preflight: best.map(|k| &entries[preflights[k].0]),
            redirected: hop.map(|j| &entries[j]),
        });
    }
    for ((j, origin, _), used) in preflights.iter().zip(used) {
        if !used {
            found.push(Case {
                number: j + 1,
                origin: origin.clone(),
                origin_from: OriginFrom::Header,
                request: None,
                preflight: Some(&entries[*j]),
                redirected: None,
            });
        }
    }
    found.sort_by_key(|case| case.number);
    found
}

/// The entry a redirect led to: the next request to its Location.
fn redirect_target(entries: &[Entry], urls: &[String], i: usize, taken: &[bool]) -> Option<usize> {
    let response = &entries[i].response;
    if !(300..=399).contains(&response.status) {
        return None;
    }
    let location = response
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("location"))?;
    let base = Url::parse(&entries[i].request.url).ok()?;
    let to = normalise(base.join(location.value.trim()).ok()?.as_str());
    (i + 1..entries.len()).find(|&j| !taken[j] && !entries[j].is_preflight() && urls[j] == to)
}

#[cfg(test)]
mod tests {
    use super::super::file::parse;
    use super::*;

    fn entries(json: &str) -> Vec<Entry> {
        parse(format!(r#"{{"log": {{"entries": [{json}]}}}}"#).as_bytes())
            .unwrap()
            .log
            .entries
    }

    fn entry(method: &str, url: &str, headers: &[(&str, &str)], status: i64) -> String {
        let headers: Vec<String> = headers
            .iter()
            .map(|(n, v)| format!(r#"{{"name": "{n}", "value": "{v}"}}"#))
            .collect();
        format!(
            r#"{{"request": {{"method": "{method}", "url": "{url}", "headers": [{}]}},
                "response": {{"status": {status}, "headers": []}}}}"#,
            headers.join(",")
        )
    }

    const PAGE: &str = "http://localhost:8080";
    const API: &str = "http://localhost:8081/api/notes/1";

    fn preflight(method: &str) -> String {
        entry(
            "OPTIONS",
            API,
            &[("Origin", PAGE), ("Access-Control-Request-Method", method)],
            200,
        )
    }

    fn put() -> String {
        entry("PUT", API, &[("Origin", PAGE)], 200)
    }

    #[test]
    fn a_preflight_pairs_with_its_request_before_or_after() {
        // Firefox order (preflight first), then Chromium's (request first).
        let list = entries(&[preflight("PUT"), put(), put(), preflight("PUT")].join(","));
        let found = cases(&list, None);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].number, 2);
        assert!(std::ptr::eq(found[0].preflight.unwrap(), &list[0]));
        assert!(std::ptr::eq(found[1].preflight.unwrap(), &list[3]));
        assert_eq!(found[0].origin, PAGE);
    }

    #[test]
    fn a_preflight_for_another_method_or_url_is_not_paired() {
        let other = entry(
            "OPTIONS",
            "http://localhost:8081/api/other",
            &[("Origin", PAGE), ("Access-Control-Request-Method", "PUT")],
            200,
        );
        let list = entries(&[preflight("DELETE"), other, put()].join(","));
        let found = cases(&list, None);
        assert_eq!(found.len(), 3, "two lone preflights and the request");
        let put = found.iter().find(|c| c.number == 3).unwrap();
        assert!(put.preflight.is_none());
        assert!(found
            .iter()
            .filter(|c| c.request.is_none())
            .all(|c| c.preflight.is_some()));
    }

    #[test]
    fn same_origin_requests_are_left_out_unless_origin_is_given() {
        let list = entries(
            &[
                entry("GET", "http://localhost:8080/config.json", &[], 200),
                entry("POST", "http://localhost:8080/x", &[("Origin", PAGE)], 200),
                entry("GET", "http://localhost:8081/img.png", &[], 200),
            ]
            .join(","),
        );
        assert!(cases(&list, None).is_empty());
        let socket = entries(&entry(
            "GET",
            "ws://localhost:8081/socket",
            &[("Origin", PAGE)],
            101,
        ));
        assert!(cases(&socket, None).is_empty(), "WebSockets are not CORS");
        let found = cases(&list, Some(PAGE));
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].number, found[0].origin_from),
            (3, OriginFrom::Given)
        );
    }

    #[test]
    fn a_request_recorded_without_origin_is_found_through_its_preflight() {
        // Chromium records a request it never sent with the page's headers
        // only: no Origin. Its preflight, right after it, names the origin.
        let list =
            entries(&[entry("PUT", API, &[("X-Token", "a")], 0), preflight("PUT")].join(","));
        let found = cases(&list, None);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].number, 1);
        assert_eq!(found[0].origin, PAGE);
        assert_eq!(found[0].origin_from, OriginFrom::Preflight);
        assert!(found[0].preflight.is_some());
    }

    #[test]
    fn a_redirect_takes_the_next_request_to_its_location() {
        let mut first = entry("GET", API, &[("Origin", PAGE)], 302);
        first = first.replace(
            r#""status": 302, "headers": []"#,
            r#""status": 302, "headers": [{"name": "Location", "value": "/api/moved"}]"#,
        );
        let second = entry(
            "GET",
            "http://localhost:8081/api/moved",
            &[("Origin", PAGE)],
            200,
        );
        let list = entries(&[first, second].join(","));
        let found = cases(&list, None);
        assert_eq!(found.len(), 1);
        assert!(std::ptr::eq(found[0].redirected.unwrap(), &list[1]));
    }
}
