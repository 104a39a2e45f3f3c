//! Bad input gets an error naming the file (and the line where there is one), exit 1 for
//! content and templates, exit 2 for setup, and never a panic. The first tests each take one
//! mistake; `bad_input_table` (issue 7) runs every mistake of the issue as one row, with the
//! checks every row shares: no panic, no Debug text, and a failed build changes nothing on disk.

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

// ---------------------------------------------------------------------------------------------
// The bad-input table (issue 7): one row per mistake, each run through the real binary on a copy
// of tests/sites/minimal. Every row says what the user must see: the exit code, and for a
// failure the file and line the message names and the words it uses; for input that must simply
// work, what the build wrote. Every row also gets the checks no mistake may break:
//
// - stderr never shows a panic, a backtrace hint, a stack overflow, Rust's Debug output or the
//   absolute path of the temporary site (messages name files relative to the site root);
// - a failed build changes nothing on disk: run once without an output folder (none appears)
//   and once over a previous build's output (it is left byte for byte as it was);
// - a successful build writes nothing outside its output folder.
//
// A row marked `known_bug` describes a defect that is not fixed yet. It still runs; its failures
// are printed and tolerated, and the table fails once the row passes, so the mark gets removed.
// ---------------------------------------------------------------------------------------------

use crate::support::{Run, copy_dir, run_unprivileged};
use std::collections::BTreeMap;
use std::path::Path;

struct Case {
    name: &'static str,
    setup: fn(&SiteTest),
    /// Arguments after `build --color never`.
    args: &'static [&'static str],
    expect: Expect,
    known_bug: Option<&'static str>,
}

