//! The `kyoto-kg` command: everything it does is in the library, [`kyoto_kg::main`].

fn main() -> std::process::ExitCode {
    kyoto_kg::main()
}
