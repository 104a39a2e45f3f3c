//! Both languages rendered into an in-memory tree, then written in one swap.
//!
//! `render` runs the Markdown pass, serializes the site once (`templates::SiteData`), renders
//! every page, section, taxonomy page, feed, sitemap, 404 and the language chooser in parallel,
//! and adds static files and content assets. `write` is the only code that touches the output
//! folder. Nothing here iterates a `HashMap` into the output.

mod markdown;
mod render;
pub mod tree;
mod write;

pub use markdown::{Bodies, render_bodies, render_body};
pub use render::{Job, Renderer, Statics, render};
pub use tree::{OutputFile, OutputTree};
pub use write::{Staging, TEMP_PREFIX, write};
