//! Writing the output: into a folder beside it, as files are rendered, then swapped in.
//!
//! The swap is one `renameat2(RENAME_EXCHANGE)` on Linux, so readers (and a static host) see the
//! old site or the new one, never a mix; on any error before the swap the staging folder is
//! removed (or put back, below) and the previous output is untouched (SPEC §2). Builds into one
//! output folder take turns (a lock on its parent folder), and each build removes what killed
//! builds left beside the output.
//!
//! The replaced output is not deleted: it is kept beside the output as
//! `.puente-build-previous-<name>`, and the next build writes over it. On a big site most of a
//! build's write time was the file system making 20,000 folders and files and deleting as many
//! (measured on ext4: copying the output of a 20,000-page site into an empty folder takes
//! 11 s of system time, rewriting the files of an existing tree a fraction of it). A rebuild
//! rewrites only the files whose bytes changed, deletes the files and folders the new site no
//! longer has, and leaves a tree identical to a fresh build's.

use super::tree::{OutputFile, OutputTree};
use crate::diagnostics::{Location, Problem};
use parking_lot::Mutex;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const TEMP_PREFIX: &str = ".puente-build-";
/// The replaced output, kept for the next build to write over (not a leftover).
const PREVIOUS_PREFIX: &str = ".puente-build-previous-";

/// Writes a finished tree (what `serve` and tests hold in memory) in one swap.
pub fn write(tree: &OutputTree, out: &Path) -> Result<(), Problem> {
    let staging = Staging::begin(out)?;
    tree.files.par_iter().try_for_each(|(path, file)| staging.put_overriding(path, file))?;
    staging.finish()?.wait(std::time::Duration::from_secs(60));
    Ok(())
}

/// A build's output while it is being written: a folder beside the output (the previous
/// build's output when there is one, else a fresh one), filled as files are rendered (so a big
/// site is never held in memory whole), then swapped in by `finish`. Dropped without `finish`
/// (an error, a refusal), a fresh folder is removed and a reused one is put back; the output
/// stays as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// Where the replaced output is kept.
    previous: PathBuf,
    /// What the reused folder held before this build, when it is one.
    reused: Option<Existing>,
    /// Who produced each path, for the message when two things want the same one.
    owners: Mutex<HashMap<String, String>>,
    files: AtomicUsize,
    finished: bool,
    // Declared last: released after the staging folder is dealt with.
    _lock: std::fs::File,
}

/// The files and folders of a reused staging folder, as `/`-separated paths inside it.
#[derive(Default)]
struct Existing {
    files: HashSet<String>,
    dirs: Vec<String>,
}

