//! Files the sites publish as they are: the images and documents beside a
//! release's notes, and the favicon `[site] favicon` names. They are read
//! as bytes, never as text, with the same refusal of links that leave the
//! registry as every other file.

use std::path::{Component, Path};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};

/// What may sit beside notes.md and be published with it, with the media
/// type a server gives it.
pub const ATTACHMENT_TYPES: [(&str, &str); 7] = [
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("svg", "image/svg+xml"),
    ("webp", "image/webp"),
    ("pdf", "application/pdf"),
];

/// What a favicon may be.
pub const FAVICON_TYPES: [&str; 3] = ["svg", "png", "ico"];

/// An attachment is published as it is, so the cap of every registry file
/// holds for it too.
pub const MAX_ATTACHMENT_BYTES: u64 = super::MAX_FILE_BYTES;

/// Browsers fetch the favicon with every first visit; a big one only slows
/// each page down.
pub const MAX_FAVICON_BYTES: u64 = 100 * 1024;

/// An attachment of a release folder.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The release folder's name.
    pub folder: String,
    /// The file's name, also its name on the sites.
    pub name: String,
    /// Relative to the registry root.
    pub path: String,
    pub bytes: Arc<[u8]>,
}

/// The favicon `[site] favicon` names: its bytes, or why it cannot be used.
#[derive(Debug, Clone)]
pub struct FaviconFile {
    /// As written in milepost.toml.
    pub path: String,
    pub bytes: Result<Arc<[u8]>, String>,
}

/// The extension of `name`, lower-cased.
pub fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// Whether a file of a release folder is one the notes may show or link.
pub fn is_attachment(name: &str) -> bool {
    extension(name).is_some_and(|ext| ATTACHMENT_TYPES.iter().any(|(e, _)| *e == ext))
}

/// Names that are the same in a URL, on every file system and in a shell:
/// letters, digits, `.`, `-` and `_`, starting with a letter or digit.
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && !name.contains("..")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

pub fn read_attachment(
    root: &Path,
    rel: &str,
    folder: String,
    name: String,
) -> Result<Asset, Diagnostic> {
    if !is_safe_name(&name) {
        return Err(Diagnostic::whole_file(
            Severity::Error,
            rel,
            "attachment-name",
            "this attachment's name cannot be published as it is",
        )
        .with_help(
            "rename it with letters, digits, `.`, `-` and `_` only, starting with a letter or digit",
        ));
    }
    let bytes = super::read_bytes(root, rel, MAX_ATTACHMENT_BYTES)?;
    Ok(Asset {
        folder,
        name,
        path: rel.to_string(),
        bytes: bytes.into(),
    })
}

/// The favicon the settings name, read if it may be; `None` when they name none.
pub fn read_favicon(root: &Path, settings_text: &str) -> Option<FaviconFile> {
    let doc = settings_text.parse::<toml_edit::DocumentMut>().ok()?;
    let path = doc.get("site")?.get("favicon")?.as_str()?.to_string();
    let bytes = favicon_bytes(root, &path);
    Some(FaviconFile { path, bytes })
}

fn favicon_bytes(root: &Path, path: &str) -> Result<Arc<[u8]>, String> {
    let inside = !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Err(
            "the favicon must be a path inside the registry, relative to milepost.toml, without `..`"
                .into(),
        );
    }
    if !extension(path).is_some_and(|ext| FAVICON_TYPES.contains(&ext.as_str())) {
        return Err(format!(
            "a favicon is an image of type {}",
            FAVICON_TYPES.join(", ")
        ));
    }
    let full = root.join(path);
    // A folder on the way may be a link: the file's real place decides.
    match full.canonicalize() {
        Ok(real) if real.starts_with(root) => {}
        Ok(real) => {
            return Err(format!(
                "{path} leads outside the registry (to {}); it was not read",
                real.display()
            ));
        }
        Err(err) => return Err(format!("cannot read {path}: {err}")),
    }
    super::read_bytes(root, path, MAX_FAVICON_BYTES)
        .map(Into::into)
        .map_err(|d| d.message)
}

/// `10485760` → `10 MiB`.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_are_known_by_their_extension() {
        assert!(is_attachment("shot.png"));
        assert!(is_attachment("Shot.PNG"));
        assert!(is_attachment("spec.pdf"));
        assert!(!is_attachment("tool.exe"));
        assert!(!is_attachment("page.html"));
        assert!(!is_attachment(".png"));
        assert!(!is_attachment("png"));
    }

    #[test]
    fn only_plain_names_are_safe() {
        assert!(is_safe_name("export-dialog_2.png"));
        for bad in [
            "",
            "a b.png",
            "..png",
            "a..png",
            ".hidden.png",
            "-x.png",
            "a\u{1}.png",
            "é.png",
            "a%2f.png",
            "a\"b.png",
        ] {
            assert!(!is_safe_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_favicon_stays_inside_the_registry() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("icon.svg"), "<svg/>").unwrap();
        assert!(favicon_bytes(&root, "icon.svg").is_ok());
        for bad in [
            "../icon.svg",
            "/etc/icon.svg",
            "a/../icon.svg",
            "",
            "icon.gif",
        ] {
            assert!(favicon_bytes(&root, bad).is_err(), "{bad}");
        }
        assert!(
            favicon_bytes(&root, "missing.png")
                .unwrap_err()
                .contains("missing.png")
        );
        std::fs::write(
            root.join("big.ico"),
            vec![0u8; MAX_FAVICON_BYTES as usize + 1],
        )
        .unwrap();
        assert!(
            favicon_bytes(&root, "big.ico")
                .unwrap_err()
                .contains("100 KiB")
        );
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(10 * 1024 * 1024), "10 MiB");
        assert_eq!(human_size(100 * 1024), "100 KiB");
        assert_eq!(human_size(7), "7 bytes");
    }
}
