use std::process::ExitCode;

use clap::Parser;
use milepost::cli::Cli;

/// Rendering a site allocates and frees millions of small values from
/// several threads at once, which glibc's allocator serialises on its arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // Help and --version are successes; bad arguments are exit 2.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match milepost::cmd::run(cli) {
        Ok(outcome) => outcome.into(),
        Err(err) => {
            eprintln!("error: {}", milepost::cmd::error_text(&err));
            ExitCode::from(2)
        }
    }
}
