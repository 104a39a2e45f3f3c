//! The `puente` binary: parse the command line, run it, turn the outcome into an exit code.

// Rendering clones many small JSON values across threads (Tera 1 owns its context); glibc's
// allocator spent a third of a large build in malloc/free under that load, mimalloc far less.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = <puente::cli::Cli as clap::Parser>::parse();
    // `serve` runs for hours. `build` frees the skeletons and the Markdown text (300 MiB at
    // 20,000 pages) before its templates, which do not take that memory again: given back, it
    // is not counted twice in the peak (20 MiB less, and steady from run to run), at no cost
    // in CPU measured. The other commands keep what they free.
    let gives_memory_back = matches!(cli.command, puente::cli::Command::Serve(_) | puente::cli::Command::Build(_));
    if !gives_memory_back {
        keep_freed_memory();
    }
    puente::cli::run(cli).into()
}

/// mimalloc returns freed memory to the OS after 10 ms; `check` then faults the same memory
/// back in (its parse buffers come and go), and the kernel zeroes every page again (4 % of its
/// CPU at 20,000 pages; 14 % of a build's before the build's memory was reworked). A command
/// that ends in seconds keeps it.
fn keep_freed_memory() {
    // `mi_option_purge_delay` in mimalloc 2's option enum; -1 means never purge.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one allocator option; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}
