//! `SiteTest`: a site in a temporary folder, the real binary, and readers for what it wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_puente");
pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

pub struct SiteTest {
    pub dir: tempfile::TempDir,
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn assert_ok(&self) -> &Run {
        assert_eq!(self.code, 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// Exit code `code`, a message that names `place`, and never a panic.
    #[track_caller]
    pub fn assert_error(&self, code: i32, place: &str) -> &Run {
        assert_eq!(self.code, code, "wrong exit code\nstderr:\n{}", self.stderr);
        assert!(self.stderr.contains(place), "the error does not name `{place}`:\n{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        assert!(!self.stderr.contains("RUST_BACKTRACE"), "panic:\n{}", self.stderr);
        self
    }
}

impl SiteTest {
    /// A copy of a fixture site from tests/sites/.
    pub fn fixture(name: &str) -> SiteTest {
        let site = SiteTest::empty();
        copy_dir(&Path::new(REPO).join("tests/sites").join(name), site.root());
        site
    }

    pub fn empty() -> SiteTest {
        SiteTest { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &SiteTest {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &SiteTest {
        std::fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--root", self.root().to_str().unwrap()];
        all.extend_from_slice(args);
        run_in(self.root(), &all)
    }

    pub fn build(&self) -> Run {
        self.run(&["build", "--color", "never"])
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    Run::from(Command::new(BIN).args(args).current_dir(dir).env("NO_COLOR", "1").output().expect("run puente"))
}

/// Runs the binary as a user whom file permissions bind (see `unprivileged_command`).
pub fn run_unprivileged(dir: &Path, args: &[&str]) -> Run {
    let output = unprivileged_command()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("setpriv (util-linux) runs puente without root's file access");
    Run::from(output)
}

/// The binary, to be run as a user whom file permissions bind. Under root (CI's containers)
/// that means dropping the two capabilities that let root read and write any file, with
/// util-linux's `setpriv`; any other user is bound already.
pub fn unprivileged_command() -> Command {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Command::new(BIN);
    }
    let mut setpriv = Command::new("setpriv");
    setpriv.args(["--bounding-set", "-dac_override,-dac_read_search", "--", BIN]);
    setpriv
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file of a folder, path → bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The bundled site built once per test binary (the build is the slow part).
pub fn bundled_output() -> &'static Path {
    use std::sync::OnceLock;
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        run_in(Path::new(REPO), &["build", "--root", REPO, "--out", out.to_str().unwrap()]).assert_ok();
        dir
    })
    .path()
    .join("public")
    .leak()
}
