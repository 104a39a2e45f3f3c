//! Zola 0.22 compatibility, held against golden output: `tests/sites/zola-theme` has a theme
//! (`themes/golden`) whose templates print every context variable, call every function and
//! filter, and use every shortcode form, in both languages. A change in what a Zola theme sees
//! shows up as a snapshot diff (`cargo insta review`, or `INSTA_UPDATE=always cargo test`).

use crate::support::{SiteTest, run_in};
use std::path::Path;

/// Fixed build time, so `now()` is part of the golden output.
const EPOCH: &str = "1790000000";

fn built() -> &'static SiteTest {
    use std::sync::OnceLock;
    static SITE: OnceLock<SiteTest> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = SiteTest::fixture("zola-theme");
        let root = site.root().to_str().unwrap().to_string();
        let run = std::process::Command::new(crate::support::BIN)
            .args(["--root", &root, "build", "--color", "never"])
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .output()
            .expect("run puente");
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        site
    })
}

/// The part of a page the golden theme prints (the `<nav>` and `<main>`), or the whole file.
fn golden(rel: &str) -> String {
    let text = built().read(rel);
    match (text.find("<nav>"), text.rfind("</main>")) {
        (Some(start), Some(end)) => text[start..end].to_string(),
        _ => text,
    }
}

macro_rules! golden_files {
    ($($name:ident => $path:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), golden($path));
            }
        )*
    };
}

golden_files! {
    // Home: config, languages, every data format, image, hash and filter, in each language.
    home_en => "en/index.html",
    home_es => "es/index.html",
    // A page with a custom template, TOML front matter, TOC, summary and every shortcode form.
    page_with_shortcodes_en => "en/about/index.html",
    page_with_shortcodes_es => "es/about/index.html",
    // Date from the file name, `updated`, taxonomies, backlinks, `page_template`, anchor links.
    dated_page_en => "en/news/first/index.html",
    dated_page_es => "es/noticias/first/index.html",
    // Paginated, date-sorted section with a transparent subsection and its own pager word.
    paginated_first_en => "en/news/index.html",
    paginated_second_es => "es/noticias/p/2/index.html",
    // Taxonomy list and term pages, under the Spanish slug in Spanish.
    taxonomy_list_en => "en/tags/index.html",
    taxonomy_list_es => "es/etiquetas/index.html",
    taxonomy_term_es => "es/etiquetas/fronteras/index.html",
    // A section's own feed (`generate_feeds`), `redirect_to`, the 404 page and the sitemap.
    section_feed_en => "en/news/atom.xml",
    redirect_es => "es/old/index.html",
    not_found_es => "es/404.html",
    sitemap => "sitemap.xml",
    // The theme's Sass, compiled with its partial.
    compiled_sass => "main.css",
}

#[test]
fn render_false_pages_are_loaded_but_not_written() {
    let site = built();
    assert!(!site.out().join("en/hidden/index.html").exists());
    assert!(!site.out().join("es/hidden/index.html").exists());
    assert!(golden("en/index.html").contains("hidden: title=Hidden data page secret=42"));
    assert!(!site.read("sitemap.xml").contains("/hidden/"), "a page that is not written is not in the sitemap");
}

#[test]
fn resized_images_are_written_with_the_sizes_the_theme_was_told() {
    let out = built().out();
    let mut sizes: Vec<(String, u32, u32)> = std::fs::read_dir(out.join("processed_images"))
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let (w, h) = image::image_dimensions(&path).unwrap();
            (path.extension().unwrap().to_string_lossy().into_owned(), w, h)
        })
        .collect();
    sizes.sort();
    assert_eq!(
        sizes,
        [
            ("png".into(), 10, 5),
            ("png".into(), 10, 5),
            ("png".into(), 10, 10),
            ("png".into(), 10, 10),
            ("png".into(), 20, 10),
            ("webp".into(), 20, 10)
        ]
    );
}

#[test]
fn resized_images_are_cached_between_builds() {
    let site = SiteTest::fixture("zola-theme");
    site.build().assert_ok();
    let cache = site.root().join(".puente-cache/processed_images");
    let first: Vec<_> = std::fs::read_dir(&cache).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(first.len(), 6);
    let stamp = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let before: Vec<_> = first.iter().map(|p| stamp(p)).collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build().assert_ok();
    let after: Vec<_> = first.iter().map(|p| stamp(p)).collect();
    assert_eq!(before, after, "a second build reuses the cached images instead of resizing again");
}

