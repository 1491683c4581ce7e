//! The ids of the changes on a public release page. People link to one
//! change ("see the fix for exports"), so its id comes from what it says,
//! not from where it stands: reordering the changes or adding one keeps
//! every link.

use std::collections::HashSet;

use crate::site::markdown;

/// Gives out `<kind>-<slug of the summary>` ids, unique on one page: a
/// second change with the same kind and words gets `-2`, in the order the
/// changes are written.
#[derive(Default)]
pub struct ChangeIds {
    seen: HashSet<String>,
}

impl ChangeIds {
    pub fn id(&mut self, kind: &str, summary: &str) -> String {
        let base = format!(
            "{kind}-{}",
            markdown::slug(&markdown::inline_plain_text(summary))
        );
        let mut id = base.clone();
        let mut n = 1;
        while !self.seen.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::ChangeIds;

    #[test]
    fn ids_come_from_the_words_and_stay_unique() {
        let mut ids = ChangeIds::default();
        assert_eq!(
            ids.id("added", "Export to **Parquet** (`.parquet`)"),
            "added-export-to-parquet-parquet"
        );
        assert_eq!(
            ids.id("fixed", "Export to Parquet"),
            "fixed-export-to-parquet"
        );
        assert_eq!(
            ids.id("fixed", "Export to Parquet"),
            "fixed-export-to-parquet-2"
        );
        assert_eq!(ids.id("fixed", "<\"'>\r\n"), "fixed-section");
        assert_eq!(ids.id("fixed", "!!"), "fixed-section-2");
    }
}
