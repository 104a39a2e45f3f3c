//! The bundled site (the repository's own content-en/ and content-es/) built once with the real
//! binary, then read as a browser and a crawler would: links, hreflang, switcher, XML files.

use crate::support::bundled_output;
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const BASE: &str = "https://puente.example.org";

fn html_pages(out: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    pages.sort();
    pages
}

fn parse(path: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(path).unwrap())
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The output file an absolute URL of the site points at.
fn file_of(out: &Path, url: &str) -> Option<PathBuf> {
    let path = url.strip_prefix(BASE)?;
    let path = path.split(['#', '?']).next().unwrap().trim_start_matches('/');
    let file = if path.is_empty() || path.ends_with('/') { out.join(path).join("index.html") } else { out.join(path) };
    Some(file)
}

fn ids(doc: &Html) -> Vec<String> {
    doc.select(&sel("[id]")).filter_map(|e| e.value().attr("id").map(str::to_string)).collect()
}

fn is_redirect(doc: &Html) -> bool {
    doc.select(&sel("meta[http-equiv=refresh]")).next().is_some()
}

#[test]
fn every_internal_link_and_asset_resolves() {
    let out = bundled_output();
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in html_pages(out) {
        let doc = parse(&page);
        for (selector, attr) in
            [("a[href]", "href"), ("link[href]", "href"), ("img[src]", "src"), ("script[src]", "src")]
        {
            for element in doc.select(&sel(selector)) {
                let url = element.value().attr(attr).unwrap();
                if url.starts_with("data:") || url.starts_with("mailto:") || url.starts_with("tel:") {
                    continue;
                }
                checked += 1;
                if let Some(fragment) = url.strip_prefix('#') {
                    if !ids(&doc).iter().any(|id| id == fragment) {
                        broken.push(format!("{}: #{fragment} has no target", page.display()));
                    }
                    continue;
                }
                let Some(file) = file_of(out, url) else {
                    broken.push(format!("{}: {url} leaves the site (no external links expected)", page.display()));
                    continue;
                };
                if !file.is_file() {
                    broken.push(format!("{}: {url} -> missing {}", page.display(), file.display()));
                    continue;
                }
                if let Some((_, fragment)) = url.split_once('#')
                    && !ids(&parse(&file)).iter().any(|id| id == fragment)
                {
                    broken.push(format!("{}: {url} -> no element with id {fragment}", page.display()));
                }
            }
        }
    }
    assert!(checked > 500, "too few links checked ({checked}); did the theme render?");
    for page in html_pages(out) {
        let text = std::fs::read_to_string(&page).unwrap();
        assert!(!text.contains("__puente"), "{}: the live-reload script is for serve only", page.display());
    }
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
}

/// canonical URL → hreflang → href, for every page that is not a redirect.
fn alternates(out: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut all = BTreeMap::new();
    for page in html_pages(out) {
        let doc = parse(&page);
        if is_redirect(&doc) || page.ends_with("404.html") {
            continue;
        }
        let Some(canonical) = doc.select(&sel("link[rel=canonical]")).next() else {
            panic!("{} has no canonical link", page.display());
        };
        let canonical = canonical.value().attr("href").unwrap().to_string();
        assert!(canonical.starts_with("https://"), "{}: canonical is not absolute", page.display());
        let map: BTreeMap<String, String> = doc
            .select(&sel("link[rel=alternate][hreflang]"))
            .map(|e| (e.value().attr("hreflang").unwrap().to_string(), e.value().attr("href").unwrap().to_string()))
            .collect();
        all.insert(canonical, map);
    }
    all
}

#[test]
fn every_page_has_reciprocal_hreflang_and_x_default() {
    let all = alternates(bundled_output());
    assert!(all.len() > 50);
    for (url, map) in &all {
        let own = if url.contains("/es/") {
            "es"
        } else if url.contains("/en/") {
            "en"
        } else {
            continue;
        };
        assert_eq!(map.get(own), Some(url), "{url} does not list itself as hreflang={own}");
        let x_default = map.get("x-default").unwrap_or_else(|| panic!("{url} has no x-default"));
        let other = if own == "en" { "es" } else { "en" };
        if let Some(counterpart) = map.get(other) {
            let back = all.get(counterpart).unwrap_or_else(|| panic!("{url} names {counterpart}, which is not a page"));
            assert_eq!(back.get(own), Some(url), "{counterpart} does not point back to {url}");
            assert_eq!(back.get("x-default"), Some(x_default), "{url} and {counterpart} disagree on x-default");
        }
    }
    // The home pages' x-default is the language chooser.
    assert_eq!(all[&format!("{BASE}/en/")]["x-default"], format!("{BASE}/"));
}

