//! `puente build` on small fixture sites: localized URLs, `@/` links per language, aliases,
//! assets, drafts, taxonomies, and the Zola-shaped context.

use crate::support::SiteTest;

#[test]
fn spanish_pages_get_localized_urls_and_links_stay_in_their_language() {
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    let es_home = site.read("es/index.html");
    assert!(es_home.contains("https://example.gov/outreach/es/noticias/cumbre/#que-se-acordo"), "{es_home}");
    let en_home = site.read("en/index.html");
    assert!(en_home.contains("https://example.gov/outreach/en/news/summit/#what-was-agreed"));
}

#[test]
fn aliases_redirect_and_assets_are_copied() {
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    let alias = site.read("old-summit/index.html");
    assert!(alias.contains("url=https://example.gov/outreach/en/news/summit/"), "{alias}");
    assert!(site.out().join("en/news/map.svg").is_file());
    assert!(site.out().join("es/noticias/map.svg").is_file());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::fixture("minimal");
    site.write("content-en/news/draft.md", "---\ntitle: Draft\ndraft: true\n---\nSoon.\n");
    site.write("content-es/news/draft.md", "---\ntitle: Borrador\ndraft: true\n---\nPronto.\n");
    site.build().assert_ok();
    assert!(!site.out().join("en/news/draft/index.html").exists());
    site.run(&["build", "--drafts"]).assert_ok();
    assert!(site.out().join("en/news/draft/index.html").exists());
}

#[test]
fn taxonomy_pages_have_localized_names_and_link_their_translation() {
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    let term = site.read("es/temas/frontera/index.html");
    assert!(term.contains("hreflang=\"en\" href=\"https://example.gov/outreach/en/topics/border/\""), "{term}");
    let list = site.read("es/temas/index.html");
    assert!(list.contains("Temas"), "{list}");
}

#[test]
fn a_page_without_translation_still_builds_and_switches_to_the_other_home() {
    let site = SiteTest::fixture("minimal");
    site.write("content-en/news/only-english.md", "---\ntitle: Only English\ndate: 2026-11-01\n---\nText.\n");
    // A site may choose to publish pages in one language only.
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}parity: {{missing-translation: warning}}\n"));
    site.build().assert_ok();
    let page = site.read("en/news/only-english/index.html");
    assert!(!page.contains("hreflang=\"es\" href=\"https://example.gov/outreach/es/news"), "{page}");
    assert!(
        page.contains("href=\"https://example.gov/outreach/es/\""),
        "switcher should go to the Spanish home:\n{page}"
    );
}

#[test]
fn site_templates_override_the_theme_and_get_zola_context() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "templates/page.html",
        "{{ lang }}|{{ current_path | safe }}|{{ page.title }}|{{ page.translations | length }}|{{ translation.permalink | safe }}|\
         {{ fluent(key=\"reading-time\", minutes=page.reading_time) }}|{{ trans(key=\"hello\") }}|{{ page.date | local_date }}",
    );
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}translations:\n  en: {{hello: Hello}}\n  es: {{hello: Hola}}\n"));
    site.build().assert_ok();
    assert_eq!(
        site.read("es/noticias/cumbre/index.html"),
        "es|/es/noticias/cumbre/|Los líderes se reúnen en la cumbre|2|https://example.gov/outreach/en/news/summit/|1 minuto de lectura|Hola|27 de noviembre de 2026"
    );
}

#[test]
fn a_theme_without_hreflang_gets_it_added_to_its_head() {
    let site = SiteTest::fixture("minimal");
    site.write("templates/page.html", "<!DOCTYPE html><html><head><title>{{ page.title }}</title></head><body>{{ page.content | safe }}</body></html>");
    site.write("templates/section.html", "<html><head><link rel=\"canonical\" href=\"/mine\"><link rel=\"alternate\" hreflang=\"en\" href=\"/x\"></head><body></body></html>");
    site.build().assert_ok();
    let page = site.read("es/noticias/cumbre/index.html");
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://example.gov/outreach/es/noticias/cumbre/\">"),
        "{page}"
    );
    assert!(page.contains("hreflang=\"en\" href=\"https://example.gov/outreach/en/news/summit/\""), "{page}");
    assert!(page.contains("hreflang=\"x-default\""), "{page}");
    // A theme that writes its own links is left exactly as it made them.
    let section = site.read("es/noticias/index.html");
    assert_eq!(section.matches("hreflang").count(), 1, "{section}");
    assert!(section.contains("href=\"/mine\""));
}

