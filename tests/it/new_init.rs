//! `puente init` makes a site that builds anywhere; `puente new` makes both files of a page.

use crate::support::{SiteTest, run_in};

#[test]
fn init_then_build_works_in_an_empty_folder_outside_the_repo() {
    let temp = tempfile::tempdir().unwrap();
    run_in(temp.path(), &["init", "mysite"]).assert_ok();
    let root = temp.path().join("mysite");
    run_in(temp.path(), &["build", "--root", root.to_str().unwrap()]).assert_ok();
    let out = root.join("public");
    for file in ["index.html", "en/index.html", "es/index.html", "es/noticias/sitio-bilingue/index.html", "sitemap.xml"]
    {
        assert!(out.join(file).is_file(), "{file} missing");
    }
}

#[test]
fn init_refuses_a_folder_with_files() {
    let site = SiteTest::fixture("minimal");
    site.run(&["init", site.root().to_str().unwrap()]).assert_error(2, "not empty");
}

#[test]
fn new_creates_both_languages_with_matching_front_matter() {
    let site = SiteTest::fixture("minimal");
    site.run(&["new", "news/border-talks"]).assert_ok();
    let en = std::fs::read_to_string(site.root().join("content-en/news/border-talks.md")).unwrap();
    let es = std::fs::read_to_string(site.root().join("content-es/news/border-talks.md")).unwrap();
    let front = |text: &str| text.split("---").nth(1).unwrap().to_string();
    assert_eq!(front(&en), front(&es));
    assert!(en.contains("title: \"Border talks\""));
    site.build().assert_ok();
    // A second `new` on the same path changes nothing.
    site.run(&["new", "news/border-talks.md"]).assert_error(2, "already exists");
    site.run(&["new", "../escape"]).assert_error(2, "not a path inside");
}