enum Expect {
    /// The build fails with this exit code; `at` is the `file:line` (or the file, or the thing)
    /// the message must name, and `says` are words it must contain.
    Fails { code: i32, at: &'static str, says: &'static [&'static str] },
    /// The build succeeds; the function checks what it wrote.
    Builds(fn(&SiteTest) -> Result<(), String>),
}

use Expect::{Builds, Fails};

const fn fails(code: i32, at: &'static str, says: &'static [&'static str]) -> Expect {
    Fails { code, at, says }
}

const fn row(name: &'static str, setup: fn(&SiteTest), expect: Expect) -> Case {
    Case { name, setup, args: &[], expect, known_bug: None }
}

const EN_SUMMIT: &str = "content-en/news/summit.md";
const ES_SUMMIT: &str = "content-es/news/summit.md";

/// Replaces `from` (which must be there) by `to` in one file of the site.
fn edit(site: &SiteTest, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    site.write(rel, text.replacen(from, to, 1));
}

/// Adds front-matter lines to the English summit page after its `date:` (line 3), so the
/// first added line is line 4.
fn en_front(site: &SiteTest, lines: &str) {
    edit(site, EN_SUMMIT, "date: 2026-11-27\n", &format!("date: 2026-11-27\n{lines}\n"));
}

/// Appends the same Markdown to both summit pages.
fn both_bodies(site: &SiteTest, markdown: &str) {
    for rel in [EN_SUMMIT, ES_SUMMIT] {
        let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
        site.write(rel, format!("{text}\n{markdown}"));
    }
}

fn symlink(target: &str, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

fn summit_page_built(site: &SiteTest) -> Result<(), String> {
    for rel in ["en/news/summit/index.html", "es/noticias/cumbre/index.html"] {
        let html = std::fs::read_to_string(site.out().join(rel)).map_err(|e| format!("{rel}: {e}"))?;
        ensure!(html.contains("<h1"), "{rel} has no heading");
    }
    Ok(())
}

fn cases() -> Vec<Case> {
    vec![
        // Front matter.
        row(
            "front matter never closed",
            |s| {
                s.write(ES_SUMMIT, "---\ntitle: Cumbre\n\nTexto sin cierre.\n");
            },
            fails(1, "content-es/news/summit.md:1", &["never closed"]),
        ),
        row(
            "front matter that is not YAML",
            |s| {
                s.write(EN_SUMMIT, "---\ntitle: Summit\ndate: [2026\n---\nText\n");
            },
            fails(1, "content-en/news/summit.md:4", &["not valid YAML"]),
        ),
        row(
            "title is a list",
            |s| edit(s, EN_SUMMIT, "title: \"Leaders meet at the summit\"", "title: [a]"),
            fails(1, "content-en/news/summit.md:2", &["`title`", "a list where text was expected"]),
        ),
        row(
            "date that is not a date",
            |s| edit(s, EN_SUMMIT, "date: 2026-11-27", "date: 2026-13-45"),
            fails(1, "content-en/news/summit.md:3", &["`date: 2026-13-45` is not a date"]),
        ),
        row(
            "weight that is not a number",
            |s| en_front(s, "weight: \"x\""),
            fails(1, "content-en/news/summit.md:4", &["`weight`", "where a whole number was expected"]),
        ),
        row(
            "missing title",
            |s| {
                s.write(ES_SUMMIT, "---\ndate: 2026-11-27\n---\nTexto\n");
            },
            fails(1, "content-es/news/summit.md:1", &["no `title`"]),
        ),
        row(
            "key written twice",
            |s| en_front(s, "title: Again"),
            fails(1, "content-en/news/summit.md:4", &["`title` twice"]),
        ),
        row(
            "key written twice inside extra",
            |s| en_front(s, "extra:\n  topic: a\n  topic: b"),
            fails(1, "content-en/news/summit.md:6", &["\"topic\" twice"]),
        ),
        row(
            "undeclared taxonomy",
            |s| edit(s, EN_SUMMIT, "topics: [Border]", "topics: [Border]\n  tags: [a]"),
            fails(1, "content-en/news/summit.md:5", &["`tags`", "not declared"]),
        ),
        row(
            "template named in front matter is missing",
            |s| en_front(s, "template: special.html"),
            fails(1, "content-en/news/summit.md:4", &["special.html"]),
        ),
        row(
            "byte-order mark and CRLF line endings",
            |s| {
                for rel in [EN_SUMMIT, ES_SUMMIT, "content-en/_index.md", "site.yaml"] {
                    let text = std::fs::read_to_string(s.root().join(rel)).unwrap();
                    s.write(rel, format!("\u{feff}{}", text.replace('\n', "\r\n")));
                }
            },
            Builds(summit_page_built),
        ),
        row(
            "empty file",
            |s| {
                s.write(EN_SUMMIT, "");
            },
            fails(1, "content-en/news/summit.md:1", &["no front matter"]),
        ),
        row(
            "invalid UTF-8",
            |s| {
                s.write(ES_SUMMIT, b"---\ntitle: Cumbre\n---\nCaf\xe9 con leche\n".as_slice());
            },
            fails(1, "content-es/news/summit.md:4", &["not UTF-8 text"]),
        ),
        // Size and depth.
        row(
            "a 20 MB page",
            |s| {
                // 2 MB of paragraphs and 18 MB of code. The same 20 MB as paragraphs alone also
                // builds, in time linear in its size (measured on a debug build: 2, 5 and 20 MB
                // took 5.8, 13.7 and 53.8 s); the code keeps this row's debug build short.
                let en = "The delegates talked about trade and water along the border for a long time.\n\n";
                let es =
                    "Los delegados hablaron de comercio y agua a lo largo de la frontera durante mucho tiempo.\n\n";
                let line = "let delegates = talk(trade, water, border);\n";
                let code = format!("```text\n{}```\n", line.repeat((18 << 20) / line.len()));
                for (rel, prose) in [(EN_SUMMIT, en), (ES_SUMMIT, es)] {
                    let text = std::fs::read_to_string(s.root().join(rel)).unwrap();
                    s.write(rel, format!("{text}\n{}\n{code}", prose.repeat((2 << 20) / prose.len())));
                }
                assert!(std::fs::metadata(s.root().join(EN_SUMMIT)).unwrap().len() >= 20_000_000);
            },
            Builds(summit_page_built),
        ),
        row(
            "5,000 nested quotes",
            |s| both_bodies(s, &format!("{}deep\n", "> ".repeat(5000))),
            Builds(summit_page_built),
        ),
        row(
            "5,000 nested lists",
            |s| both_bodies(s, &format!("{}x\n\n{}y\n", "- ".repeat(5000), "1. ".repeat(5000))),
            Builds(summit_page_built),
        ),
        row(
            "5,000 nested links and emphasis",
            |s| {
                both_bodies(
                    s,
                    &format!(
                        "{}x{}\n\n{}a{}\n",
                        "[".repeat(5000),
                        "]".repeat(5000),
                        "*".repeat(5000),
                        "*".repeat(5000)
                    ),
                )
            },
            Builds(summit_page_built),
        ),
        row(
            "1,000 nested body shortcodes",
            |s| {
                s.write("templates/shortcodes/note.html", "<b>{{ body | safe }}</b>");
                both_bodies(s, &format!("{}x{}\n", "{% note() %}".repeat(1000), "{% end %}".repeat(1000)));
            },
            Builds(|site| {
                summit_page_built(site)?;
                let html = std::fs::read_to_string(site.out().join("en/news/summit/index.html")).unwrap();
                let nested = format!("{}x{}", "<b>".repeat(1000), "</b>".repeat(1000));
                ensure!(html.contains(&nested), "the 1,000 bodies are not nested in the page");
                Ok(())
            }),
        ),
        row(
            "5,000 nested lists in front matter",
            |s| en_front(s, &format!("extra: {{x: {}{}}}", "[".repeat(5000), "]".repeat(5000))),
            fails(1, "content-en/news/summit.md:4", &["nests lists or sets of keys too deeply"]),
        ),
        row(
            "YAML anchors that expand without end",
            |s| {
                let mut lines = vec!["extra:".to_string(), format!("  a: &a [{}]", ["\"lol\""; 9].join(","))];
                for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
                    lines.push(format!("  {name}: &{name} [{}]", vec![format!("*{prev}"); 9].join(",")));
                }
                en_front(s, &lines.join("\n"));
            },
            fails(1, "content-en/news/summit.md:", &["repeats its anchors (`*name`) too many times"]),
        ),
        // Files that are not what they seem.
        row(
            "binary file with a .md name",
            |s| {
                s.write("content-en/news/photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00".as_slice());
            },
            fails(1, "content-en/news/photo.md:", &["not UTF-8 text"]),
        ),
        row(
            "binary asset in a content folder",
            |s| {
                s.write("content-en/news/blob.bin", (0..=255u8).cycle().take(4096).collect::<Vec<u8>>());
            },
            Builds(|s| {
                let bytes = std::fs::read(s.out().join("en/news/blob.bin")).map_err(|e| e.to_string())?;
                ensure!(bytes == (0..=255u8).cycle().take(4096).collect::<Vec<u8>>(), "the asset was changed");
                Ok(())
            }),
        ),
        row(
            "symbolic link loop",
            |s| {
                // Links are not followed, so a loop cannot trap the walk.
                symlink("..", &s.root().join("content-en/news/loop"));
                symlink("self.md", &s.root().join("content-es/news/self.md"));
            },
            Builds(|s| {
                ensure!(!s.out().join("en/news/loop").exists(), "the link loop was followed into the output");
                summit_page_built(s)
            }),
        ),
        row(
            "symbolic links to files outside the site",
            |s| {
                symlink("/etc/passwd", &s.root().join("content-en/news/passwd.md"));
                symlink("/etc/passwd", &s.root().join("content-en/news/passwd.txt"));
                symlink("/etc/passwd", &s.root().join("static/passwd.txt"));
                symlink("/etc", &s.root().join("static/etc"));
            },
            Builds(|s| {
                for (rel, bytes) in crate::support::snapshot(&s.out()) {
                    ensure!(!rel.contains("passwd"), "{rel} was published");
                    ensure!(!String::from_utf8_lossy(&bytes).contains("root:x:0"), "{rel} holds /etc/passwd");
                }
                Ok(())
            }),
        ),
        row(
            "unreadable file",
            |s| {
                use std::os::unix::fs::PermissionsExt;
                let path = s.root().join(ES_SUMMIT);
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
            },
            fails(1, "content-es/news/summit.md", &["cannot read this file: permission denied"]),
        ),
        // Addresses that would leave their folder.
        row(
            "slug with ..",
            |s| en_front(s, "slug: ../x"),
            fails(1, "content-en/news/summit.md:4", &["`slug: ../x` is not a single part of a web address"]),
        ),
        row(
            "slug with /",
            |s| en_front(s, "slug: a/b"),
            fails(1, "content-en/news/summit.md:4", &["`slug: a/b` is not a single part"]),
        ),
        row(
            "slug that is an absolute path",
            |s| en_front(s, "slug: /etc/passwd"),
            fails(1, "content-en/news/summit.md:4", &["`slug: /etc/passwd` is not a single part"]),
        ),
        row(
            "path with ..",
            |s| en_front(s, "path: ../../x"),
            fails(1, "content-en/news/summit.md:4", &["`path: ../../x` would put the page outside"]),
        ),
        row(
            "path with backslashes",
            |s| en_front(s, "path: ..\\..\\x"),
            fails(1, "content-en/news/summit.md:4", &["would put the page outside"]),
        ),
        row(
            "path that is absolute stays inside its language",
            |s| en_front(s, "path: /etc/passwd"),
            Builds(|s| {
                ensure!(s.out().join("en/etc/passwd/index.html").is_file(), "the page is not at /en/etc/passwd/");
                Ok(())
            }),
        ),
        row(
            "alias with ..",
            |s| edit(s, EN_SUMMIT, "\"/old-summit/\"", "\"../../evil/\""),
            fails(1, "content-en/news/summit.md:4", &["the alias `../../evil/` is not an address inside the site"]),
        ),
        row(
            "alias with .. after a slash",
            |s| edit(s, EN_SUMMIT, "\"/old-summit/\"", "\"/a/../../../evil.html\""),
            fails(1, "content-en/news/summit.md:4", &["is not an address inside the site"]),
        ),
        row(
            "alias to another host",
            |s| edit(s, EN_SUMMIT, "\"/old-summit/\"", "\"https://evil.example/x\", \"//evil.example/y\""),
            fails(1, "content-en/news/summit.md:4", &["the alias `https://evil.example/x`"]),
        ),
        row(
            "alias onto a file Puente writes",
            |s| edit(s, EN_SUMMIT, "\"/old-summit/\"", "\"/sitemap.xml\""),
            fails(1, "content-en/news/summit.md", &["sitemap.xml"]),
        ),
        row(
            "two pages on one address",
            |s| {
                s.write("content-es/news/otra.md", "---\ntitle: Otra\nslug: cumbre\n---\nTexto\n");
            },
            fails(1, "content-es/news/otra.md", &["/es/noticias/cumbre/"]),
        ),
        Case {
            args: &["--out", "."],
            ..row("output folder is the site root", |_| {}, fails(2, "would replace the site's own files", &[]))
        },
        Case {
            args: &["--out", "content-en"],
            ..row("output folder is a content folder", |_| {}, fails(2, "would replace the site's own files", &[]))
        },
        Case {
            args: &["--out", "content-es/news"],
            ..row("output folder inside a content folder", |_| {}, fails(2, "would replace the site's own files", &[]))
        },
        // site.yaml and the theme: setup errors, exit 2.
        row(
            "site.yaml missing",
            |s| {
                s.remove("site.yaml");
            },
            fails(2, "site.yaml", &["does not exist"]),
        ),
        row(
            "site.yaml that is not YAML",
            |s| {
                s.write("site.yaml", "base_url: https://example.gov/\nlanguages: {en: [\n");
            },
            fails(2, "site.yaml:3", &["site.yaml is not valid"]),
        ),
        row(
            "site.yaml value of the wrong kind",
            |s| {
                s.write("site.yaml", "base_url: https://example.gov/\nlanguages: 3\n");
            },
            fails(2, "site.yaml:2", &["`languages` has the number 3 where a set of keys was expected"]),
        ),
        row(
            "site.yaml key written twice",
            |s| {
                s.write("site.yaml", "base_url: https://example.gov/\ntheme: puente\nbase_url: https://x.org/\n");
            },
            fails(2, "site.yaml:3", &["\"base_url\" twice"]),
        ),
        row(
            "site.yaml unknown key",
            |s| edit(s, "site.yaml", "languages:", "defualt_language: es\nlanguages:"),
            fails(2, "site.yaml:2", &["did you mean `default_language`"]),
        ),
        row(
            "site.yaml without base_url",
            |s| {
                s.write("site.yaml", "theme: puente\n");
            },
            fails(2, "site.yaml", &["no `base_url`"]),
        ),
        row(
            "site.yaml not UTF-8",
            |s| {
                s.write("site.yaml", b"base_url: https://example.gov/\nauthor: Jos\xe9\n".as_slice());
            },
            fails(2, "site.yaml:2", &["not UTF-8 text"]),
        ),
        row(
            "unknown theme",
            |s| {
                s.write("site.yaml", "base_url: https://example.gov/\ntheme: nope\n");
            },
            fails(2, "site.yaml", &["the theme `nope`", "was not found"]),
        ),
        // Templates.
        row(
            "template syntax error",
            |s| {
                s.write("templates/page.html", "<html>\n<body>\n{{ page.title }\n</body>\n");
            },
            fails(1, "templates/page.html:3", &["does not parse"]),
        ),
        row(
            "undefined variable",
            |s| {
                s.write("templates/page.html", "<html>\n{{ undefined_thing }}\n");
            },
            fails(1, "templates/page.html:2", &["undefined_thing", "not found"]),
        ),
        row(
            "template that extends itself",
            |s| {
                s.write("templates/page.html", "{% extends \"page.html\" %}\n");
            },
            fails(1, "templates/page.html", &["Circular extend"]),
        ),
        row(
            "include loop",
            |s| {
                s.write("templates/page.html", "<html>\n{% include \"partial.html\" %}\n");
                s.write("templates/partial.html", "x\n{% include \"page.html\" %}\n");
            },
            fails(1, "templates/partial.html", &["include"]),
        ),
        row(
            "macro that calls itself",
            |s| {
                s.write("templates/page.html", "{% import \"m.html\" as m %}\n{{ m::f() }}\n");
                s.write("templates/m.html", "{% macro f() %}{{ self::f() }}{% endmacro f %}\n");
            },
            fails(1, "templates/m.html", &["f"]),
        ),
        row(
            "shortcode that includes itself",
            |s| {
                s.write("templates/shortcodes/loop.html", "{% include \"shortcodes/loop.html\" %}\n");
                both_bodies(s, "{{ loop() }}\n");
            },
            fails(1, "templates/shortcodes/loop.html", &["loop"]),
        ),
        row(
            "load_data outside the site with ..",
            |s| {
                s.write(
                    "templates/page.html",
                    "<html>\n{{ load_data(path=\"../../etc/passwd\", format=\"plain\") }}\n",
                );
            },
            fails(1, "templates/page.html:2", &["outside the site folder"]),
        ),
        row(
            "load_data with an absolute path",
            |s| {
                s.write("templates/page.html", "<html>\n{{ load_data(path=\"/etc/passwd\", format=\"plain\") }}\n");
            },
            fails(1, "templates/page.html:2", &["outside the site folder"]),
        ),
        row(
            "load_data through a link that leaves the site",
            |s| {
                symlink("/etc/passwd", &s.root().join("data/passwd.txt"));
                s.write("templates/page.html", "<html>\n{{ load_data(path=\"data/passwd.txt\", format=\"plain\") }}\n");
            },
            fails(1, "templates/page.html:2", &["outside the site folder"]),
        ),
        // Links.
        row(
            "link to a page that does not exist",
            |s| {
                s.write("content-es/_index.md", "---\ntitle: Inicio\n---\n\nUno.\n\nVea [esto](@/no-existe.md).\n");
            },
            fails(1, "content-es/_index.md:7", &["@/no-existe.md", "does not exist"]),
        ),
        row(
            "link to a heading that does not exist",
            |s| edit(s, "content-en/_index.md", "#what-was-agreed", "#nope"),
            fails(1, "content-en/_index.md:5", &["#nope"]),
        ),
        // Fluent.
        row(
            "Fluent syntax error",
            |s| {
                s.write("i18n/en.ftl", "hello = Hello\nbye = Bye\n");
                s.write("i18n/es.ftl", "hello = Hola\nbye = { $x\n");
            },
            fails(1, "i18n/es.ftl:2", &["does not parse"]),
        ),
        row(
            "Fluent message written twice",
            |s| {
                s.write("i18n/en.ftl", "hello = Hello\nhello = Again\n");
                s.write("i18n/es.ftl", "hello = Hola\n");
            },
            fails(1, "i18n/en.ftl:2", &["fluent-syntax"]),
        ),
        row(
            "Fluent file not UTF-8",
            |s| {
                s.write("i18n/en.ftl", "hello = Hello\n");
                s.write("i18n/es.ftl", b"hello = Hola \xff\n".as_slice());
            },
            fails(1, "i18n/es.ftl", &["not UTF-8 text"]),
        ),
        row(
            "Fluent messages that refer to each other in a loop",
            |s| {
                s.write("i18n/en.ftl", "a = { b }\nb = { a }\n");
                s.write("i18n/es.ftl", "a = { b }\nb = { a }\n");
                s.write("templates/page.html", "<html>\n{{ fluent(key=\"a\") }}\n");
            },
            fails(1, "templates/page.html:2", &["refers back to itself", "(a loop)"]),
        ),
        // Hostile content.
        row(
            "<script> in a title, a description and a term",
            |s| {
                for (rel, title, term) in [
                    (EN_SUMMIT, "Leaders meet at the summit", "Border"),
                    (ES_SUMMIT, "Los líderes se reúnen en la cumbre", "Frontera"),
                ] {
                    edit(
                        s,
                        rel,
                        &format!("title: \"{title}\""),
                        "title: \"Summit <script>alert(1)</script>\"\ndescription: \"About <script>alert(2)</script>\"",
                    );
                    edit(s, rel, &format!("[{term}]"), &format!("[\"{term} <script>alert(3)</script>\"]"));
                }
            },
            Builds(script_is_escaped_everywhere),
        ),
    ]
}

/// The title, description and taxonomy term of both summit pages hold `<script>`: the build works,
/// and every place that prints them (page, listing, term page, feed, sitemap, switcher) escapes it.
fn script_is_escaped_everywhere(site: &SiteTest) -> Result<(), String> {
    let files = crate::support::snapshot(&site.out());
    for (rel, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        ensure!(!text.contains("<script>alert"), "{rel} holds a raw <script> from the content");
    }
    let escaped = |rel: &str, n: u8| -> Result<(), String> {
        let text = files.get(rel).map(|b| String::from_utf8_lossy(b).into_owned()).ok_or(format!("no {rel}"))?;
        ensure!(text.contains(&format!("&lt;script&gt;alert({n})")), "{rel} does not show the escaped alert({n})");
        Ok(())
    };
    for (page, listing, feed) in [
        ("en/news/summit/index.html", "en/news/index.html", "en/atom.xml"),
        ("es/noticias/cumbre/index.html", "es/noticias/index.html", "es/atom.xml"),
    ] {
        escaped(page, 1)?; // <title>, <h1>
        escaped(page, 2)?; // <meta name="description">
        escaped(listing, 1)?;
        escaped(feed, 1)?;
    }
    escaped("en/topics/index.html", 3)?;
    Ok(())
}

/// Every entry under `dir`: files by content (`None` when unreadable), links by target,
/// folders by name, so "nothing changed" covers new folders and links too.
fn disk(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let kind = e.file_type();
            let content = if kind.is_symlink() {
                Some(std::fs::read_link(e.path()).unwrap().to_string_lossy().into_owned().into_bytes())
            } else if kind.is_dir() {
                Some(b"/".to_vec())
            } else {
                std::fs::read(e.path()).ok()
            };
            (rel, content)
        })
        .collect()
}

/// What changed between two `disk` listings, in a few words.
fn changes(before: &BTreeMap<String, Option<Vec<u8>>>, after: &BTreeMap<String, Option<Vec<u8>>>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, content) in after {
        match before.get(path) {
            None => out.push(format!("added {path}")),
            Some(old) if old != content => out.push(format!("changed {path}")),
            Some(_) => {}
        }
    }
    out.extend(before.keys().filter(|p| !after.contains_key(*p)).map(|p| format!("removed {p}")));
    out.truncate(5);
    out
}

