//! The output folder: byte-for-byte deterministic, and replaced in one swap so a failed build
//! leaves the previous output exactly as it was (SPEC §2, §3).

use crate::support::{SiteTest, snapshot};

#[test]
fn two_builds_give_byte_identical_trees() {
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    let first = snapshot(&site.out());
    site.build().assert_ok();
    let second = snapshot(&site.out());
    assert!(first.len() > 10);
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two builds");
    }
}

#[test]
fn bundled_site_builds_identically_twice() {
    let a = SiteTest::empty();
    let b = SiteTest::empty();
    for site in [&a, &b] {
        let out = site.out();
        crate::support::run_in(site.root(), &["build", "--root", crate::support::REPO, "--out", out.to_str().unwrap()])
            .assert_ok();
    }
    assert!(snapshot(&a.out()) == snapshot(&b.out()), "two builds of the bundled site differ");
}

#[test]
fn a_failing_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    let before = snapshot(&site.out());
    site.write("templates/page.html", "{% if page.title %}\n<h1>{{ page.title }</h1>\n");
    site.build().assert_error(1, "templates/page.html");
    assert!(snapshot(&site.out()) == before, "the output changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".puente-build-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders were left behind");
}

#[test]
fn the_output_never_replaces_the_sources() {
    let site = SiteTest::fixture("minimal");
    for out in [".", "content-en", "content-es/news"] {
        let run = site.run(&["build", "--out", site.root().join(out).to_str().unwrap()]);
        run.assert_error(2, "would replace the site's own files");
    }
    assert!(site.root().join("content-en/_index.md").is_file());
}

#[test]
fn a_sub_path_base_url_is_kept_in_every_url() {
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    let page = site.read("en/news/summit/index.html");
    assert!(page.contains("https://example.gov/outreach/en/news/summit/"), "{page}");
    assert!(page.contains("https://example.gov/outreach/es/noticias/cumbre/"), "{page}");
    assert!(page.contains("https://example.gov/outreach/style.css"), "{page}");
    let sitemap = site.read("sitemap.xml");
    assert!(!sitemap.contains("https://example.gov/en/"), "a URL lost the sub-path:\n{sitemap}");
    let run = site.run(&["build", "--base-url", "http://127.0.0.1:9/preview/"]);
    run.assert_ok();
    assert!(site.read("en/index.html").contains("http://127.0.0.1:9/preview/en/"));
}
