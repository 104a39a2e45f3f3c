//! The `puente` binary: parse the command line, run it, turn the outcome into an exit code.

// Rendering clones many small JSON values across threads (Tera 1 owns its context); glibc's
// allocator spent a third of a large build in malloc/free under that load, mimalloc far less.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    puente::cli::main()
}