#[test]
fn zola_filters_work_in_both_languages() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "templates/page.html",
        "{{ \"hola\" | base64_encode }}|{{ \"aG9sYQ==\" | base64_decode }}|\
         {{ page.title | regex_replace(pattern=`\\s+`, rep=`_`) }}|{{ 1234567 | num_format }}|\
         {{ 1234567 | num_format(locale=\"es-ES\") }}|{{ \"**Ver** [inicio](@/_index.md)\" | markdown(inline=true) | safe }}",
    );
    site.build().assert_ok();
    let es = site.read("es/noticias/cumbre/index.html");
    assert_eq!(
        es,
        "aG9sYQ==|hola|Los_líderes_se_reúnen_en_la_cumbre|1,234,567|1.234.567|<strong>Ver</strong> <a href=\"https://example.gov/outreach/es/\">inicio</a>"
    );
    let en = site.read("en/news/summit/index.html");
    assert!(en.contains("|1,234,567|"), "{en}");
    assert!(
        en.contains("href=\"https://example.gov/outreach/en/\""),
        "@/ links in the markdown filter resolve per language"
    );
    site.write("templates/page.html", "{{ page.title | regex_replace(pattern=`(`, rep=``) }}");
    site.build().assert_error(1, "templates/page.html").assert_error(1, "not a valid pattern");
}

#[test]
fn get_hash_and_cachebust_read_the_files_of_the_site() {
    let site = SiteTest::fixture("minimal");
    site.write("static/app.css", "body{}");
    site.write(
        "templates/page.html",
        "{{ get_url(path=\"app.css\", cachebust=true) | safe }}|{{ get_hash(literal=\"abc\", sha_type=256, base64=false) }}|\
         {{ get_hash(path=\"app.css\", sha_type=256, base64=false) }}|{{ get_hash(literal=\"abc\") | safe }}",
    );
    site.build().assert_ok();
    let page = site.read("en/news/summit/index.html");
    let parts: Vec<&str> = page.split('|').collect();
    // Known digests of "abc" (FIPS 180-2 test vectors).
    assert!(parts[0].starts_with("https://example.gov/outreach/app.css?h="), "{page}");
    assert_eq!(parts[0].len(), "https://example.gov/outreach/app.css?h=".len() + 20);
    assert_eq!(parts[1], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert!(parts[0].ends_with("?h=7c98040a541657584690"), "cachebust is the file's sha256 prefix");
    assert!(parts[2].starts_with("7c98040a541657584690"));
    assert_eq!(parts[3], "ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"); // sha384("abc"), base64
    site.write("templates/page.html", "{{ get_hash(path=\"../../etc/passwd\") }}");
    site.build().assert_error(1, "outside the site folder");
}

#[test]
fn toml_front_matter_from_zola_builds() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content-en/news/toml.md",
        "+++\ntitle = \"From Zola\"\ndate = 2026-11-20\n[taxonomies]\ntopics = [\"Border\"]\n+++\n\nMoved over.\n",
    );
    site.write("content-es/news/toml.md", "+++\ntitle = \"Desde Zola\"\ndate = 2026-11-20\nslug = \"desde-zola\"\n[taxonomies]\ntopics = [\"Frontera\"]\n+++\n\nMudado.\n");
    site.build().assert_ok();
    let page = site.read("es/noticias/desde-zola/index.html");
    assert!(page.contains("20 de noviembre de 2026"), "{page}");
}

