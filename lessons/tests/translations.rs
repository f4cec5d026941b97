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

/// Every Firefox line the lessons quote has its form in Firefox's Russian
/// and Chinese language packs (the model's templates, copied from them):
/// the page shows a learner's Firefox its own words.
#[test]
fn every_firefox_line_has_its_translated_form() {
    use cors_model::console::{firefox_line_in, FirefoxLocale};
    let mut translated = 0;
    for lesson in lessons::catalogue().unwrap() {
        for step in &lesson.steps {
            let Some(lines) = &step.expect.console else {
                continue;
            };
            for line in lines.firefox.iter() {
                for locale in [FirefoxLocale::Ru, FirefoxLocale::ZhCn] {
                    let form = firefox_line_in(locale, line);
                    assert!(
                        form.as_deref().is_some_and(|f| f != line),
                        "{}/{}: no {locale:?} form for {line}",
                        lesson.id,
                        step.name
                    );
                    translated += 1;
                }
            }
        }
    }
    assert!(translated >= 40, "{translated}");
}

/// The page's own words read in every language: each table translated, its
/// English hash current, every key and plural form there, placeholders kept.
#[test]
fn the_page_words_are_translated_and_up_to_date() {
    let problems = lessons::page_words::problems().unwrap();
    assert!(
        problems.is_empty(),
        "{} problems in lessons/catalogue/page:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The story's claims read in every language: each claim translated, from
/// its English as it is now.
#[test]
fn the_claims_are_translated_and_up_to_date() {
    let claims = lessons::claims::claims().unwrap();
    let problems = lessons::claim_translation::problems(claims).unwrap();
    assert!(
        problems.is_empty(),
        "{} problems in lessons/catalogue/story:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
