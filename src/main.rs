//! The `jamstat` binary: parse the command line, run, print the error chain
//! once, exit 0 on success and 1 on a data or usage error.

use std::process::ExitCode;

fn main() -> ExitCode {
    match jamstat::cli::main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
