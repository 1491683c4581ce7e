use std::path::Path;

use crate::cli::InitArgs;
use crate::init::InitOptions;
use crate::output::print;

use super::{Outcome, resolve};

pub fn run(cwd: &Path, args: &InitArgs) -> anyhow::Result<Outcome> {
    let dir = match &args.dir {
        Some(dir) => resolve(cwd, dir),
        None => cwd.to_path_buf(),
    };
    let options = InitOptions {
        git: !args.no_git,
        identity: crate::git::global_identity(),
    };
    let done = crate::init::init(&dir, &options)?;
    let mut text = String::new();
    if done.git_initialized {
        text.push_str(&format!(
            "initialized a Git repository in {} (the deploy history is its commits)\n",
            dir.display()
        ));
    }
    text.push_str(&format!("created a registry in {} with:\n", dir.display()));
    for path in &done.written {
        text.push_str(&format!("  {path}\n"));
    }
    if done.gitignore_appended {
        text.push_str("added _site/ to .gitignore (the built sites are not committed)\n");
    }
    match &done.person {
        Some(id) => text.push_str(&format!(
            "you are `{id}` in teams.toml (from your Git identity): `milepost new` makes you the owner\n"
        )),
        None => text.push_str(
            "no Git identity found (git config user.email): add yourself under [people] in teams.toml\n",
        ),
    }
    text.push_str("next: commit these files, then `milepost new VERSION` to start a release\n");
    print(&text)?;
    Ok(Outcome::Success)
}
