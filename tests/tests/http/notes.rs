use lab_tests::http::{call, from_page, login, FRIEND, USER};
use lab_tests::spawn_lab;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn notes_are_created_listed_updated_and_deleted() {
    let lab = spawn_lab();
    let cookie = login(&lab, USER).await;
    let create = from_page(&lab, Method::POST, "/api/notes").json(&json!({"text": "first"}));
    let (status, note) = call(create, &cookie).await;
    assert_eq!(status, 201);
    let id = note["id"].as_u64().unwrap();
    let path = format!("/api/notes/{id}");

    let (status, list) = call(from_page(&lab, Method::GET, "/api/notes"), &cookie).await;
    assert_eq!(status, 200);
    assert!(list["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["id"] == id && n["text"] == "first"));

    let update = from_page(&lab, Method::PUT, &path).json(&json!({"text": "edited"}));
    let (status, note) = call(update, &cookie).await;
    assert_eq!((status, note["text"].as_str()), (200, Some("edited")));

    let (status, _) = call(from_page(&lab, Method::DELETE, &path), &cookie).await;
    assert_eq!(status, 204);
    let (status, _) = call(from_page(&lab, Method::DELETE, &path), &cookie).await;
    assert_eq!(status, 404, "deleting twice");
}

#[tokio::test]
async fn another_users_note_is_not_found() {
    let lab = spawn_lab();
    let owner = login(&lab, USER).await;
    let friend = login(&lab, FRIEND).await;
    let create = from_page(&lab, Method::POST, "/api/notes").json(&json!({"text": "private"}));
    let (_, note) = call(create, &owner).await;
    let path = format!("/api/notes/{}", note["id"]);

    let (_, list) = call(from_page(&lab, Method::GET, "/api/notes"), &friend).await;
    assert!(!list["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["text"] == "private"));
    let edit = from_page(&lab, Method::PUT, &path).json(&json!({"text": "mine now"}));
    assert_eq!(call(edit, &friend).await.0, 404);
    assert_eq!(
        call(from_page(&lab, Method::DELETE, &path), &friend)
            .await
            .0,
        404
    );

    let (_, list) = call(from_page(&lab, Method::GET, "/api/notes"), &owner).await;
    assert!(list["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["text"] == "private"));
}

#[tokio::test]
async fn bad_ids_and_texts_are_refused_clearly() {
    let lab = spawn_lab();
    let cookie = login(&lab, USER).await;
    assert_eq!(
        call(
            from_page(&lab, Method::DELETE, "/api/notes/not-a-number"),
            &cookie
        )
        .await
        .0,
        404
    );
    assert_eq!(
        call(
            from_page(&lab, Method::DELETE, "/api/notes/999999"),
            &cookie
        )
        .await
        .0,
        404
    );
    let empty = from_page(&lab, Method::POST, "/api/notes").json(&json!({"text": "  "}));
    let (status, body) = call(empty, &cookie).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("1 to 1000"));
    let (status, _) = call(from_page(&lab, Method::GET, "/api/notes"), "").await;
    assert_eq!(status, 401);
}
