//! `puente serve`: the same pipeline as `build`, kept in memory, served over HTTP, rebuilt when a
//! file changes, and the browser reloaded.
//!
//! `watch` turns file events into `ChangeKind`s; `server` answers HTTP and pushes reloads; this
//! file owns the state they share and the rebuild loop. A failed rebuild never stops the
//! server: the last good site keeps being served with the errors shown over it. Nothing here
//! writes into `public/`.

mod page;
mod review;
mod server;
pub mod watch;

use crate::diagnostics::Failure;
use crate::output::OutputTree;
use crate::pipeline::{self, BuildError, BuildOptions, CheckReport};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

/// What the user asked for on the command line.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
    pub verbose: bool,
}

/// What the server shows: the last site that built, and what is wrong with the current files.
#[derive(Debug, Default)]
pub struct State {
    pub tree: OutputTree,
    /// Output file → its pair's sources (English, Spanish).
    pub sources: BTreeMap<String, [Option<String>; 2]>,
    /// The findings of the latest build (also when it stopped on errors).
    pub report: CheckReport,
    /// Why the latest build could not run at all, if it could not.
    pub failure: Option<Failure>,
    /// Bumped on every rebuild; clients reload when it changes.
    pub generation: u64,
    pub root: PathBuf,
}

pub type Shared = Arc<RwLock<State>>;

/// Builds once, serves, and rebuilds on every change until the process is stopped.
pub fn run(mut config: ServeConfig) -> Result<(), Failure> {
    // File events carry absolute paths; compare them with an absolute root.
    config.root = config.root.canonicalize().unwrap_or(config.root);
    let addr: SocketAddr = format!("{}:{}", config.bind, config.port).parse().map_err(|_| {
        Failure::config(
            crate::diagnostics::Problem::new(format!("`{}` is not an address to listen on", config.bind))
                .hint("use an IP address such as 127.0.0.1 (this computer only) or 0.0.0.0 (every network)"),
        )
    })?;
    let options = BuildOptions {
        root: config.root.clone(),
        out: None,
        base_url: Some(format!("http://{addr}")),
        drafts: config.drafts,
        verbose: config.verbose,
        // A writer must see what they just typed; the errors are shown over it.
        render_despite_findings: true,
    };
    let state: Shared = Arc::new(RwLock::new(State { root: config.root.clone(), ..State::default() }));
    rebuild(&options, &state);
    let (reload, server) = server::start(addr, state.clone())?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: serving on {addr}, which other computers on the network can reach; use --bind 127.0.0.1 to keep the preview private."
        );
    }
    eprintln!("Serving the site at http://{addr}/ (Ctrl+C to stop). Edit any file and the browser reloads.");
    if config.open {
        let _ = std::process::Command::new("xdg-open").arg(format!("http://{addr}/")).spawn();
    }
    let (_watcher, events) = watch::watch(&config.root).map_err(|err| {
        Failure::config(crate::diagnostics::Problem::new(format!("cannot watch the site's files: {err}")))
    })?;
    while let Ok(mut batch) = events.recv() {
        // Coalesce bursts (save storms) that arrived while the last rebuild ran.
        while let Ok(more) = events.try_recv() {
            batch.extend(more);
        }
        let started = Instant::now();
        rebuild(&options, &state);
        let generation = state.read().map(|s| s.generation).unwrap_or_default();
        let _ = reload.send(generation);
        if config.verbose {
            eprintln!(
                "  rebuilt after {} change(s) in {:.1} ms",
                batch.len(),
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
    drop(server);
    Ok(())
}

/// Runs the pipeline and puts its outcome into the shared state.
pub fn rebuild(options: &BuildOptions, state: &Shared) {
    let outcome = pipeline::render_site(options);
    let Ok(mut state) = state.write() else { return };
    state.generation += 1;
    match outcome {
        Ok(site) => {
            state.tree = site.tree;
            state.sources = site.sources;
            state.report = site.report;
            state.failure = None;
        }
        Err(BuildError::Findings(report)) => {
            state.report = report;
            state.failure = None;
            eprintln!("The site has translation errors; the browser shows them (the last good pages stay served).");
        }
        Err(BuildError::Failure(failure)) => {
            eprintln!("{failure}");
            state.failure = Some(failure);
        }
    }
}
