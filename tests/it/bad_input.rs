//! Bad input gets an error naming the file (and the line where there is one), exit 1 for
//! content and templates, exit 2 for setup, and never a panic. One test per mistake.

use crate::support::SiteTest;

fn site() -> SiteTest {
    SiteTest::fixture("minimal")
}

/// The English summit page with other front matter; its body keeps the heading other pages link to.
fn summit_en(front: &str) -> String {
    format!("---\n{front}\n---\nText.\n\n## What was agreed\n\nPoints.\n")
}

#[test]
fn unclosed_front_matter() {
    let site = site();
    site.write("content-es/news/summit.md", "---\ntitle: Cumbre\n\nTexto sin cierre.\n");
    site.build().assert_error(1, "content-es/news/summit.md:1").assert_error(1, "never closed");
}

#[test]
fn invalid_front_matter_yaml() {
    let site = site();
    site.write("content-en/news/summit.md", "---\ntitle: Summit\ndate: [2026\n---\nText\n");
    site.build().assert_error(1, "content-en/news/summit.md:");
}

#[test]
fn wrongly_typed_front_matter_names_key_and_line() {
    let site = site();
    site.write("content-en/news/summit.md", "---\ntitle: Summit\nweight: \"x\"\n---\nText\n");
    site.build().assert_error(1, "content-en/news/summit.md:3").assert_error(1, "`weight`");
    site.write("content-en/news/summit.md", "---\ntitle: [a]\n---\nText\n");
    site.build().assert_error(1, "content-en/news/summit.md:2").assert_error(1, "`title`");
    site.write("content-en/news/summit.md", "---\ntitle: A\ndate: 2026-13-45\n---\nText\n");
    site.build().assert_error(1, "content-en/news/summit.md:3").assert_error(1, "not a date");
}

#[test]
fn missing_title() {
    let site = site();
    site.write("content-es/news/summit.md", "---\ndate: 2026-11-27\n---\nTexto\n");
    site.build().assert_error(1, "content-es/news/summit.md:1").assert_error(1, "no `title`");
}

#[test]
fn unknown_config_key_names_line_and_closest_key() {
    let site = site();
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}defualt_language: es\n"));
    site.build().assert_error(2, "site.yaml:9").assert_error(2, "did you mean `default_language`");
}

#[test]
fn missing_template_named_in_front_matter() {
    let site = site();
    site.write("content-en/news/summit.md", summit_en("title: Summit\ntemplate: special.html"));
    site.build().assert_error(1, "content-en/news/summit.md:3").assert_error(1, "special.html");
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let site = site();
    site.write("templates/page.html", "<html>\n<body>\n{{ page.title }\n</body>\n");
    site.build().assert_error(1, "templates/page.html:3");
}

#[test]
fn unresolvable_internal_link_names_file_and_line() {
    let site = site();
    site.write("content-es/_index.md", "---\ntitle: Inicio\n---\n\nUno.\n\nVea [esto](@/no-existe.md).\n");
    site.build().assert_error(1, "content-es/_index.md:7").assert_error(1, "@/no-existe.md");
}

#[test]
fn internal_link_to_a_missing_heading() {
    let site = site();
    site.write("content-en/_index.md", "---\ntitle: Home\n---\n\nSee [x](@/news/summit.md#nope).\n");
    site.build().assert_error(1, "content-en/_index.md:5").assert_error(1, "#nope");
}

#[test]
fn two_pages_on_one_url() {
    let site = site();
    site.write("content-es/news/otra.md", "---\ntitle: Otra\nslug: cumbre\n---\nTexto\n");
    site.build().assert_error(1, "content-es/news/otra.md").assert_error(1, "/es/noticias/cumbre/");
}

#[test]
fn invalid_utf8_names_the_line() {
    let site = site();
    site.write("content-es/news/summit.md", b"---\ntitle: Cumbre\n---\nCaf\xe9 con leche\n".as_slice());
    site.build().assert_error(1, "content-es/news/summit.md:4").assert_error(1, "UTF-8");
}

#[test]
fn undeclared_taxonomy() {
    let site = site();
    site.write("content-en/news/summit.md", summit_en("title: Summit\ntaxonomies:\n  tags: [a]"));
    site.build().assert_error(1, "content-en/news/summit.md:3").assert_error(1, "`tags`");
}

#[test]
fn missing_site_yaml_and_unknown_theme_are_setup_errors() {
    let site = site();
    site.write("site.yaml", "base_url: https://x.org\ntheme: nope\n");
    site.build().assert_error(2, "theme `nope`");
    site.remove("site.yaml");
    site.build().assert_error(2, "site.yaml");
}

#[test]
fn bom_and_crlf_just_work() {
    let site = site();
    for file in ["content-en/news/summit.md", "content-es/news/summit.md"] {
        let text = std::fs::read_to_string(site.root().join(file)).unwrap();
        site.write(file, format!("\u{feff}{}", text.replace('\n', "\r\n")));
    }
    site.build().assert_ok();
    assert!(site.read("en/news/summit/index.html").contains("<h1"));
}
