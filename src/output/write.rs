//! Writing the output: into a fresh folder beside it, as files are rendered, then swapped in.
//!
//! The swap is one `renameat2(RENAME_EXCHANGE)` on Linux, so readers (and a static host) see the
//! old site or the new one, never a mix; on any error before the swap the temporary folder is
//! removed and the previous output is untouched (SPEC §2). Builds into one output folder take
//! turns (a lock on its parent folder). The replaced output is deleted in the background, and
//! each build removes what earlier or killed builds left beside the output.

use super::tree::{OutputFile, OutputTree};
use crate::diagnostics::{Location, Problem};
use parking_lot::Mutex;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const TEMP_PREFIX: &str = ".puente-build-";

/// Writes a finished tree (what `serve` and tests hold in memory) in one swap.
pub fn write(tree: &OutputTree, out: &Path) -> Result<(), Problem> {
    let staging = Staging::begin(out)?;
    tree.files.par_iter().try_for_each(|(path, file)| staging.put_overriding(path, file))?;
    staging.finish()?.wait(std::time::Duration::from_secs(60));
    Ok(())
}

/// A build's output while it is being written: a fresh folder beside the output, filled as
/// files are rendered (so a big site is never held in memory whole), then swapped in by
/// `finish`. Dropped without `finish` (an error, a refusal), it is removed and the previous
/// output stays as it was.
pub struct Staging {
    temp: tempfile::TempDir,
    out: PathBuf,
    /// Who produced each path, for the message when two things want the same one.
    owners: Mutex<HashMap<String, String>>,
    files: AtomicUsize,
    // Declared last: dropped after the temporary folder is gone.
    _lock: std::fs::File,
}

impl Staging {
    /// Waits for any other build into the same output, removes what killed builds left, and
    /// makes the temporary folder.
    pub fn begin(out: &Path) -> Result<Staging, Problem> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| failed(out, "creating its parent folder", &e))?;
        let lock = lock(&parent, out).map_err(|e| failed(out, "waiting for another build", &e))?;
        // With the lock held, no live build owns any of these.
        // Not waited for: it runs while this build renders.
        let _ = remove_in_background(leftovers(&parent));
        let temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempdir_in(&parent)
            .map_err(|e| failed(out, "creating a temporary folder", &e))?;
        Ok(Staging { temp, out: out.to_path_buf(), owners: Mutex::default(), files: AtomicUsize::new(0), _lock: lock })
    }

    /// Writes one output file; a second producer of the same path is a problem naming both.
    pub fn put(&self, path: &str, file: &OutputFile, owner: &str) -> Result<(), Problem> {
        if let Some(first) = self.owners.lock().insert(path.to_string(), owner.to_string()) {
            return Err(Problem::new(format!("{owner} and {first} both produce the output file {path}"))
                .hint("rename one of them (or change its `slug`/`aliases`) so each output file has one source"));
        }
        self.write_file(path, file)
    }

    /// Writes a file that may replace an earlier one (already resolved: site over theme).
    pub fn put_overriding(&self, path: &str, file: &OutputFile) -> Result<(), Problem> {
        self.owners.lock().entry(path.to_string()).or_default();
        self.write_file(path, file)
    }

    fn write_file(&self, path: &str, file: &OutputFile) -> Result<(), Problem> {
        let target = self.temp.path().join(path);
        let written = (|| -> std::io::Result<()> {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            match file {
                OutputFile::Data(bytes) => std::fs::write(&target, bytes),
                OutputFile::Copy(source) => std::fs::copy(source, &target).map(|_| ()),
            }
        })();
        written.map_err(|e| failed(&self.out, "writing files", &e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// How many files were written.
    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Swaps the new output in; the previous one is deleted in the background.
    pub fn finish(self) -> Result<Cleanup, Problem> {
        let out = &self.out;
        set_public_permissions(self.temp.path()).map_err(|e| failed(out, "setting permissions", &e))?;
        if out.exists() {
            exchange(self.temp.path(), out).map_err(|e| failed(out, "replacing the previous output", &e))?;
            // The temporary folder now holds the previous output. Deleting thousands of files
            // can take longer than the build; it goes on in the background, and whatever is
            // left when the process ends is removed by the next build.
            let Staging { temp, _lock: lock, .. } = self;
            let cleanup = remove_in_background(vec![temp.keep()]);
            drop(lock);
            return Ok(cleanup);
        } else {
            // The lock is held until the rename is done.
            let Staging { temp, out, _lock: lock, .. } = self;
            let staging = temp.keep();
            std::fs::rename(&staging, &out).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staging);
                failed(&out, "moving the new output in place", &e)
            })?;
            drop(lock);
        }
        Ok(Cleanup(None))
    }
}

fn failed(out: &Path, what: &str, err: &std::io::Error) -> Problem {
    Problem::new(format!("cannot write the output ({what}): {}", crate::io_reason(err)))
        .at(Location::file(crate::slash_path(out)))
        .hint("check that the output folder's parent exists and is writable, and that the disk has room; the previous output was left as it was")
}

/// Holds an exclusive lock on the output's parent folder while this build writes and swaps, so
/// two builds into one output take turns instead of racing (the second says it is waiting).
/// The lock is `flock` on the folder itself: nothing is left behind, and a killed build's lock
/// goes with its process.
fn lock(parent: &Path, out: &Path) -> std::io::Result<std::fs::File> {
    let dir = std::fs::File::open(parent)?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: `dir` is an open file descriptor for the duration of both calls.
        if unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            let err = std::io::Error::last_os_error();
            if err.kind() != std::io::ErrorKind::WouldBlock {
                return Err(err);
            }
            eprintln!("Another Puente build is writing {}; waiting for it to finish…", crate::slash_path(out));
            // SAFETY: as above.
            if unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
        }
    }
    Ok(dir)
}

/// Temporary folders beside the output: previous outputs not yet deleted, and what killed
/// builds left. Read with the lock held, so no live build owns one.
fn leftovers(parent: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(TEMP_PREFIX) && e.path().is_dir())
        .map(|e| e.path())
        .collect()
}

/// Deletes folders on a thread of their own; the caller may wait for it a little (`Cleanup`).
fn remove_in_background(paths: Vec<PathBuf>) -> Cleanup {
    if paths.is_empty() {
        return Cleanup(None);
    }
    Cleanup(Some(std::thread::spawn(move || {
        for path in paths {
            let _ = std::fs::remove_dir_all(path);
        }
    })))
}

/// The deletion of the replaced output, going on in the background.
#[must_use = "wait for the cleanup, or let it go on until the process ends"]
pub struct Cleanup(Option<std::thread::JoinHandle<()>>);

impl Cleanup {
    /// Waits until the deletion is done or `limit` has passed: a small site's old output is
    /// gone before the command returns; a big one's does not hold the build up.
    pub fn wait(self, limit: std::time::Duration) {
        let Some(handle) = self.0 else { return };
        let start = std::time::Instant::now();
        while !handle.is_finished() && start.elapsed() < limit {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        if handle.is_finished() {
            let _ = handle.join();
        }
    }
}

/// Temporary folders are private (0700); a published site must be readable by the web server.
fn set_public_permissions(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

/// Without an atomic exchange, two renames: the old output moves aside first, so a crash
/// between them leaves it beside the output rather than lost.
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let aside = a.with_extension("old");
    std::fs::rename(b, &aside)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&aside, a)
}
