//! Which file changes matter to the preview. Pure, so that every editor's
//! way of saving can be tested without a file system.

use std::path::Path;

/// What a changed path means for the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A file of the registry (or one of its templates): rebuild.
    Source,
    /// Not ours to watch: the output folder, `.git/`, editors' scratch files.
    Ignored,
}

/// Classifies a changed `path` (absolute) of the registry at `root`, whose
/// built site (if on disk) is in `out`.
pub fn classify(root: &Path, out: Option<&Path>, path: &Path) -> ChangeKind {
    let Ok(rel) = path.strip_prefix(root) else {
        return ChangeKind::Ignored;
    };
    if out.is_some_and(|out| path.starts_with(out)) {
        return ChangeKind::Ignored;
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let Some(name) = parts.last() else {
        return ChangeKind::Ignored;
    };
    if parts
        .iter()
        .any(|p| p == ".git" || p == "_site" || p == "node_modules" || p == "target")
    {
        return ChangeKind::Ignored;
    }
    if is_scratch(name) {
        return ChangeKind::Ignored;
    }
    ChangeKind::Source
}

/// Files editors write while saving: vim's swap and backup files and its
/// `4913` probe, emacs' lock and autosave files, `~` backups, and the
/// temporary files that many editors write before renaming over the target
/// (the rename itself is then reported under the real name).
fn is_scratch(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name == "4913"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.contains(".milepost-")
        || name.starts_with(".milepost")
        || name == ".DS_Store"
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn kind(rel: &str) -> ChangeKind {
        let root = PathBuf::from("/reg");
        classify(&root, Some(&root.join("_out")), &root.join(rel))
    }

    #[test]
    fn registry_files_and_templates_rebuild() {
        assert_eq!(kind("releases/1.0.0/notes.md"), ChangeKind::Source);
        assert_eq!(kind("environments/prod.toml"), ChangeKind::Source);
        assert_eq!(
            kind("site-templates/public/release.html"),
            ChangeKind::Source
        );
        // A new or removed folder matters too.
        assert_eq!(kind("releases/2.0.0"), ChangeKind::Source);
    }

    #[test]
    fn output_git_and_editor_scratch_files_do_not() {
        for rel in [
            "_out/public/index.html",
            "_site/public/index.html",
            ".git/index",
            "releases/1.0.0/.notes.md.swp",
            "releases/1.0.0/notes.md~",
            "releases/1.0.0/4913",
            "releases/1.0.0/.#notes.md",
            "releases/1.0.0/#notes.md#",
            "releases/1.0.0/.release.toml.milepost-42",
        ] {
            assert_eq!(kind(rel), ChangeKind::Ignored, "{rel}");
        }
        assert_eq!(
            classify(Path::new("/reg"), None, Path::new("/elsewhere/x.toml")),
            ChangeKind::Ignored
        );
    }
}