impl Staging {
    /// Waits for any other build into the same output, removes what killed builds left, and
    /// takes the previous output to write over (or makes a fresh folder).
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
        let name = out.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let previous = parent.join(format!("{PREVIOUS_PREFIX}{name}"));
        let dir = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempdir_in(&parent)
            .map_err(|e| failed(out, "creating a temporary folder", &e))?
            .keep();
        // The previous output replaces the empty folder just made (same name, so a killed build
        // leaves a leftover like any other).
        let is_dir = std::fs::symlink_metadata(&previous).is_ok_and(|m| m.is_dir());
        let reused = (is_dir && std::fs::rename(&previous, &dir).is_ok()).then(|| Existing::scan(&dir));
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            previous,
            reused,
            owners: Mutex::default(),
            files: AtomicUsize::new(0),
            finished: false,
            _lock: lock,
        })
    }

    /// Writes one output file; a second producer of the same path is a problem naming both.
    pub fn put(&self, path: &str, file: &OutputFile, owner: &str) -> Result<(), Problem> {
        self.claim(path, owner)?;
        self.write_file(path, file)
    }

    /// Records who produces `path`; a second producer is a problem naming both.
    fn claim(&self, path: &str, owner: &str) -> Result<(), Problem> {
        if let Some(first) = self.owners.lock().insert(path.to_string(), owner.to_string()) {
            return Err(super::tree::produced_twice(path, &first, owner));
        }
        Ok(())
    }

    /// Writes a file that may replace an earlier one (already resolved: site over theme).
    pub fn put_overriding(&self, path: &str, file: &OutputFile) -> Result<(), Problem> {
        self.owners.lock().entry(path.to_string()).or_insert_with(|| "a static file".to_string());
        self.write_file(path, file)
    }

    fn write_file(&self, path: &str, file: &OutputFile) -> Result<(), Problem> {
        let target = self.dir.join(path);
        let written = match file {
            // Unchanged bytes are left alone: no writing, and the file keeps its time, so
            // deploy tools that compare times upload only what changed.
            OutputFile::Data(bytes) if self.existed(path) && same_bytes(&target, bytes) => Ok(()),
            OutputFile::Data(bytes) => self.make_at(path, &target, || std::fs::write(&target, bytes)),
            OutputFile::Copy(source) => self.make_at(path, &target, || std::fs::copy(source, &target).map(|_| ())),
        };
        written.map_err(|e| failed(&self.out, "writing files", &e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Whether the reused folder held a file at `path` before this build.
    fn existed(&self, path: &str) -> bool {
        self.reused.as_ref().is_some_and(|old| old.files.contains(path))
    }

    /// Makes the folders above `target`, then the file itself with `make`. In a reused folder a
    /// file may stand where a folder must go, or the reverse: it is cleared and `make` tried again.
    fn make_at<T>(&self, path: &str, target: &Path, make: impl Fn() -> std::io::Result<T>) -> std::io::Result<T> {
        let attempt = || {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            make()
        };
        attempt().or_else(|err| {
            if self.reused.is_none() {
                return Err(err);
            }
            make_room(&self.dir, path);
            attempt()
        })
    }

    /// Starts a file that is written a piece at a time (`Stream::push`), for the files too big
    /// to hold whole: a big site's feed is tens of megabytes per language.
    pub fn stream(&self, path: &str, owner: &str) -> Result<Stream<'_>, Problem> {
        self.claim(path, owner)?;
        let target = self.dir.join(path);
        let old = self
            .existed(path)
            .then(|| std::fs::File::open(&target).ok())
            .flatten()
            .filter(|file| file.metadata().is_ok_and(|m| m.is_file()));
        let new = match old {
            Some(_) => None,
            None => Some(
                self.make_at(path, &target, || std::fs::File::create(&target))
                    .map_err(|e| failed(&self.out, "writing files", &e))?,
            ),
        };
        Ok(Stream { staging: self, target, old, matched: 0, new, beside: None, buffer: Vec::new() })
    }

    /// How many files were written.
    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Swaps the new output in and keeps the previous one for the next build.
    pub fn finish(mut self) -> Result<Cleanup, Problem> {
        let out = self.out.clone();
        if let Some(existing) = self.reused.take() {
            self.remove_stale(existing);
        }
        set_public_permissions(&self.dir).map_err(|e| failed(&out, "setting permissions", &e))?;
        if out.exists() {
            exchange(&self.dir, &out).map_err(|e| failed(&out, "replacing the previous output", &e))?;
            self.finished = true;
            // The staging folder now holds the previous output.
            if std::fs::symlink_metadata(&self.previous).is_err() && std::fs::rename(&self.dir, &self.previous).is_ok()
            {
                return Ok(Cleanup(None));
            }
            return Ok(remove_in_background(vec![self.dir.clone()]));
        }
        std::fs::rename(&self.dir, &out).map_err(|e| failed(&out, "moving the new output in place", &e))?;
        self.finished = true;
        Ok(Cleanup(None))
    }

    /// Deletes what a reused folder held that this build did not write.
    fn remove_stale(&self, existing: Existing) {
        let owners = self.owners.lock();
        let mut needed: HashSet<&str> = HashSet::with_capacity(owners.len() * 2);
        for path in owners.keys() {
            let mut rest = path.as_str();
            while let Some((dir, _)) = rest.rsplit_once('/') {
                if !needed.insert(dir) {
                    break;
                }
                rest = dir;
            }
        }
        existing.files.par_iter().filter(|f| !owners.contains_key(*f)).for_each(|f| {
            let _ = std::fs::remove_file(self.dir.join(f));
        });
        // Parents come before their folders: a removed parent takes its folders with it.
        for dir in existing.dirs.iter().filter(|d| !needed.contains(d.as_str())) {
            let _ = std::fs::remove_dir_all(self.dir.join(dir));
        }
    }
}

/// A file written a piece at a time. In a reused folder the pieces are compared with the
/// previous build's file as they come, and that file is replaced only once a byte differs (the
/// part that matched is copied from it), so an unchanged feed is read, never rewritten, and
/// keeps its time, as `Staging::put` does for whole files.
pub struct Stream<'a> {
    staging: &'a Staging,
    target: PathBuf,
    /// The previous build's file, while every byte so far matched it.
    old: Option<std::fs::File>,
    /// How many bytes matched.
    matched: u64,
    /// Where the bytes go once they differ (or from the start, with no file to compare).
    new: Option<std::fs::File>,
    /// The new file's name while the old one still stands, to be renamed over it.
    beside: Option<PathBuf>,
    buffer: Vec<u8>,
}

