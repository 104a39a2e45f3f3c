//! Writing the tree: into a fresh folder beside the output, then swapped in.
//!
//! The swap is one `renameat2(RENAME_EXCHANGE)` on Linux, so readers (and a static host) see the
//! old site or the new one, never a mix; on any error before the swap the temporary folder is
//! removed and the previous output is untouched (SPEC §2).

use super::tree::{OutputFile, OutputTree};
use crate::diagnostics::{Location, Problem};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

pub const TEMP_PREFIX: &str = ".puente-build-";

pub fn write(tree: &OutputTree, out: &Path) -> Result<(), Problem> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let failed = |what: &str, err: &std::io::Error| {
        Problem::new(format!("cannot write the output ({what}): {}", crate::io_reason(err)))
            .at(Location::file(crate::slash_path(out)))
            .hint(
                "check that the output folder's parent exists and is writable; the previous output was left as it was",
            )
    };
    std::fs::create_dir_all(&parent).map_err(|e| failed("creating its parent folder", &e))?;
    let temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempdir_in(&parent)
        .map_err(|e| failed("creating a temporary folder", &e))?;
    let staging = temp.path();

    let dirs: BTreeSet<&str> = tree.files.keys().filter_map(|p| p.rsplit_once('/').map(|(dir, _)| dir)).collect();
    for dir in &dirs {
        std::fs::create_dir_all(staging.join(dir)).map_err(|e| failed("creating folders", &e))?;
    }
    tree.files
        .par_iter()
        .try_for_each(|(path, file)| -> std::io::Result<()> {
            let target = staging.join(path);
            match file {
                OutputFile::Data(bytes) => std::fs::write(target, bytes),
                OutputFile::Copy(source) => std::fs::copy(source, target).map(|_| ()),
            }
        })
        .map_err(|e| failed("writing files", &e))?;
    set_public_permissions(staging).map_err(|e| failed("setting permissions", &e))?;

    if out.exists() {
        exchange(staging, out).map_err(|e| failed("replacing the previous output", &e))?;
        // `temp` now holds the previous output and is removed when dropped.
    } else {
        let staging = temp.keep();
        std::fs::rename(&staging, out).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            failed("moving the new output in place", &e)
        })?;
    }
    Ok(())
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
