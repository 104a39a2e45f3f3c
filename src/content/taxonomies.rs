//! Taxonomy terms per language, derived from the pages' `taxonomies:` front matter.
//!
//! Terms are keyed by slug, so `Border` and `border` are one term (as in Zola); the first name
//! seen in path order is the one shown.

use super::Library;
use crate::config::{Config, Lang};
use rayon::prelude::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Site path: `/es/temas/seguridad-fronteriza/`.
    pub path: String,
    /// Pages with this term, newest first; undated pages after, by path.
    pub pages: Vec<usize>,
    /// The same term in the other language (index into its `terms`), inferred from pairs.
    pub counterpart: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Index into `config.taxonomies`.
    pub config: usize,
    pub lang: Lang,
    /// Site path of the list page: `/es/temas/`.
    pub path: String,
    /// Sorted by slug.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// The term with this slug; terms are sorted by slug, so a site with thousands of terms
    /// does not scan them all for every link.
    pub fn term_index(&self, slug: &str) -> Option<usize> {
        self.terms.binary_search_by(|t| t.slug.as_str().cmp(slug)).ok()
    }
}

/// Every declared taxonomy in both languages, in `site.yaml` order, English first.
pub fn collect(config: &Config, library: &Library) -> Vec<Taxonomy> {
    // Each language's taxonomy is gathered on its own thread, in the order declared.
    let jobs: Vec<(Lang, usize)> =
        Lang::ALL.iter().flat_map(|&lang| (0..config.taxonomies.len()).map(move |index| (lang, index))).collect();
    let mut out: Vec<Taxonomy> = jobs
        .par_iter()
        .map(|&(lang, index)| {
            let declared = &config.taxonomies[index];
            let path = format!("{}{}/", config.lang_prefix(lang), declared.slug_in(lang));
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for (page_index, page) in library.pages.iter().enumerate() {
                if page.source.lang != lang {
                    continue;
                }
                for name in page.source.front.taxonomies.get(&declared.name).into_iter().flatten() {
                    let slug = slug::slugify(name);
                    let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: name.clone(),
                        path: format!("{path}{slug}/"),
                        slug,
                        pages: Vec::new(),
                        counterpart: None,
                    });
                    // Pages come in order, so a page naming a term twice is the last one added.
                    if term.pages.last() != Some(&page_index) {
                        term.pages.push(page_index);
                    }
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            terms.par_iter_mut().for_each(|term| {
                term.pages.sort_by(|&a, &b| {
                    let (pa, pb) = (&library.pages[a], &library.pages[b]);
                    pb.date.cmp(&pa.date).then_with(|| pa.source.rel_path.cmp(&pb.source.rel_path))
                });
            });
            Taxonomy { config: index, lang, path, terms }
        })
        .collect();
    let per_lang = config.taxonomies.len();
    for index in 0..per_lang {
        let (en, es) = out.split_at_mut(per_lang);
        match_terms(library, &config.taxonomies[index].name, &mut en[index], &es[index]);
        match_terms(library, &config.taxonomies[index].name, &mut es[index], &en[index]);
    }
    out
}

/// Finds each term's translation: a page's n-th term usually translates its counterpart's n-th
/// term (`[Border]` / `[Frontera]`), so the most frequent such match wins; ties by slug.
fn match_terms(library: &Library, name: &str, taxonomy: &mut Taxonomy, other: &Taxonomy) {
    taxonomy.terms.par_iter_mut().for_each(|term| {
        let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
        for &page in &term.pages {
            let source = &library.pages[page].source;
            let Some(position) = source
                .front
                .taxonomies
                .get(name)
                .and_then(|list| list.iter().position(|t| slug::slugify(t) == term.slug))
            else {
                continue;
            };
            let Some(super::ContentRef::Page(counterpart)) = library.counterpart(super::ContentRef::Page(page)) else {
                continue;
            };
            let other_terms = library.pages[counterpart].source.front.taxonomies.get(name);
            if let Some(other_name) = other_terms.and_then(|list| list.get(position)) {
                let other_slug = slug::slugify(other_name);
                if let Some(found) = other.term_index(&other_slug) {
                    *votes.entry(found).or_default() += 1;
                }
            }
        }
        term.counterpart = votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(t, _)| t);
    });
}
