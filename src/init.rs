//! The registry that `milepost init` writes: small, commented, and valid.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::schema::SchemaKind;

/// The files of a new registry, relative to its root.
pub fn template_files() -> Vec<(String, &'static str)> {
    let mut files: Vec<(String, &'static str)> = [
        ("milepost.toml", include_str!("init/template/milepost.toml")),
        ("teams.toml", include_str!("init/template/teams.toml")),
        ("calendar.toml", include_str!("init/template/calendar.toml")),
        (
            "environments/staging.toml",
            include_str!("init/template/environments/staging.toml"),
        ),
        (
            "environments/prod.toml",
            include_str!("init/template/environments/prod.toml"),
        ),
        (
            "releases/0.1.0/release.toml",
            include_str!("init/template/releases/0.1.0/release.toml"),
        ),
        (
            "releases/0.1.0/notes.md",
            include_str!("init/template/releases/0.1.0/notes.md"),
        ),
        (
            "releases/0.1.0/internal.md",
            include_str!("init/template/releases/0.1.0/internal.md"),
        ),
        (
            "releases/0.1.0/deploy.md",
            include_str!("init/template/releases/0.1.0/deploy.md"),
        ),
    ]
    .into_iter()
    .map(|(path, text)| (path.to_string(), text))
    .collect();
    // The schemas travel with the registry so that the `#:schema` lines resolve offline.
    for kind in SchemaKind::ALL {
        files.push((format!("schema/{}", kind.file_name()), kind.text()));
    }
    files
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{} already exists; milepost init never overwrites files", .0)]
    Exists(String),
    #[error("cannot write {path}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("cannot start a Git repository in {path}")]
    Git {
        path: String,
        #[source]
        source: crate::git::GitError,
    },
}

/// What `init` is asked to do beyond writing the files.
#[derive(Debug, Default)]
pub struct InitOptions {
    /// Run `git init` there when the folder is not inside a repository yet.
    pub git: bool,
    /// The user's Git identity (name, e-mail): they become the first person
    /// in teams.toml, so that `milepost new` finds its owner by e-mail.
    pub identity: Option<(String, String)>,
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct Initialized {
    /// The files written, relative to the registry.
    pub written: Vec<String>,
    /// `.gitignore` already existed and `_site/` was appended to it.
    pub gitignore_appended: bool,
    pub git_initialized: bool,
    /// The person id the user got in teams.toml.
    pub person: Option<String>,
}

/// The site output that must never be committed by accident.
const IGNORED: &str = "_site/";

/// Writes a new registry into `dir`, refusing if any of its files exists.
pub fn init(dir: &Path, options: &InitOptions) -> Result<Initialized, InitError> {
    let person = options.identity.as_ref().map(|(name, email)| {
        let id = person_id(email, name);
        (id.clone(), person_entry(&id, name, email))
    });
    let mut files: Vec<(String, String)> = template_files()
        .into_iter()
        .map(|(rel, text)| {
            let text = match (&person, rel.as_str()) {
                (Some((_, entry)), "teams.toml") => format!("{text}\n{entry}"),
                _ => text.to_string(),
            };
            (rel, text)
        })
        .collect();
    let gitignore = dir.join(".gitignore");
    let existing_ignore = fs::read_to_string(&gitignore).ok();
    if existing_ignore.is_none() {
        files.push((".gitignore".to_string(), format!("{IGNORED}\n")));
    }
    for (rel, _) in &files {
        let path = dir.join(rel);
        if fs::symlink_metadata(&path).is_ok() {
            return Err(InitError::Exists(path.display().to_string()));
        }
    }
    let mut done = Initialized {
        person: person.map(|(id, _)| id),
        ..Initialized::default()
    };
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    // Only outside every repository: a folder inside one it cannot read
    // (a SHA-256 one) must not get a repository of its own.
    let outside = matches!(
        crate::git::GitRepo::discover(dir),
        Err(crate::git::GitError::NotARepository(_))
    );
    if options.git && outside {
        crate::git::GitRepo::init(dir).map_err(|source| InitError::Git {
            path: dir.display().to_string(),
            source,
        })?;
        done.git_initialized = true;
    }
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        // create_new: a file that appeared since the check above is still not overwritten.
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io_error(&path))?;
        file.write_all(text.as_bytes()).map_err(io_error(&path))?;
        done.written.push(rel);
    }
    if let Some(existing) = existing_ignore
        && !existing
            .lines()
            .any(|l| matches!(l.trim(), "_site" | "_site/" | "/_site" | "/_site/"))
    {
        let mut file = fs::OpenOptions::new()
            .append(true)
            .open(&gitignore)
            .map_err(io_error(&gitignore))?;
        let newline = if existing.is_empty() || existing.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        file.write_all(format!("{newline}{IGNORED}\n").as_bytes())
            .map_err(io_error(&gitignore))?;
        done.gitignore_appended = true;
    }
    Ok(done)
}

fn io_error(path: &Path) -> impl Fn(io::Error) -> InitError + '_ {
    move |source| InitError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A person id from an e-mail's local part (or the name): lowercase letters,
/// digits, `-` and `_`, as teams.toml requires; never one the template uses.
pub fn person_id(email: &str, name: &str) -> String {
    let slug = |text: &str| {
        let mut id = String::new();
        for c in text.chars() {
            match c.to_ascii_lowercase() {
                c @ ('a'..='z' | '0'..='9' | '_') => id.push(c),
                _ if !id.is_empty() && !id.ends_with('-') => id.push('-'),
                _ => {}
            }
        }
        id.trim_end_matches('-').to_string()
    };
    let local = email.split('@').next().unwrap_or_default();
    let id = [slug(local), slug(name)]
        .into_iter()
        .find(|id| !id.is_empty() && !id.starts_with('_'))
        .unwrap_or_else(|| "me".to_string());
    if matches!(id.as_str(), "alex" | "sam") {
        format!("{id}-1")
    } else {
        id
    }
}

fn person_entry(id: &str, name: &str, email: &str) -> String {
    format!(
        "# You, from your Git identity: `milepost new` makes you the owner.\n\
         [people.{id}]\n\
         name = {}\n\
         email = {}\n\
         teams = [\"dev\"]\n",
        toml_edit::Value::from(name),
        toml_edit::Value::from(email),
    )
}

#[cfg(test)]
mod tests;
