use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::output::print;

use super::Outcome;

pub const HELP: &str = "Examples:\n  \
    source <(milepost completions bash)                      (this shell only)\n  \
    milepost completions bash > ~/.local/share/bash-completion/completions/milepost\n  \
    milepost completions zsh > ~/.zfunc/_milepost             (with fpath+=~/.zfunc)\n  \
    milepost completions fish > ~/.config/fish/completions/milepost.fish\n  \
    milepost completions powershell >> $PROFILE\n  \
    milepost completions elvish >> ~/.config/elvish/rc.elv";

pub fn run(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "milepost", &mut script);
    print(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Success)
}