/// Every function's (and filter's) failure names the template file and the line of the call,
/// and says what was wrong.
#[test]
fn function_errors_name_the_template_and_line() {
    let cases: &[(&str, &str)] = &[
        (r#"{{ get_url(path="@/nope.md") }}"#, "there is no `nope.md`"),
        (r#"{% set p = get_page(path="nope.md") %}"#, "there is no page `nope.md`"),
        (r#"{% set s = get_section(path="nope/_index.md") %}"#, "there is no section"),
        (r#"{% set t = get_taxonomy(kind="nope") %}"#, "taxonomy `nope` is not declared"),
        (r#"{{ get_taxonomy_url(kind="tags", name="nothing") }}"#, "no en page uses the tags term `nothing`"),
        (r#"{% set t = get_taxonomy_term(kind="tags", term="nothing") %}"#, "term `nothing`"),
        (r#"{% set d = load_data(path="data/none.json") %}"#, "there is no file `data/none.json`"),
        (r#"{% set d = load_data(url="https://example.org/x.json") %}"#, "`url=` is not supported"),
        (r#"{% set d = load_data(path="data/points.json", format="ini") %}"#, "unknown format `ini`"),
        (r#"{% set d = load_data(literal="{", format="json") %}"#, "is not valid json"),
        (r#"{{ get_hash(sha_type=256) }}"#, "exactly one of `path` or `literal`"),
        (r#"{% set m = get_image_metadata(path="none.png") %}"#, "there is no image `none.png`"),
        (r#"{% set r = resize_image(path="banner.png", width=10, op="stretch") %}"#, "`op` must be fill"),
        (r#"{% set r = resize_image(path="banner.png", op="fill", width=10) %}"#, "needs `width` and `height`"),
        // Caught before rendering, by the check that every key a template uses exists.
        (r#"{{ trans(key="nothing", lang="es") }}"#, "fluent-missing-key"),
        (r#"{{ "x" | num_format }}"#, "num_format: the value must be a whole number"),
        (r#"{{ "x" | regex_replace(pattern="(", rep="") }}"#, "is not a valid pattern"),
        (r#"{{ "%%%" | base64_decode }}"#, "base64_decode: not base64"),
        (r#"{{ 3 | markdown }}"#, "markdown: the value must be text"),
    ];
    for (call, expected) in cases {
        let site = SiteTest::fixture("zola-theme");
        site.write("templates/index.html", format!("<html><head></head><body>\n<h1>x</h1>\n{call}\n</body></html>\n"));
        let run = site.build();
        run.assert_error(1, "templates/index.html:3");
        assert!(run.stderr.contains(expected), "`{call}` should say `{expected}`:\n{}", run.stderr);
    }
}

#[test]
fn a_shortcode_function_error_names_the_page_line() {
    let site = SiteTest::fixture("zola-theme");
    site.write("themes/golden/templates/shortcodes/figure.html", r#"{{ get_url(path="@/missing.md") }}"#);
    site.build().assert_error(1, "content-en/about.md:17");
}

#[test]
fn tera_context_prints_the_whole_context() {
    let site = SiteTest::fixture("zola-theme");
    site.write("templates/page.html", "<html><head></head><body><pre>{{ __tera_context }}</pre></body></html>");
    site.build().assert_ok();
    let text = site.read("es/noticias/second/index.html");
    for key in ["\"page\": {", "\"config\": {", "\"current_path\": \"/es/noticias/second/\"", "\"lang\": \"es\""] {
        assert!(text.contains(key), "{key} missing from __tera_context:\n{text}");
    }
}

#[test]
fn zola_layout_puts_english_at_the_root_with_the_same_theme() {
    let site = SiteTest::fixture("zola-theme");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}default_language_in_subdir: false\n"));
    let root = site.root().to_str().unwrap().to_string();
    run_in(site.root(), &["--root", &root, "build"]).assert_ok();
    let home = site.read("index.html");
    assert!(home.contains("current_path=&#x2F; "), "English home at /:\n{home}");
    assert!(site.read("about/index.html").contains("permalink=https:&#x2F;&#x2F;fixture.example.org&#x2F;about&#x2F;"));
    assert!(site.read("es/about/index.html").contains("lang=es"));
}