#[test]
fn load_data_reads_the_sites_files_and_refuses_the_network() {
    let site = SiteTest::fixture("minimal");
    site.write("data/offices.csv", "city,phone\nTijuana,555-0101\nJuárez,555-0102\n");
    site.write("data/site.toml", "name = \"Puente\"\n");
    site.write("static/data.json", "{\"points\": 18}");
    site.write(
        "templates/page.html",
        "{% set offices = load_data(path=\"data/offices.csv\") %}{{ offices.headers | join(sep=\",\") }}|{{ offices.records | length }}|\
         {% set toml = load_data(path=\"data/site.toml\") %}{{ toml.name }}|{% set json = load_data(path=\"data.json\") %}{{ json.points }}|\
         {% set yaml = load_data(literal=\"a: 1\", format=\"yaml\") %}{{ yaml.a }}|{{ load_data(path=\"nope.json\", required=false) }}",
    );
    site.build().assert_ok();
    assert_eq!(site.read("en/news/summit/index.html"), "city,phone|2|Puente|18|1|");
    site.write("templates/page.html", "{{ load_data(url=\"https://example.org/x.json\") }}");
    site.build().assert_error(1, "not supported: Puente builds without the network");
    site.write("templates/page.html", "{{ load_data(path=\"../../etc/passwd\") }}");
    site.build().assert_error(1, "outside the site folder");
}

#[test]
fn shortcodes_render_in_each_language_with_zolas_grammar() {
    let site = SiteTest::fixture("minimal");
    site.write("templates/shortcodes/video.html", "<figure class=\"video\" data-n=\"{{ nth }}\"><iframe title=\"{{ title }}\" src=\"/v/{{ id }}\"></iframe></figure>");
    site.write("templates/shortcodes/note.md", "> **{{ fluent(key=\"read-more\") }}:** {{ body }}");
    for (lang, title, text) in
        [("en", "Border talks", "Remember the date"), ("es", "Diálogo fronterizo", "Recuerde la fecha")]
    {
        let path = site.root().join(format!("content-{lang}/news/summit.md"));
        let page = std::fs::read_to_string(&path).unwrap();
        let page = page.replacen(
            "<!-- more -->",
            &format!("<!-- more -->\n\n{{{{ video(id=\"abc\", title=\"{title}\") }}}}\n\n{{% note() %}}{text}{{% end %}}\n\nShow it with `{{{{/* video() */}}}}`."),
            1,
        );
        std::fs::write(&path, page).unwrap();
    }
    site.build().assert_ok();
    let es = site.read("es/noticias/cumbre/index.html");
    assert!(es.contains("<figure class=\"video\" data-n=\"1\"><iframe title=\"Diálogo fronterizo\" src=\"/v/abc\"></iframe></figure>"), "{es}");
    assert!(!es.contains("<p><figure"), "an HTML shortcode alone is a block");
    assert!(es.contains("<blockquote>") && es.contains("Leer más:</strong> Recuerde la fecha"), "{es}");
    assert!(es.contains("<code>{{ video() }}</code>"), "escaped calls print as written: {es}");
    // The checks compare the calls as written: another id is a finding.
    let es_path = site.root().join("content-es/news/summit.md");
    let text = std::fs::read_to_string(&es_path).unwrap().replace("id=\"abc\"", "id=\"xyz\"");
    std::fs::write(&es_path, text).unwrap();
    site.build().assert_error(1, "shortcode-mismatch");
    // A shortcode that cannot render names the page and line.
    std::fs::write(&es_path, std::fs::read_to_string(&es_path).unwrap().replace("id=\"xyz\"", "id=\"abc\"")).unwrap();
    site.write("templates/shortcodes/video.html", "{{ missing_variable }}");
    site.build()
        .assert_error(1, "content-en/news/summit.md:")
        .assert_error(1, "the shortcode `video` could not be rendered");
}

