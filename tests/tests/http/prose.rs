//! The lessons' prose follows the origins the lab really runs on: served on
//! other ports (here the free ports the suite picked), no explanation, HTTP
//! example or note still says 8080 or 8081.

use lab_tests::http::{client, send};
use lab_tests::spawn_app;
use serde_json::Value;

/// Everything of a lesson written for people, joined.
fn prose(lesson: &Value) -> String {
    let steps = lesson["steps"].as_array().into_iter().flatten();
    let browsers = ["chromium", "firefox", "others"].map(|engine| &lesson["browsers"][engine]);
    ["title", "summary", "explanation"]
        .iter()
        .map(|field| &lesson[field])
        .chain(browsers)
        .chain(steps.map(|step| &step["title"]))
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn the_lessons_name_the_real_origins() {
    let lab = spawn_app();
    let reply = send(client().get(lab.page_url("/lessons.json"))).await;
    assert_eq!(reply.status, 200);
    let lessons = reply.json.as_array().expect("a list of lessons");
    let prose: String = lessons.iter().map(prose).collect::<Vec<_>>().join("\n");
    assert!(
        prose.contains(&lab.page),
        "the prose never names {}",
        lab.page
    );
    assert!(
        prose.contains(&lab.api),
        "the prose never names {}",
        lab.api
    );
    for unfilled in ["_origin}", "_host}"] {
        assert!(!prose.contains(unfilled), "a placeholder was left unfilled");
    }

    let everything = reply.json.to_string();
    for port in ["8080", "8081"] {
        let real = [&lab.page, &lab.api]
            .iter()
            .any(|origin| origin.ends_with(&format!(":{port}")));
        for host in ["localhost", "127.0.0.1"] {
            let hard_coded = format!("{host}:{port}");
            assert!(
                real || !everything.contains(&hard_coded),
                "/lessons.json says {hard_coded}, but the lab runs at {} and {}",
                lab.page,
                lab.api
            );
        }
    }
}

/// Each blocked step's console lines, per engine, come with the origin of the
/// page that sends the request filled in, and the URL (which only the run
/// knows) left for the page.
#[tokio::test]
async fn console_lines_name_the_sending_origin() {
    let lab = spawn_app();
    let reply = send(client().get(lab.page_url("/lessons.json"))).await;
    let other_page = lab.page.replace("://localhost", "://127.0.0.1");
    let mut blocked = 0;
    for lesson in reply.json.as_array().unwrap() {
        for step in lesson["steps"].as_array().unwrap() {
            if step["expect"]["outcome"] != "blocked" {
                continue;
            }
            blocked += 1;
            // server-a's sender_origin, held against the test's own idea.
            let origin = match step["from"].as_str() {
                Some("other-origin") => other_page.clone(),
                Some("attacker") => lab
                    .origins()
                    .attacker(step["attacker_host"].as_str().unwrap_or("localhost")),
                Some("sandboxed") => "null".to_owned(),
                _ => lab.page.clone(),
            };
            assert_eq!(step["sender_origin"], origin.as_str(), "{step}");
            for engine in ["chromium", "firefox"] {
                let lines = step["expect"]["console"][engine].as_array();
                let lines = lines.unwrap_or_else(|| panic!("{engine}: {step}"));
                assert!(!lines.is_empty(), "{}: no {engine} line", lesson["id"]);
                for line in lines.iter().map(|l| l.as_str().unwrap()) {
                    assert!(line.contains("{url}"), "{line}");
                    assert!(!line.contains("{origin}"), "{line}");
                    // Chromium's CORS lines name the page; its network lines
                    // (a refused Cross-Origin-Resource-Policy) do not.
                    if engine == "chromium" && line.contains("blocked by CORS policy") {
                        assert!(line.contains(&format!("from origin '{origin}'")), "{line}");
                    }
                }
            }
        }
    }
    assert!(blocked >= 8, "only {blocked} blocked steps served");
}
