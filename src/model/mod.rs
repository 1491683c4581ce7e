//! The registry as typed data: every file that parsed and matched its schema,
//! with its source kept so that later checks can point into it, its rules
//! read once ([`rules`]), and the views derived from it with the history
//! (what runs where, what waits, what a release still needs, metrics).

pub mod calendar;
pub mod checklist;
pub mod links;
pub mod metrics;
pub mod promotion;
pub mod publication;
pub mod rules;
pub mod status;

use std::collections::BTreeMap;
use std::path::PathBuf;

use semver::Version;

use crate::diagnostic::{Diagnostic, Severity};
use crate::files::{
    Calendar, EnvironmentFile, IncidentFile, Policy, ReleaseFile, Settings, TeamsFile,
};
use crate::parse::SpanMap;
use crate::source::SourceFile;

/// A parsed file: its typed content, its text, and where each value was written.
#[derive(Debug, Clone)]
pub struct Doc<T> {
    pub source: SourceFile,
    pub spans: SpanMap,
    pub data: T,
}

impl<T> Doc<T> {
    /// An error pointing at the value at `pointer` (e.g. `/owner`).
    pub fn error_at(
        &self,
        pointer: &str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.at(Severity::Error, pointer, code, message)
    }

    pub fn warning_at(
        &self,
        pointer: &str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.at(Severity::Warning, pointer, code, message)
    }

    /// At the value at `pointer`; a field that is not in the file at all
    /// makes it a problem of the whole file, with a note saying so, rather
    /// than one of whatever line comes first.
    fn at(
        &self,
        severity: Severity,
        pointer: &str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let top_level = pointer.rfind('/') == Some(0);
        if top_level && !self.spans.contains(pointer) {
            let field = crate::schema::display_path(pointer);
            return Diagnostic::whole_file(severity, self.source.path.clone(), code, message)
                .with_note(format!("{} has no `{field}` line", self.source.path));
        }
        Diagnostic::at(
            severity,
            &self.source,
            self.spans.value(pointer),
            code,
            message,
        )
    }
}

/// A release folder.
#[derive(Debug, Clone)]
pub struct Release {
    pub folder: String,
    /// `None` when the version is not semver (already reported).
    pub version: Option<Version>,
    pub doc: Doc<ReleaseFile>,
    pub notes: Option<SourceFile>,
    pub internal: Option<SourceFile>,
    pub deploy: Option<SourceFile>,
    /// Images and documents beside the notes, by name.
    pub attachments: Vec<crate::load::Asset>,
}

impl Release {
    pub fn id(&self) -> &str {
        &self.doc.data.version
    }
}

#[derive(Debug, Default, Clone)]
pub struct Registry {
    pub root: PathBuf,
    pub settings: Option<Doc<Settings>>,
    pub teams: Option<Doc<TeamsFile>>,
    pub calendar: Option<Doc<Calendar>>,
    pub environments: BTreeMap<String, Doc<EnvironmentFile>>,
    /// Ordered by version, oldest first; releases with non-semver versions last.
    pub releases: Vec<Release>,
    pub incidents: BTreeMap<String, Doc<IncidentFile>>,
    /// The policies and freeze windows, read once the files are in.
    pub rules: rules::Rules,
    /// Release id → index into `releases`, built once they are ordered.
    pub(crate) release_index: std::collections::HashMap<String, usize>,
    /// Files that exist but could not be read or typed (already reported):
    /// names they define are not reported again as unknown.
    pub unusable: std::collections::BTreeSet<crate::load::FileKind>,
    /// The file `[site] favicon` names, as read.
    pub favicon: Option<crate::load::FaviconFile>,
    /// The Markdown files of release folders, until they join their release.
    pub(crate) loose_markdown: Vec<(MarkdownRole, String, SourceFile)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkdownRole {
    Notes,
    Internal,
    Deploy,
}

impl Registry {
    /// The policies of milepost.toml, or the defaults without one. Borrowed:
    /// it is asked for per release and environment, and a copy of every
    /// environment's policy each time dominated big builds.
    pub fn policy(&self) -> &Policy {
        static DEFAULT: std::sync::LazyLock<Policy> = std::sync::LazyLock::new(Policy::default);
        self.settings.as_ref().map_or(&*DEFAULT, |s| &s.data.policy)
    }

