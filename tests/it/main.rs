//! One integration-test binary (as in ripgrep's tests/tests.rs): every module runs the real
//! `puente` binary on real sites in temporary folders and checks what a user sees: exit codes,
//! messages, and the files written.

// Shared helpers: SiteTest (a site in a temp dir + the binary), HTML/XML readers.
mod support;

// `puente build` on the bundled site: links, hreflang, switcher, sitemap, feeds, 404s.
mod bundled_site;
// Output is deterministic and replaced atomically; failures leave the previous output.
mod output;
// `check`, `status`, `review` end to end; build refusing on errors.
mod check;
// The check fixtures of tests/checks/<code>/<case>/ and their expected reports.
mod checks;
// Bad input: one test per mistake, each naming the file (and line) and never panicking.
mod bad_input;
// `puente serve` with a real server: reload, overlay, deletions, renames, traversal, review view.
mod serve;
// Property tests: the checker never panics on arbitrary pairs.
mod robustness;
// `puente init` and `puente new`.
mod new_init;
// `puente import zola` on a Zola-layout site: files written, the result builds, the report.
mod import;
// Localized URLs, pairing, drafts, aliases, assets, pagination on small fixture sites.
mod build;
// The default theme in headless Chromium with axe-core (skipped without a browser).
mod browser;
// Zola 0.22 compatibility: golden output of a theme that uses the whole template contract.
mod zola_compat;
