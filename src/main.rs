//! The `polypress` binary: a thin layer over the library. `cli` parses arguments, runs the
//! command and turns its outcome into an exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