#[test]
fn sass_compiles_to_css_at_the_root_and_can_be_cachebusted() {
    let site = SiteTest::fixture("minimal");
    site.write("sass/_colors.scss", "$navy: #1a2b49;\n");
    site.write("sass/site.scss", "@use 'colors';\nbody { color: colors.$navy; a { color: red; } }\n");
    site.write("templates/page.html", "{{ get_url(path=\"site.css\", cachebust=true) | safe }}");
    site.build().assert_ok();
    let css = std::fs::read_to_string(site.out().join("site.css")).unwrap();
    assert!(css.contains("color: #1a2b49") && css.contains("body a"), "{css}");
    assert!(!site.out().join("_colors.css").exists(), "partials are not compiled on their own");
    assert!(site.read("en/news/summit/index.html").starts_with("https://example.gov/outreach/site.css?h="));
    site.write("sass/site.scss", "body {\n  color: $undefined;\n}\n");
    site.build().assert_error(1, "sass/site.scss:2");
}

#[test]
fn listings_carry_page_bodies_exactly_when_their_template_reads_them() {
    let site = SiteTest::fixture("minimal");
    // Listings that show each page's body, through a loop variable and a subscript.
    site.write(
        "templates/taxonomy_single.html",
        "{% for p in term.pages %}<article>{{ p.content | safe }}</article>{% endfor %}",
    );
    site.write(
        "templates/section.html",
        "{% for p in section.pages %}<article>{{ p['content'] | safe }}</article>{% endfor %}",
    );
    // A listing that does not: its context shows the pages without bodies.
    site.write(
        "templates/taxonomy_list.html",
        "{% for t in terms %}{{ t.pages | length }}:{{ t.pages[0].title }}{% endfor %}",
    );
    site.build().assert_ok();
    for page in ["en/topics/border/index.html", "en/news/index.html"] {
        let html = site.read(page);
        assert!(html.contains("<article><p>"), "{page} lists the page bodies:\n{html}");
    }
    assert!(site.read("en/topics/index.html").contains("1:Leaders meet at the summit"));
}

#[test]
fn templates_get_only_the_page_keys_they_could_read() {
    let site = SiteTest::fixture("minimal");
    // `length` counts an object's keys: a listing that names only `title` gets only `title`.
    site.write("templates/section.html", "{% for p in section.pages %}[{{ p.title }}:{{ p | length }}]{% endfor %}");
    // A key named in a comment or in the HTML around tags is not read; one in a string is.
    site.write(
        "templates/page.html",
        "{# page.toc #}<p class=\"page.slug\">{{ page | length }}|{{ page.lower.title | default(value='-') }}|{{ page | get(key='date') }}</p>",
    );
    site.write("templates/taxonomy_single.html", "{{ term.pages[0] | json_encode | safe }}");
    site.build().assert_ok();
    let news = site.read("en/news/index.html");
    assert!(news.contains("[Leaders meet at the summit:1]"), "{news}");
    // `lower`, `title`, `date`: three keys.
    let page = site.read("en/news/summit/index.html");
    assert!(page.starts_with("<p class=\"page.slug\">3|-|2026-"), "{page}");
    // `json_encode` shows every key, in Zola's order.
    let term = site.read("en/topics/border/index.html");
    let value: serde_json::Value = serde_json::from_str(&term).expect("the term page is JSON");
    let keys: Vec<&str> = value.as_object().expect("a page object").keys().map(String::as_str).collect();
    assert_eq!(keys, puente::templates::PAGE_KEYS, "{term}");
}

#[test]
fn listed_pages_have_no_neighbours_and_templates_that_might_read_content_get_it() {
    let site = SiteTest::fixture("minimal");
    site.write("content-en/news/briefing.md", "---\ntitle: \"Press briefing\"\ndate: 2026-11-28\n---\n\nA briefing.\n");
    site.write(
        "content-es/news/briefing.md",
        "---\ntitle: \"Conferencia\"\ndate: 2026-11-28\n---\n\nUna conferencia.\n",
    );
    // As in Zola, a listed page has no `lower`/`higher`; a page's own context has them.
    site.write(
        "templates/section.html",
        "{% for p in section.pages %}[{{ p.title }}|{{ p.lower | json_encode }}|{{ p.higher | json_encode }}]{% endfor %}",
    );
    // `json_encode` of a whole object may show `content`, so this template gets it.
    site.write(
        "templates/page.html",
        "{{ page.title }}|{{ page.lower.title | default(value='-') }}|{{ page.higher.title | default(value='-') }}|{{ translation | json_encode }}",
    );
    site.build().assert_ok();
    let news = site.read("en/news/index.html");
    assert!(news.contains("[Press briefing|null|null][Leaders meet at the summit|null|null]"), "{news}");
    let briefing = site.read("en/news/briefing/index.html");
    assert!(briefing.starts_with("Press briefing|-|Leaders meet at the summit|"), "{briefing}");
    assert!(briefing.contains("Una conferencia."), "the translation carries its content: {briefing}");
}

