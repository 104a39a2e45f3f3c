//! Templates Puente provides when neither the site nor the theme has one of the same name
//! (Zola's rule). `__puente/*` are Puente's own pages (language chooser, bilingual root 404).

pub const ALL: &[(&str, &str)] = &[
    ("sitemap.xml", include_str!("../builtins/sitemap.xml")),
    // One entry of the built-in sitemap, rendered on its own for each address (`output::render`).
    ("__puente/sitemap_entry.xml", include_str!("../builtins/sitemap_entry.xml")),
    ("atom.xml", include_str!("../builtins/atom.xml")),
    // One entry of the built-in feed, rendered on its own for each page (`output::render`).
    ("__puente/atom_entry.xml", include_str!("../builtins/atom_entry.xml")),
    ("robots.txt", include_str!("../builtins/robots.txt")),
    ("internal/alias.html", include_str!("../builtins/alias.html")),
    ("__puente/chooser.html", include_str!("../builtins/chooser.html")),
    ("__puente/404.html", include_str!("../builtins/404-root.html")),
    ("__puente/fallback.html", include_str!("../builtins/fallback.html")),
];
