//! Every lesson reads in the story's languages: Russian and Chinese
//! overlays exist for every lesson, give every text the English has (and no
//! other), keep its placeholders, and translate the English as it is now
//! (`source` is its hash). `target/debug/translations` prints the same list.

use lessons::translation;

#[test]
fn every_lesson_is_translated_and_up_to_date() {
    let catalogue = lessons::catalogue().unwrap();
    let problems = translation::catalogue_problems(catalogue).unwrap();
    assert!(
        problems.is_empty(),
        "{} translation problems (run `cargo run -p lessons --bin translations`):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
