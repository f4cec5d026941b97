//! The lessons' prose follows the origins the lab really runs on: served on
//! other ports (here the free ports the suite picked), no explanation, HTTP
//! example or note still says 8080 or 8081.

use lab_tests::http::{client, send};
use lab_tests::spawn_app;
use serde_json::Value;

/// Everything of a lesson written for people, joined.
fn prose(lesson: &Value) -> String {
    let steps = lesson["steps"].as_array().into_iter().flatten();
    ["title", "summary", "explanation", "browsers"]
        .iter()
        .map(|field| &lesson[field])
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
