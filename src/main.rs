//! The `macrolint` command: a thin shell over the library's `check()`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