#[test]
fn switcher_goes_to_the_counterpart_and_back() {
    let out = bundled_output();
    let switcher = sel("a.lang-switcher-link");
    let mut pairs = 0;
    for page in html_pages(&out.join("en")) {
        let doc = parse(&page);
        if is_redirect(&doc) || page.ends_with("404.html") {
            continue;
        }
        let own = doc.select(&sel("link[rel=canonical]")).next().unwrap().value().attr("href").unwrap().to_string();
        let link =
            doc.select(&switcher).next().unwrap_or_else(|| panic!("{} has no language switcher", page.display()));
        assert_eq!(link.value().attr("lang"), Some("es"), "{}: switcher must be marked lang=es", page.display());
        let target = link.value().attr("href").unwrap();
        assert!(target.starts_with(&format!("{BASE}/es/")), "{}: switcher goes to {target}", page.display());
        let back_doc = parse(&file_of(out, target).unwrap());
        let back = back_doc.select(&switcher).next().unwrap().value().attr("href").unwrap().to_string();
        assert_eq!(back, own, "the Spanish page {target} does not switch back to {own}");
        pairs += 1;
    }
    assert!(pairs >= 40, "only {pairs} English pages had a switcher");
}

#[test]
fn sitemap_and_feeds_are_xml_with_the_right_namespaces() {
    let out = bundled_output();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml parses");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.sitemaps.org/schemas/sitemap/0.9"));
    let xhtml = "http://www.w3.org/1999/xhtml";
    let links = doc.descendants().filter(|n| n.tag_name().namespace() == Some(xhtml) && n.tag_name().name() == "link");
    assert!(links.count() > 100, "sitemap lacks xhtml:link alternates");
    for lang in ["en", "es"] {
        let feed = std::fs::read_to_string(out.join(lang).join("atom.xml")).unwrap();
        let doc = roxmltree::Document::parse(&feed).expect("atom.xml parses");
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
        assert_eq!(root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")), Some(lang));
        let entries = root.children().filter(|n| n.tag_name().name() == "entry").count();
        assert!(entries >= 4, "{lang} feed has {entries} entries");
    }
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains(&format!("Sitemap: {BASE}/sitemap.xml")), "{robots}");
}

#[test]
fn not_found_pages_exist_in_both_languages_and_at_the_root() {
    let out = bundled_output();
    for (file, lang) in [("404.html", "en"), ("en/404.html", "en"), ("es/404.html", "es")] {
        let doc = parse(&out.join(file));
        let html = doc.select(&sel("html")).next().unwrap();
        assert_eq!(html.value().attr("lang"), Some(lang), "{file}");
    }
    let root = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(root.contains("lang=\"es\""), "the root 404 must also speak Spanish");
}

#[test]
fn the_site_has_both_languages_in_full() {
    let out = bundled_output();
    for lang in ["en", "es"] {
        let pages = html_pages(&out.join(lang)).into_iter().filter(|p| !is_redirect(&parse(p))).count();
        assert!(pages >= 20, "{lang}: only {pages} pages");
    }
    // The 18 points, numbered, in both languages.
    for index in ["en/points/index.html", "es/puntos/index.html"] {
        let doc = parse(&out.join(index));
        let items = doc.select(&sel("main ol > li")).count();
        assert!(items >= 18, "{index} lists {items} points");
    }
    // The chooser names both languages in their own language.
    let chooser = parse(&out.join("index.html"));
    let names: Vec<(String, String)> = chooser
        .select(&sel("a[hreflang]"))
        .map(|a| (a.value().attr("lang").unwrap().to_string(), a.text().collect::<String>()))
        .collect();
    assert!(names.iter().any(|(l, t)| l == "en" && t.contains("English")), "{names:?}");
    assert!(names.iter().any(|(l, t)| l == "es" && t.contains("Español")), "{names:?}");
}

#[test]
fn dates_are_written_the_way_each_language_writes_them() {
    let out = bundled_output();
    let en = std::fs::read_to_string(out.join("en/news/weapons-trafficking/index.html")).unwrap();
    let es = std::fs::read_to_string(out.join("es/noticias/trafico-de-armas/index.html")).unwrap();
    assert!(en.contains("November 27, 2026"), "English date missing");
    assert!(es.contains("27 de noviembre de 2026"), "Spanish date missing");
    assert!(!es.contains("Noviembre"), "Spanish months are lowercase");
}
