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
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
}

/// Writes a new registry into `dir`, refusing if any of its files exists.
/// Returns the paths written.
pub fn init(dir: &Path) -> Result<Vec<String>, InitError> {
    let files = template_files();
    for (rel, _) in &files {
        let path = dir.join(rel);
        if fs::symlink_metadata(&path).is_ok() {
            return Err(InitError::Exists(path.display().to_string()));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        let io_error = |source| InitError::Io {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error)?;
        }
        // create_new: a file that appeared since the check above is still not overwritten.
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io_error)?;
        file.write_all(text.as_bytes()).map_err(io_error)?;
        written.push(rel);
    }
    fs::create_dir_all(dir.join("incidents")).map_err(|source| InitError::Io {
        path: dir.join("incidents").display().to_string(),
        source,
    })?;
    Ok(written)
}