impl Stream<'_> {
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), Problem> {
        self.push_io(bytes).map_err(|e| failed(&self.staging.out, "writing files", &e))
    }

    /// Ends the file: the new one replaces the previous one if anything differed.
    pub fn finish(mut self) -> Result<(), Problem> {
        self.finish_io().map_err(|e| failed(&self.staging.out, "writing files", &e))?;
        self.staging.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn push_io(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::{Read, Write};
        if let Some(old) = self.old.as_mut() {
            self.buffer.resize(bytes.len(), 0);
            if old.read_exact(&mut self.buffer).is_ok() && self.buffer == bytes {
                self.matched += bytes.len() as u64;
                return Ok(());
            }
            self.diverge()?;
        }
        match self.new.as_mut() {
            Some(new) => new.write_all(bytes),
            None => Ok(()),
        }
    }

    fn finish_io(&mut self) -> std::io::Result<()> {
        if let Some(old) = self.old.as_mut() {
            // Unchanged only if the old file ends here too.
            if matches!(std::io::Read::read(old, &mut [0u8]), Ok(0)) {
                return Ok(());
            }
            self.diverge()?;
        }
        drop(self.new.take());
        match self.beside.take() {
            Some(beside) => std::fs::rename(beside, &self.target),
            None => Ok(()),
        }
    }

    /// The bytes differ from the old file's from here on: the new file starts beside it as a
    /// copy of the part that matched.
    fn diverge(&mut self) -> std::io::Result<()> {
        use std::io::{Read, Seek};
        let Some(mut old) = self.old.take() else { return Ok(()) };
        let mut name = self.target.file_name().unwrap_or_default().to_os_string();
        name.push(".puente-part");
        let beside = self.target.with_file_name(name);
        let mut new = std::fs::File::create(&beside)?;
        old.seek(std::io::SeekFrom::Start(0))?;
        std::io::copy(&mut old.take(self.matched), &mut new)?;
        self.new = Some(new);
        self.beside = Some(beside);
        self.buffer = Vec::new();
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        // A reused folder goes back to be reused again; a fresh one is removed.
        let put_back = self.reused.is_some()
            && std::fs::symlink_metadata(&self.previous).is_err()
            && std::fs::rename(&self.dir, &self.previous).is_ok();
        if !put_back {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Existing {
    /// What a reused folder holds. Anything but files and folders (a link someone made) is
    /// removed now, so no write can go through it.
    fn scan(dir: &Path) -> Existing {
        let mut existing = Existing::default();
        for entry in walkdir::WalkDir::new(dir).min_depth(1).into_iter().flatten() {
            let rel = crate::slash_path(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
            let kind = entry.file_type();
            if kind.is_dir() {
                existing.dirs.push(rel);
            } else if kind.is_file() {
                existing.files.insert(rel);
            } else {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        existing
    }
}

/// Whether the file at `target` holds exactly `bytes` (read only when the sizes agree, a
/// piece at a time into one buffer: reading whole files into fresh memory cost more than the
/// writes it saves).
fn same_bytes(target: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(target) else { return false };
    if file.metadata().map_or(true, |m| !m.is_file() || m.len() != bytes.len() as u64) {
        return false;
    }
    let mut buffer = [0u8; 16 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buffer[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Clears the way for `path` inside `dir`: files where its folders go, a folder where it goes.
fn make_room(dir: &Path, path: &str) {
    let mut at = dir.to_path_buf();
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let Ok(meta) = std::fs::symlink_metadata(&at) else { return };
        let last = i + 1 == parts.len();
        match (last, meta.is_dir()) {
            (false, false) => {
                let _ = std::fs::remove_file(&at);
                return;
            }
            (true, true) => {
                let _ = std::fs::remove_dir_all(&at);
            }
            _ => {}
        }
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
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(TEMP_PREFIX) && !name.starts_with(PREVIOUS_PREFIX) && e.path().is_dir()
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    /// One build into `out` of `feed.xml`, streamed in `pieces`, and `others` written whole.
    fn build(out: &Path, pieces: &[&str], others: &[&str]) {
        let staging = Staging::begin(out).unwrap();
        for path in others {
            staging.put(path, &OutputFile::Data(b"other".to_vec()), "a test").unwrap();
        }
        let mut file = staging.stream("feed.xml", "the test feed").unwrap();
        for piece in pieces {
            file.push(piece.as_bytes()).unwrap();
        }
        file.finish().unwrap();
        staging.finish().unwrap().wait(std::time::Duration::from_secs(10));
    }

    /// Builds `old` twice, so the next build writes over a folder holding it, then `new`:
    /// the file the second build left, and whether that same file (inode) is now the output's.
    fn rebuild(old: &[&str], new: &[&str]) -> (String, bool) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, old, &[]);
        build(&out, old, &[]);
        let kept = dir.path().join(".puente-build-previous-public/feed.xml");
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), old.concat());
        let inode = std::fs::metadata(&kept).unwrap().ino();
        build(&out, new, &[]);
        let written = std::fs::read_to_string(out.join("feed.xml")).unwrap();
        let untouched = std::fs::metadata(out.join("feed.xml")).unwrap().ino() == inode;
        let names: Vec<String> =
            std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["feed.xml"], "nothing but the file is left in the output");
        (written, untouched)
    }

    #[test]
    fn a_streamed_file_that_did_not_change_is_left_as_it_was() {
        assert_eq!(
            rebuild(&["<feed>", "a", "b", "</feed>"], &["<feed>", "a", "b", "</feed>"]),
            ("<feed>ab</feed>".into(), true)
        );
        // The same bytes in other pieces are the same file.
        assert_eq!(rebuild(&["<feed>", "ab", "</feed>"], &["<feed>a", "b</feed>"]), ("<feed>ab</feed>".into(), true));
    }

    #[test]
    fn a_streamed_file_that_changed_anywhere_is_replaced_whole() {
        for (old, new) in [
            (&["<feed>", "a", "</feed>"][..], &["<feed>", "b", "</feed>"][..]),
            (&["<feed>", "a", "</feed>"], &["<FEED>", "a", "</feed>"]),
            (&["<feed>", "a", "</feed>"], &["<feed>", "a", "</feed>", "\n"]),
            (&["<feed>", "a", "</feed>"], &["<feed>", "a"]),
            (&["<feed>", "a", "</feed>"], &[]),
            (&[], &["<feed>"]),
        ] {
            let (written, untouched) = rebuild(old, new);
            assert_eq!(written, new.concat(), "{old:?} → {new:?}");
            assert!(!untouched, "{old:?} → {new:?} kept the old file");
        }
    }

    #[test]
    fn a_streamed_file_takes_the_place_of_a_folder_of_the_previous_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        staging.put("feed.xml/inside.txt", &OutputFile::Data(b"a folder".to_vec()), "a test").unwrap();
        staging.finish().unwrap().wait(std::time::Duration::from_secs(10));
        build(&out, &["<feed/>"], &[]);
        build(&out, &["<feed/>"], &["inside/feed.xml"]);
        assert_eq!(std::fs::read_to_string(out.join("feed.xml")).unwrap(), "<feed/>");
        assert_eq!(std::fs::read_to_string(out.join("inside/feed.xml")).unwrap(), "other");
    }
}