    pub fn release(&self, version: &str) -> Option<&Release> {
        match self.release_index.get(version) {
            Some(&i) => self.releases.get(i).filter(|r| r.id() == version),
            // Releases added after `finish` (tests build registries by hand).
            None => self.releases.iter().find(|r| r.id() == version),
        }
    }

    pub fn has_person(&self, id: &str) -> bool {
        self.teams
            .as_ref()
            .is_some_and(|t| t.data.people.contains_key(id))
    }

    pub fn has_team(&self, id: &str) -> bool {
        self.teams
            .as_ref()
            .is_some_and(|t| t.data.teams.contains_key(id))
    }

    pub fn person_ids(&self) -> impl Iterator<Item = &str> {
        self.teams
            .iter()
            .flat_map(|t| t.data.people.keys().map(String::as_str))
    }

    /// The people whose approval counts for deploys to `env`: members of the
    /// policy's approver teams, or anyone in teams.toml if it names none.
    pub fn approvers_of(&self, env: &str) -> &std::collections::BTreeSet<String> {
        &self.rules.of(env).approvers
    }

    /// The tier of environment `env`, if there is such an environment.
    pub fn tier_of(&self, env: &str) -> Option<crate::files::Tier> {
        self.environments.get(env).map(|d| d.data.tier)
    }

    /// Whether `env` is a production-tier environment: where customers are.
    pub fn is_production(&self, env: &str) -> bool {
        self.tier_of(env) == Some(crate::files::Tier::Production)
    }

    /// Whether any environment is production-tier.
    pub fn has_production(&self) -> bool {
        self.environments
            .values()
            .any(|d| d.data.tier == crate::files::Tier::Production)
    }

    pub fn team_ids(&self) -> impl Iterator<Item = &str> {
        self.teams
            .iter()
            .flat_map(|t| t.data.teams.keys().map(String::as_str))
    }

    /// Joins Markdown files to their releases and orders the releases.
    /// Markdown in a folder without a usable release.toml is reported here.
    pub(crate) fn finish(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        let loose = std::mem::take(&mut self.loose_markdown);
        let mut by_folder: BTreeMap<String, usize> = BTreeMap::new();
        for (i, release) in self.releases.iter().enumerate() {
            by_folder.insert(release.folder.clone(), i);
        }
        let mut orphans = BTreeMap::new();
        for (role, folder, file) in loose {
            match by_folder.get(&folder) {
                Some(&i) => {
                    let release = &mut self.releases[i];
                    let slot = match role {
                        MarkdownRole::Notes => &mut release.notes,
                        MarkdownRole::Internal => &mut release.internal,
                        MarkdownRole::Deploy => &mut release.deploy,
                    };
                    *slot = Some(file);
                }
                None => {
                    orphans.entry(folder).or_insert(file.path);
                }
            }
        }
        for (folder, _) in orphans {
            let path = format!("releases/{folder}/release.toml");
            if !self.root.join(&path).exists() {
                diagnostics.push(
                    Diagnostic::whole_file(
                        Severity::Error,
                        path,
                        "missing-file",
                        format!("release folder `{folder}` has no release.toml"),
                    )
                    .with_help("every release folder needs a release.toml; `milepost new VERSION` writes one"),
                );
            }
        }
        self.releases
            .sort_by(|a, b| match (&a.version, &b.version) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.folder.cmp(&b.folder),
            });
        self.release_index.clear();
        for (i, release) in self.releases.iter().enumerate() {
            // The first of two with one version, as a search would find it.
            self.release_index
                .entry(release.id().to_string())
                .or_insert(i);
        }
        self.rules = rules::Rules::new(
            self.policy(),
            self.teams.as_ref().map(|t| &t.data),
            self.calendar
                .as_ref()
                .map_or(&[], |c| c.data.freeze.as_slice()),
        );
        self.rules.production = self
            .environments
            .iter()
            .filter(|(_, d)| d.data.tier == crate::files::Tier::Production)
            .map(|(id, _)| id.clone())
            .collect();
    }
}
