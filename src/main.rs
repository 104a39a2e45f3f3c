//! The `puente` binary: parse the command line, run it, turn the outcome into an exit code.

// Rendering clones many small JSON values across threads (Tera 1 owns its context); glibc's
// allocator spent a third of a large build in malloc/free under that load, mimalloc far less.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = <puente::cli::Cli as clap::Parser>::parse();
    if !matches!(cli.command, puente::cli::Command::Serve(_)) {
        keep_freed_memory();
    }
    puente::cli::run(cli).into()
}

/// mimalloc returns freed memory to the OS after 10 ms; a build then faults the same memory
/// back in, and the kernel zeroes every page again (14 % of a 20,000-page build's CPU). A
/// command that ends in seconds keeps it; `serve` runs for hours and gives it back.
fn keep_freed_memory() {
    // `mi_option_purge_delay` in mimalloc 2's option enum; -1 means never purge.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one allocator option; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}