/// The fixture built once: the "previous output" each failing row is run over.
fn previous_output() -> &'static Path {
    static BUILT: std::sync::OnceLock<(SiteTest, std::path::PathBuf)> = std::sync::OnceLock::new();
    let (_, out) = BUILT.get_or_init(|| {
        let site = site();
        site.build().assert_ok();
        let out = site.out();
        (site, out)
    });
    out
}

/// Every row runs as a user whom file permissions bind (the unreadable-file row needs it; CI
/// runs as root, who reads anything).
fn build(site: &SiteTest, case: &Case) -> Run {
    let root = site.root().to_str().unwrap();
    let mut args = vec!["--root", root, "build", "--color", "never"];
    args.extend_from_slice(case.args);
    run_unprivileged(site.root(), &args)
}

/// What no run may print, whatever the input.
fn clean_stderr(site: &SiteTest, run: &Run) -> Result<(), String> {
    let root = site.root().to_string_lossy();
    let bad = ["panicked", "RUST_BACKTRACE", "overflowed its stack", "Some(", "Os {", "os error", "\\n"];
    for word in bad {
        ensure!(!run.stderr.contains(word), "stderr shows `{word}`:\n{}", run.stderr);
    }
    // A failure names files relative to the site (the summary of a success may say where it wrote).
    let failed = run.code != 0;
    ensure!(
        !(failed && run.stderr.contains(root.as_ref())),
        "stderr shows the absolute path of the site:\n{}",
        run.stderr
    );
    ensure!(run.code != 101 && run.code >= 0 && run.code < 128, "crashed with exit code {}:\n{}", run.code, run.stderr);
    Ok(())
}

