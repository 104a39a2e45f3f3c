//! `puente import zola SRC DEST` on the Zola-layout site of tests/sites/zola-import: the files it
//! writes, a build of the result with the same pages in both languages, the report, and refusals.

use crate::support::{Run, SiteTest, run_in, snapshot};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The fixture Zola site in a temp dir, and a destination beside it that does not exist yet.
struct Import {
    zola: SiteTest,
    out: tempfile::TempDir,
}

impl Import {
    fn new() -> Import {
        Import { zola: SiteTest::fixture("zola-import"), out: tempfile::tempdir().expect("temp dir") }
    }

    fn dest(&self) -> PathBuf {
        self.out.path().join("puente-site")
    }

    fn run(&self) -> Run {
        import(self.zola.root(), &self.dest())
    }

    fn read(&self, rel: &str) -> String {
        let path = self.dest().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

fn import(src: &Path, dest: &Path) -> Run {
    run_in(dest.parent().unwrap(), &["import", "zola", src.to_str().unwrap(), dest.to_str().unwrap()])
}

#[test]
fn zola_site_becomes_two_content_folders_with_yaml_front_matter() {
    let site = Import::new();
    let before = snapshot(site.zola.root());
    site.run().assert_ok();
    assert_eq!(snapshot(site.zola.root()), before, "the Zola site is left unchanged");

    // TOML front matter becomes YAML, keys in their order, the date as written, the unknown
    // `toc` under `extra`.
    assert_eq!(
        site.read("content-en/blog/first-post.md"),
        "---\ntitle: The new crossing opens\ndescription: The crossing opens in spring.\ndate: 2024-03-05\n\
         taxonomies:\n  tags:\n  - crossing\n  - news\nextra:\n  author: Ana\n  toc: true\n---\n\n\
         The new crossing opens in spring.\n\n## What changes\n\nLines will be shorter for everyone who crosses on foot.\n"
    );
    let es = site.read("content-es/blog/first-post.md");
    assert!(es.starts_with("---\ntitle: Abre el nuevo cruce\n"), "{es}");
    assert!(es.contains("date: 2024-03-05\n"), "{es}");
    assert!(site.read("content-es/blog/gallery/index.md").contains("date: 2024-04-10T09:30:00Z\n"));
    assert!(site.read("content-en/blog/_index.md").starts_with("---\ntitle: Blog\nsort_by: date\n"));
    assert!(site.read("content-es/_index.md").starts_with("---\ntitle: Noticias de la frontera\n"));

    // YAML front matter stays; Zola's `@/x.es.md` links lose the suffix in Spanish pages.
    let about = site.read("content-es/about.md");
    assert!(about.starts_with("---\ntitle: Acerca de este sitio\n"), "{about}");
    assert!(about.contains("[primera entrada](@/blog/first-post.md)"), "{about}");

    // Pairs share a path; the bundle's image sits beside both pages; the French page is left out.
    for lang in ["en", "es"] {
        for rel in ["_index.md", "about.md", "blog/_index.md", "blog/first-post.md", "blog/gallery/index.md"] {
            assert!(site.dest().join(format!("content-{lang}/{rel}")).is_file(), "content-{lang}/{rel}");
        }
        assert!(site.dest().join(format!("content-{lang}/blog/gallery/map.svg")).is_file());
        assert!(!site.dest().join(format!("content-{lang}/blog/first-post.fr.md")).exists());
    }
    assert!(site.dest().join("content-en/blog/english-only.md").is_file());
    assert!(!site.dest().join("content-es/blog/english-only.md").exists());
    assert!(!site.dest().join("content").exists(), "Zola's content/ is not copied as well");

    // The theme and the other folders are copied as they were.
    for rel in [
        "themes/sencillo/templates/page.html",
        "themes/sencillo/theme.toml",
        "static/logo.svg",
        "sass/extra.scss",
        "data/team.toml",
    ] {
        assert_eq!(
            std::fs::read(site.dest().join(rel)).unwrap(),
            std::fs::read(site.zola.root().join(rel)).unwrap(),
            "{rel}"
        );
    }

    let config = site.read("site.yaml");
    for line in [
        "base_url: https://zola.example.org\n",
        "default_language: en\n",
        "default_language_in_subdir: false\n",
        "theme: sencillo\n",
        "  es:\n    title: Noticias de la frontera\n",
        "- name: tags\n  feed: true\n",
        "  es:\n    read_more: Leer más\n",
        "  smart_punctuation: true\n",
        "  tagline: Plain news\n",
        "  missing-translation: warning\n",
    ] {
        assert!(config.contains(line), "site.yaml lacks {line:?}:\n{config}");
    }
    assert!(!config.contains("build_search_index"), "{config}");
}

/// Every built HTML file of one language, as paths under that language's prefix, leaving out
/// taxonomy term pages (terms are words of each language).
fn html_pages(public: &Path, lang_prefix: &str) -> BTreeSet<String> {
    snapshot(public)
        .into_keys()
        .filter(|path| path.ends_with(".html"))
        .filter_map(|path| match lang_prefix {
            "" => (!path.starts_with("es/")).then_some(path),
            prefix => path.strip_prefix(prefix).map(str::to_string),
        })
        .filter(|path| !path.starts_with("tags/") || path == "tags/index.html")
        .collect()
}

#[test]
fn imported_site_builds_with_the_same_pages_in_both_languages() {
    let site = Import::new();
    site.run().assert_ok();
    let public = site.out.path().join("public");
    let built = run_in(
        site.out.path(),
        &["build", "--root", site.dest().to_str().unwrap(), "--out", public.to_str().unwrap(), "--color", "never"],
    );
    built.assert_ok();

    // Zola's layout is kept: English at the root, Spanish under /es/.
    let mut en = html_pages(&public, "");
    let es = html_pages(&public, "es/");
    assert!(en.remove("blog/english-only/index.html"), "the English-only page is built: {en:?}");
    assert_eq!(en, es, "the same pages in both languages");
    for page in
        ["index.html", "about/index.html", "blog/index.html", "blog/first-post/index.html", "blog/gallery/index.html"]
    {
        assert!(es.contains(page), "{page} missing from {es:?}");
    }
    let terms = |prefix: &str| {
        snapshot(&public)
            .into_keys()
            .filter(|p| {
                p.starts_with(&format!("{prefix}tags/")) && p.matches('/').count() == prefix.matches('/').count() + 2
            })
            .count()
    };
    assert_eq!(terms(""), 2, "two English tags");
    assert_eq!(terms("es/"), 2, "two Spanish tags");

    // The Zola theme rendered them: its variables and functions work on the converted site.
    let page = std::fs::read_to_string(public.join("es/blog/first-post/index.html")).unwrap();
    assert!(page.contains("<html lang=\"es\">"), "{page}");
    assert!(page.contains("<title>Abre el nuevo cruce · Noticias de la frontera</title>"), "{page}");
    assert!(page.contains("<p>Leer más</p>"), "trans() reads the converted translations: {page}");
    assert!(page.contains("Made with a small theme"), "theme.toml [extra] is merged: {page}");
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(home.contains("The new crossing opens"), "get_section lists the blog: {home}");
    assert!(home.contains("Ana, Luis"), "load_data reads the copied data/: {home}");
    assert!(public.join("es/blog/gallery/map.svg").is_file());
    assert!(public.join("extra.css").is_file(), "the copied sass/ is compiled");
    let about = std::fs::read_to_string(public.join("es/about/index.html")).unwrap();
    assert!(about.contains("href=\"https://zola.example.org/es/blog/first-post/\""), "{about}");
}

#[test]
fn import_reports_what_it_could_not_convert() {
    let site = Import::new();
    let run = site.run();
    run.assert_ok();
    let report = &run.stdout;
    for expected in [
        "English     6  (in content-en/)",
        "Spanish     5  (in content-es/)",
        "In both languages: 5",
        "Only in English (1)",
        "  content-en/blog/english-only.md\n",
        "parity: {missing-translation: warning}",
        "Could not convert as it was (5):",
        "content/blog/first-post.fr.md: this page is in `fr`, a language Puente does not publish",
        "config.toml: `build_search_index = true`: Puente builds no search index",
        "`[markdown] highlight_code = true`",
        "content/blog/first-post.es.md, content/blog/first-post.md: front-matter key `toc`",
        "To do: ",
        "Copied as they were: data/, sass/, static/, themes/, 1 content file(s)",
    ] {
        assert!(report.contains(expected), "the report lacks {expected:?}:\n{report}");
    }
    assert!(!report.contains("compile_sass"), "a setting Puente already follows is not reported:\n{report}");
}

#[test]
fn import_refuses_a_non_empty_destination() {
    let site = Import::new();
    std::fs::create_dir_all(site.dest()).unwrap();
    std::fs::write(site.dest().join("notes.txt"), "keep me").unwrap();
    site.run().assert_error(2, "puente-site");
    assert_eq!(snapshot(&site.dest()).into_keys().collect::<Vec<_>>(), ["notes.txt"], "nothing was written");
    assert_eq!(site.read("notes.txt"), "keep me");

    // An empty folder is fine.
    std::fs::remove_file(site.dest().join("notes.txt")).unwrap();
    site.run().assert_ok();
    assert!(site.dest().join("site.yaml").is_file());
}

#[test]
fn import_needs_a_zola_site() {
    let empty = SiteTest::empty();
    let out = tempfile::tempdir().unwrap();
    import(empty.root(), &out.path().join("new")).assert_error(2, "config.toml");
    import(&empty.root().join("missing"), &out.path().join("new")).assert_error(2, "is not a folder");
    empty.write("config.toml", "base_url = \n");
    import(empty.root(), &out.path().join("new")).assert_error(2, "config.toml:1");
    assert!(!out.path().join("new").exists());
    let usage = run_in(empty.root(), &["import", "hugo", "a", "b"]);
    assert_eq!(usage.code, 2, "{}", usage.stderr);
}

#[test]
fn spanish_default_language_puts_unsuffixed_files_in_spanish() {
    let zola = SiteTest::empty();
    zola.write(
        "config.toml",
        "base_url = \"/\"\ntitle = \"Sitio\"\ndefault_language = \"es\"\n[languages.en]\ntitle = \"Site\"\n",
    )
    .write("content/_index.md", "+++\n+++\nInicio.\n")
    .write("content/_index.en.md", "+++\n+++\nHome.\n")
    .write("content/hola.md", "+++\ntitle = \"Hola\"\n+++\n[Otra](@/hola.md)\n")
    .write("content/hola.en.md", "+++\ntitle = \"Hello\"\n+++\n[Other](@/hola.en.md)\n")
    .write("templates/index.html", "{{ section.title }}")
    .write("templates/page.html", "{{ page.title }}");
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let run = import(zola.root(), &dest);
    run.assert_ok();
    let read = |rel: &str| std::fs::read_to_string(dest.join(rel)).unwrap();
    assert_eq!(read("content-es/hola.md"), "---\ntitle: Hola\n---\n[Otra](@/hola.md)\n");
    assert_eq!(read("content-en/hola.md"), "---\ntitle: Hello\n---\n[Other](@/hola.md)\n");
    assert_eq!(read("content-es/_index.md"), "---\ntitle: Sitio\n---\nInicio.\n", "the site title names the home");
    assert_eq!(read("content-en/_index.md"), "---\ntitle: Site\n---\nHome.\n");
    let config = read("site.yaml");
    assert!(config.contains("default_language: es\ndefault_language_in_subdir: false\ntheme: none\n"), "{config}");
    assert!(dest.join("themes/none/theme.toml").is_file(), "an empty theme keeps Puente's default theme out");
    assert!(run.stdout.contains("content/_index.en.md, content/_index.md: there was no `title`"), "{}", run.stdout);

    let public = out.path().join("public");
    run_in(out.path(), &["build", "--root", dest.to_str().unwrap(), "--out", public.to_str().unwrap()]).assert_ok();
    assert_eq!(std::fs::read_to_string(public.join("hola/index.html")).unwrap(), "Hola");
    assert_eq!(std::fs::read_to_string(public.join("en/hola/index.html")).unwrap(), "Hello");
}
