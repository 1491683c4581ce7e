use super::*;

/// The notes.md that `milepost import` writes: the changelog's section.
const IMPORTED_NOTES: &str = "### Added\n\n\
    - Add `--foo` flag ([#12](https://github.com/x/y/pull/12))\n  \
      - with a nested detail\n\
    - Export to *Parquet*,\n  wrapped onto a second line\n\n\
    ### ⚠ BREAKING CHANGES\n\n\
    - Drop the v1 API\n";

#[test]
fn notes_that_list_every_change_cover_them() {
    assert!(lists_every(
        IMPORTED_NOTES,
        &[
            "Add `--foo` flag ([#12](https://github.com/x/y/pull/12))",
            "Export to *Parquet*, wrapped onto a second line",
            "Breaking: Drop the v1 API",
        ],
    ));
    // Case and whitespace do not count; the markup does not either.
    assert!(lists_every(
        IMPORTED_NOTES,
        &["add --foo   FLAG (#12)", "with a nested detail"]
    ));
}

#[test]
fn one_change_the_notes_leave_out_keeps_them_all_listed() {
    assert!(!lists_every(
        IMPORTED_NOTES,
        &[
            "Add `--foo` flag ([#12](https://github.com/x/y/pull/12))",
            "Patched TLS"
        ],
    ));
    // A word of the notes is not a listed change: the whole block must match.
    assert!(!lists_every(IMPORTED_NOTES, &["Export"]));
    assert!(!lists_every(
        "# Highlights\n\nReports are **here**.\n",
        &["Reports"]
    ));
    // `Breaking:` is taken off only at the start.
    assert!(!lists_every(IMPORTED_NOTES, &["Drop the v1 API Breaking:"]));
}

#[test]
fn empty_notes_or_no_changes_cover_nothing() {
    assert!(!lists_every("", &["Reports"]));
    assert!(!lists_every("\n\n<!-- nothing -->\n", &["Reports"]));
    assert!(!lists_every(IMPORTED_NOTES, &[]));
}