fn run_case(case: &Case) -> Result<(), String> {
    let site = site();
    (case.setup)(&site);
    match &case.expect {
        Fails { code, at, says } => {
            // Twice: with no output folder (none may appear), then over a previous build's output
            // (it must stay as it was). Either way nothing on disk may change.
            for previous in [false, true] {
                if previous {
                    copy_dir(previous_output(), &site.out());
                }
                let before = disk(site.root());
                let run = build(&site, case);
                let label = if previous { " (over a previous output)" } else { "" };
                ensure!(run.code == *code, "exit code {} instead of {code}{label}:\n{}", run.code, run.stderr);
                for word in std::iter::once(at).chain(says.iter()) {
                    ensure!(run.stderr.contains(word), "the message does not say `{word}`{label}:\n{}", run.stderr);
                }
                clean_stderr(&site, &run)?;
                let changed = changes(&before, &disk(site.root()));
                ensure!(changed.is_empty(), "the failed build changed the disk{label}: {changed:?}");
            }
            Ok(())
        }
        Builds(check) => {
            let sources = |site: &SiteTest| {
                let mut all = disk(site.root());
                all.retain(|path, _| !path.starts_with("public"));
                all
            };
            let before = sources(&site);
            let run = build(&site, case);
            ensure!(run.code == 0, "the build failed (exit {}):\n{}", run.code, run.stderr);
            clean_stderr(&site, &run)?;
            let changed = changes(&before, &sources(&site));
            ensure!(changed.is_empty(), "the build wrote outside its output folder: {changed:?}");
            check(&site)
        }
    }
}

#[test]
fn bad_input_table() {
    let cases = cases();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    // Rows are independent sites; a few at a time keeps the table quick on small machines.
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let result = run_case(case);
                    results.lock().unwrap().push((i, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);
    let mut failures = Vec::new();
    for (i, result) in results {
        let case = &cases[i];
        match (result, case.known_bug) {
            (Ok(()), None) => {}
            (Err(why), None) => failures.push(format!("row `{}`: {why}", case.name)),
            (Err(why), Some(bug)) => {
                eprintln!("known bug, row `{}`: {bug}\n  {}", case.name, why.lines().next().unwrap_or_default())
            }
            (Ok(()), Some(_)) => failures.push(format!("row `{}` passes now: remove its `known_bug` mark", case.name)),
        }
    }
    assert!(cases.len() >= 50, "the table lost rows");
    assert!(failures.is_empty(), "{} of {} rows failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
