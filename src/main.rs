//! The `kyoto-kg` command: everything it does is in the library, [`kyoto_kg::main`].

/// mimalloc instead of the system allocator: a build allocates and frees millions of small
/// strings and index keys, and glibc's `malloc` and `free` were about 30% of the CPU time of a
/// build on disk at 10^6 triples (docs/scale.md). The library leaves the choice to whoever
/// embeds it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kyoto_kg::main()
}
