use lab_tests::http::{FRIEND, USER};
use lab_tests::spawn_app;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn notes_are_created_listed_updated_and_deleted() {
    let app = spawn_app();
    let cookie = app.login(USER).await;
    let first = format!("first of {}", app.run);
    let create = app
        .from_page(Method::POST, "/api/notes")
        .json(&json!({"text": first}));
    let (status, note) = app.call(create, &cookie).await;
    assert_eq!(status, 201);
    let id = note["id"].as_u64().unwrap();
    let path = format!("/api/notes/{id}");

    let (status, list) = app
        .call(app.from_page(Method::GET, "/api/notes"), &cookie)
        .await;
    assert_eq!(status, 200);
    assert!(list["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["id"] == id && n["text"] == first.as_str()));

    let update = app
        .from_page(Method::PUT, &path)
        .json(&json!({"text": "edited"}));
    let (status, note) = app.call(update, &cookie).await;
    assert_eq!((status, note["text"].as_str()), (200, Some("edited")));

    let (status, _) = app
        .call(app.from_page(Method::DELETE, &path), &cookie)
        .await;
    assert_eq!(status, 204);
    let (status, _) = app
        .call(app.from_page(Method::DELETE, &path), &cookie)
        .await;
    assert_eq!(status, 404, "deleting twice");
}

#[tokio::test]
async fn another_users_note_is_not_found() {
    let app = spawn_app();
    let owner = app.login(USER).await;
    let friend = app.login(FRIEND).await;
    let private = format!("private to {}", app.run);
    let create = app
        .from_page(Method::POST, "/api/notes")
        .json(&json!({"text": private}));
    let (_, note) = app.call(create, &owner).await;
    let path = format!("/api/notes/{}", note["id"]);

    let (_, list) = app
        .call(app.from_page(Method::GET, "/api/notes"), &friend)
        .await;
    assert!(!list["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["text"] == private.as_str()));
    let edit = app
        .from_page(Method::PUT, &path)
        .json(&json!({"text": "mine now"}));
    assert_eq!(app.call(edit, &friend).await.0, 404);
    assert_eq!(
        app.call(app.from_page(Method::DELETE, &path), &friend)
            .await
            .0,
        404
    );

    let (_, list) = app
        .call(app.from_page(Method::GET, "/api/notes"), &owner)
        .await;
    assert!(list["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["text"] == private.as_str()));
}

#[tokio::test]
async fn bad_ids_and_texts_are_refused_clearly() {
    let app = spawn_app();
    let cookie = app.login(USER).await;
    assert_eq!(
        app.call(
            app.from_page(Method::DELETE, "/api/notes/not-a-number"),
            &cookie
        )
        .await
        .0,
        404
    );
    assert_eq!(
        app.call(app.from_page(Method::DELETE, "/api/notes/999999"), &cookie)
            .await
            .0,
        404
    );
    let empty = app
        .from_page(Method::POST, "/api/notes")
        .json(&json!({"text": "  "}));
    let (status, body) = app.call(empty, &cookie).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("1 to 1000"));
    assert_eq!(body["field"], "text", "{body}");
    let (status, _) = app.call(app.from_page(Method::GET, "/api/notes"), "").await;
    assert_eq!(status, 401);
}
