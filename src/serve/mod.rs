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
use crate::pipeline::{BuildError, BuildOptions, CheckReport, Session};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
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

/// What the server shows: the session of the last build that ran, rendered pages cached as
/// they are asked for, and what stops the current files from building.
#[derive(Default)]
pub struct State {
    pub session: Option<Session>,
    /// Output path → rendered bytes; emptied on every change, filled on request.
    pub cache: Mutex<HashMap<String, Vec<u8>>>,
    /// Why the latest build could not run at all, if it could not.
    pub failure: Option<Failure>,
    /// Bumped on every rebuild; clients reload when it changes.
    pub generation: u64,
    pub root: PathBuf,
}

static NO_REPORT: std::sync::LazyLock<CheckReport> = std::sync::LazyLock::new(CheckReport::default);
static NO_SOURCES: BTreeMap<String, [Option<String>; 2]> = BTreeMap::new();

impl State {
    pub fn report(&self) -> &CheckReport {
        self.session.as_ref().map_or(&NO_REPORT, |s| &s.report)
    }

    pub fn sources(&self) -> &BTreeMap<String, [Option<String>; 2]> {
        self.session.as_ref().map_or(&NO_SOURCES, |s| &s.sources)
    }
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
    };
    // Watching starts before the first build and before the port opens: a file saved while
    // the site builds, or just after a client can connect, is seen and rebuilt.
    let (_watcher, events) = watch::watch(&config.root).map_err(|err| {
        Failure::config(crate::diagnostics::Problem::new(format!("cannot watch the site's files: {err}")))
    })?;
    let state: Shared = Arc::new(RwLock::new(State { root: config.root.clone(), ..State::default() }));
    rebuild(&options, &state, &[]);
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
    while let Ok(mut batch) = events.recv() {
        // Coalesce bursts (save storms) that arrived while the last rebuild ran.
        while let Ok(more) = events.try_recv() {
            batch.extend(more);
        }
        let started = Instant::now();
        rebuild(&options, &state, &batch);
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

/// Takes in a batch of changes (all of them when `changes` is empty, at start) and puts the
/// outcome into the shared state. The state's write lock is held while the session updates,
/// so a request never sees half an update.
pub fn rebuild(options: &BuildOptions, state: &Shared, changes: &[(watch::ChangeKind, PathBuf)]) {
    let Ok(mut state) = state.write() else { return };
    state.generation += 1;
    if let Ok(mut cache) = state.cache.lock() {
        cache.clear();
    }
    let outcome = match state.session.as_mut() {
        Some(session) if !changes.is_empty() => session.update(changes).map(|_| None),
        _ => Session::new(options).map(Some),
    };
    match outcome {
        Ok(fresh) => {
            if let Some(session) = fresh {
                state.session = Some(session);
            }
            state.failure = None;
            if state.report().has_errors() {
                eprintln!("The site has translation errors; the browser shows them over the pages.");
            }
        }
        Err(BuildError::Findings(_)) => {}
        Err(BuildError::Failure(failure)) => {
            eprintln!("{failure}");
            state.failure = Some(failure);
        }
    }
}
