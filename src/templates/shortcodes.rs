//! Rendering shortcodes: `templates/shortcodes/<name>.html` or `.md` of the site or theme, with
//! the call's arguments, `body`, `nth` and `lang` as variables (Zola's grammar and context, less
//! `page` and `section`, which do not exist yet while bodies render — Zola's shortcodes see them
//! stripped too). One Tera per language, so `fluent` and `trans` speak the page's language.

use super::{TemplateSources, functions, tera_problem};
use crate::config::{Config, Lang};
use crate::diagnostics::Problem;
use crate::fluent::Strings;
use crate::markdown::shortcodes::{Call, Expansion};
use serde_json::Value;
use std::sync::Arc;
use tera::Tera;

pub struct Shortcodes {
    tera: Arc<[Tera; 2]>,
    names: std::collections::BTreeSet<String>,
    /// Which of `OVERRIDES` the site or theme provides.
    overrides: std::collections::BTreeSet<String>,
    /// `config` as each language's templates see it.
    config: [Value; 2],
}

/// Templates Zola renders while Markdown renders: a heading's anchor link and what ends a
/// summary. Puente uses its own unless the site or theme has one.
const OVERRIDES: &[&str] = &["anchor-link.html", "summary-cutoff.html"];

impl Shortcodes {
    /// `early` is the site before bodies render, for `get_url`, `resize_image` and the other
    /// functions Zola lets shortcodes call; `None` when the site has no shortcodes.
    pub fn new(
        sources: &TemplateSources,
        strings: &Arc<Strings>,
        config: &Config,
        early: Option<&super::SharedSite>,
    ) -> Result<Shortcodes, Vec<Problem>> {
        let names: std::collections::BTreeSet<String> =
            sources.keys().filter(|name| name.starts_with("shortcodes/")).cloned().collect();
        let mut base = Tera::default();
        let overrides: Vec<&str> =
            OVERRIDES.iter().copied().filter(|name| sources.get(*name).is_some_and(|s| !s.builtin)).collect();
        if !names.is_empty() || !overrides.is_empty() {
            // Every template, so a shortcode may include or import the theme's partials.
            let raw: Vec<(&str, &str)> = sources.iter().map(|(name, s)| (name.as_str(), s.text.as_str())).collect();
            base.add_raw_templates(raw).map_err(|err| vec![tera_problem(&err, sources)])?;
            let loops = super::loops::check(sources);
            if !loops.is_empty() {
                return Err(loops);
            }
        }
        let tera = Lang::ALL.map(|lang| {
            let mut tera = base.clone();
            functions::register_early(&mut tera, lang, strings, config.translations.clone());
            if let Some(site) = early {
                functions::register_files(&mut tera, lang, site);
                super::filters::register(&mut tera, lang, site);
            }
            tera
        });
        let overrides = overrides.into_iter().map(str::to_string).collect();
        let config = Lang::ALL.map(|lang| super::context::config_value(config, lang));
        Ok(Shortcodes { tera: Arc::new(tera), names, overrides, config })
    }

    /// Whether any template is a shortcode, before building one.
    pub fn any_in(sources: &TemplateSources) -> bool {
        sources.keys().any(|name| name.starts_with("shortcodes/"))
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The site's or theme's `anchor-link.html` and `summary-cutoff.html`, as the Markdown pass
    /// calls them; `None` when it has neither.
    pub fn template_overrides(&self, lang: Lang) -> Option<crate::markdown::TemplateOverrides> {
        if self.overrides.is_empty() {
            return None;
        }
        let render = move |tera: &Arc<[Tera; 2]>, name: &'static str, context: tera::Context| {
            // A failing override falls back to nothing rather than stopping the page: the
            // template's own error shows when it renders elsewhere.
            tera[lang.index()].render(name, &context).unwrap_or_default()
        };
        let anchor = self.overrides.contains("anchor-link.html").then(|| {
            let tera = self.tera.clone();
            std::sync::Arc::new(move |id: &str, level: u32| {
                let mut context = tera::Context::new();
                context.insert("id", id);
                context.insert("level", &level);
                context.insert("lang", lang.code());
                render(&tera, "anchor-link.html", context)
            }) as crate::markdown::html::AnchorTemplate
        });
        let summary_cutoff = self.overrides.contains("summary-cutoff.html").then(|| {
            let tera = self.tera.clone();
            std::sync::Arc::new(move |summary: &str| {
                let mut context = tera::Context::new();
                context.insert("summary", summary);
                context.insert("lang", lang.code());
                render(&tera, "summary-cutoff.html", context)
            }) as crate::markdown::html::CutoffTemplate
        });
        Some(crate::markdown::TemplateOverrides { anchor, summary_cutoff })
    }

    /// Renders one call in `lang`; `None` when no shortcode has that name.
    /// `owner` is the calling page or section (`("page", value)`), given as Zola gives it.
    pub fn render(
        &self,
        lang: Lang,
        call: &Call,
        body: Option<&str>,
        nth: usize,
        owner: &(&str, Value),
    ) -> Option<Result<Expansion, String>> {
        let markdown = format!("shortcodes/{}.md", call.name);
        let html = format!("shortcodes/{}.html", call.name);
        let (name, is_markdown) = if self.names.contains(&markdown) {
            (markdown, true)
        } else if self.names.contains(&html) {
            (html, false)
        } else {
            return None;
        };
        let mut context = tera::Context::new();
        for (key, value) in &call.args {
            context.insert(key, &super::data::scalar(value));
        }
        if let Some(body) = body {
            // Zola trims the end of a body.
            context.insert("body", body.trim_end());
        }
        context.insert("nth", &nth);
        // As in Zola, the render context goes over the arguments.
        context.insert("lang", lang.code());
        context.insert("config", &self.config[lang.index()]);
        context.insert(owner.0, &owner.1);
        let rendered = self.tera[lang.index()].render(&name, &context).map_err(|err| {
            let mut message = format!("the shortcode `{}` could not be rendered: {err}", call.name);
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            message.replace('\n', " ")
        });
        Some(rendered.map(|text| if is_markdown { Expansion::Markdown(text) } else { Expansion::Html(text) }))
    }
}