#[test]
fn a_site_atom_template_gets_every_page_and_the_built_in_feed_has_every_entry() {
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    // The built-in feed renders each entry on its own; the result is one feed with them all.
    let feed = site.read("en/atom.xml");
    assert_eq!(feed.matches("<entry xml:lang=\"en\">").count(), 1, "{feed}");
    assert!(
        feed.contains("<title>Leaders meet at the summit</title>") && feed.trim_end().ends_with("</feed>"),
        "{feed}"
    );
    // A site's own feed template gets `pages` whole, as in Zola.
    site.write("templates/atom.xml", "{% for p in pages %}[{{ p.title }}|{{ p.content | length > 0 }}]{% endfor %}");
    site.build().assert_ok();
    assert_eq!(site.read("en/atom.xml"), "[Leaders meet at the summit|true]");
}

#[test]
fn a_long_feed_keeps_every_entry_in_date_order_and_a_much_linked_page_lists_each_linker_once() {
    let site = SiteTest::fixture("minimal");
    // More entries than the built-in feed renders at a time, each page linking to the summit twice.
    for n in 0..600 {
        let date = format!("2025-{:02}-{:02}", n % 12 + 1, n % 28 + 1);
        let en = format!(
            "---\ntitle: \"Item {n}\"\ndate: {date}\n---\n\nItem {n}: see [the summit](@/news/summit.md) and [again](@/news/summit.md).\n"
        );
        let es = format!(
            "---\ntitle: \"Artículo {n}\"\ndate: {date}\n---\n\nArtículo {n}: vea [la cumbre](@/news/summit.md) y [otra vez](@/news/summit.md).\n"
        );
        site.write(&format!("content-en/news/item-{n:03}.md"), en);
        site.write(&format!("content-es/news/item-{n:03}.md"), es);
    }
    site.write("templates/page.html", "{% for b in page.backlinks %}{{ b.title }};{% endfor %}");
    site.build().assert_ok();

    let feed = site.read("en/atom.xml");
    assert_eq!(feed.matches("<entry xml:lang=\"en\">").count(), 601);
    assert!(feed.trim_end().ends_with("</entry>\n</feed>"), "{}", &feed[feed.len() - 200..]);
    let published: Vec<&str> =
        feed.split("<published>").skip(1).map(|rest| rest.split('<').next().unwrap_or_default()).collect();
    assert_eq!(published.len(), 601);
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "the feed is newest first: {published:?}");

    let linkers = site.read("en/news/summit/index.html");
    let titles: Vec<&str> = linkers.split(';').filter(|t| !t.is_empty()).collect();
    let unique: std::collections::BTreeSet<&str> = titles.iter().copied().collect();
    // The 600 items (each linking twice) and the home page, each once.
    assert_eq!(titles.iter().filter(|t| t.starts_with("Item ")).count(), 600, "{linkers}");
    assert_eq!(unique.len(), titles.len(), "a page listed twice: {linkers}");
}

#[test]
fn a_static_file_where_a_feed_or_the_sitemap_goes_is_refused_naming_both() {
    for (path, generated) in [("static/en/atom.xml", "the Atom feed"), ("static/sitemap.xml", "the sitemap")] {
        let site = SiteTest::fixture("minimal");
        site.write(path, "<mine/>");
        site.build().assert_error(1, generated).assert_error(1, "a static file");
        assert!(!site.out().exists(), "nothing is written when a build fails");
    }
}
