//! One judgement of a registry at a moment: the typed registry, its deploy
//! history, and every finding about them — files, references, the deploy
//! rules and the rules that depend on the time. Every command that reports,
//! renders or changes what runs where starts here, so that `check`, the
//! sites, `deploy`, `announce`, `status` and `metrics` cannot disagree.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub(crate) mod base;
mod renames;
mod review;

use anyhow::Context;
use jiff::Timestamp;

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::git::{GitError, GitRepo};
use crate::history::{DeployEvent, History};
use crate::model::Registry;
use crate::model::rules::Rules;
use crate::policy::{self, DeployFinding, Runs, Timeline, Verdict};
use crate::validate::Checked;

/// What to judge.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub now: Option<Timestamp>,
    /// Pull-request mode: the deploys that HEAD and the work tree make
    /// since the merge base of this revision and HEAD are proposed.
    pub base: Option<String>,
    /// The history up to this revision instead of HEAD (`status --rev`).
    pub rev: Option<String>,
    /// Outside a Git repository: `Optional` judges without a history (with
    /// a warning), `Required` is an error.
    pub history: HistoryNeed,
    /// The warning about a missing repository was given already (`serve`
    /// judges again on every save).
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HistoryNeed {
    #[default]
    Optional,
    Required,
}

/// The registry, its history and everything found about them.
pub struct Judgement {
    pub registry: Registry,
    pub history: History,
    /// The deploys judged: the history, then the proposed ones.
    pub timeline: Timeline,
    /// The deploy rules' findings, each tied to its deploy in `timeline`.
    pub findings: Vec<DeployFinding>,
    /// Every finding, the deploy rules' included, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    pub now: Timestamp,
    /// The errors of the files themselves (unreadable, not matching their
    /// schema, unresolved references): nothing may be built or announced
    /// from files with these.
    pub file_errors: Vec<Diagnostic>,
    /// (environment, release) → indexes into `findings`, for every pair
    /// with a deploy in the timeline (so that per-release views stay
    /// linear in the size of the registry).
    by_deploy: HashMap<(String, String), Vec<usize>>,
    /// Release folder → indexes into `diagnostics` of the files in it.
    by_folder: HashMap<String, Vec<usize>>,
}

/// Loads, validates and judges the registry at `root`.
pub fn judge(root: &Path, request: &Request) -> anyhow::Result<Judgement> {
    let checked = crate::check_registry(root);
    judge_checked(root, checked, request)
}

/// As [`judge`], for files already validated (`serve` keeps a parse cache).
pub fn judge_checked(
    root: &Path,
    checked: Checked,
    request: &Request,
) -> anyhow::Result<Judgement> {
    let now = request.now.unwrap_or_else(Timestamp::now);
    let repo = match GitRepo::discover(root) {
        Ok(repo) => Some(repo),
        Err(GitError::NotARepository(_))
            if request.history == HistoryNeed::Optional && request.base.is_none() =>
        {
            if !request.quiet {
                eprintln!(
                    "warning: not in a Git repository, so deploys are not judged (the history comes from commits)"
                );
            }
            None
        }
        Err(err @ GitError::NotARepository(_)) if request.base.is_some() => {
            return Err(err).context("`--base` judges the deploys of commits");
        }
        Err(err @ GitError::NotARepository(_)) => {
            return Err(err).context("the deploy history comes from the registry's Git commits");
        }
        // The others (a SHA-256 repository, a broken one) say enough alone.
        Err(err) => return Err(err.into()),
    };
    let Some(repo) = repo else {
        return Ok(Judgement::new(
            checked,
            History::default(),
            Deploys::Unknown,
            now,
        ));
    };
    // Renamed environments keep their history: their former ids' deploys
    // are theirs.
    let renames = renames::declared(&checked.registry);
    let history = crate::history::with_renames(
        crate::cmd::load_history(&repo, request.rev.clone())?,
        &renames,
    );
    let Some(base) = &request.base else {
        return Ok(Judgement::new(checked, history, Deploys::History, now));
    };
    review(&repo, base, checked, history, &renames, now)
}

/// Pull-request mode: what the branch changes since it left `base`, judged
/// against `base` as it is now — its history, the renames and the rules
/// its files declare — and by the branch's own rules.
fn review(
    repo: &GitRepo,
    base: &str,
    checked: Checked,
    history: History,
    renames: &BTreeMap<String, String>,
    now: Timestamp,
) -> anyhow::Result<Judgement> {
    let fork = base::fork(repo, base)?;
    let tip = base::environments_at(repo, fork.tip)?;
    let at_fork = if fork.fork == fork.tip {
        tip.clone()
    } else {
        base::environments_at(repo, fork.fork)?
    };
    // The base's renames, not the branch's: a new `formerly` claim cannot
    // borrow another id's past (a "rollback" to what ran there) in the
    // same change.
    let tip_renames = base::renames_of(&tip);
    let base_history = crate::history::with_renames(
        crate::cmd::load_history(repo, Some(fork.tip.to_string()))?,
        &tip_renames,
    );
    // The base's rules too, followed through renames and new environments:
    // a pull request that loosens a policy, drops a freeze, lowers a tier,
    // joins an approver team or renames an environment is held to the old
    // rules until it has merged.
    let mut base_rules = base::rules_at(repo, fork.tip, &tip)?;
    if let Some(rules) = &mut base_rules {
        for (env, doc) in &checked.registry.environments {
            if tip.contains_key(env) {
                continue;
            }
            let mut claimed: Vec<String> = renames
                .iter()
                .filter(|(from, to)| *to == env && tip.contains_key(*from))
                .map(|(from, _)| from.clone())
                .collect();
            if claimed.is_empty() {
                claimed = tip
                    .iter()
                    .filter(|(_, e)| e.tier == Some(doc.data.tier))
                    .map(|(id, _)| id.clone())
                    .collect();
            }
            rules.adopt(env, &claimed);
        }
    }
    let proposed = review::proposals(&checked.registry, &at_fork, &tip, &base_history, now);
    let claims = review::claimed_times(&checked.registry, &at_fork, &base_history, now);
    let deploys = Deploys::Review {
        base: &base_history,
        proposed: &proposed,
        rules: base_rules.as_ref(),
    };
    let mut judgement = Judgement::new(checked, history, deploys, now);
    judgement.add(claims);
    if &tip_renames != renames {
        judgement.add(renames::renames_changed(&judgement.registry, &tip_renames));
    }
    Ok(judgement)
}

/// Which deploys to judge.
#[derive(Debug, Clone, Copy)]
pub enum Deploys<'a> {
    /// No history to judge them by (not a Git repository): none.
    Unknown,
    /// The whole history as past deploys, and the environment files'
    /// uncommitted changes as proposed ones.
    History,
    /// Pull-request mode, with the history at the merge base: the
    /// environment files as they are now are proposed deploys against it.
    Review {
        base: &'a History,
        /// The deploys the pull request makes.
        proposed: &'a [DeployEvent],
        /// The rules at the merge base, which the proposed deploys must
        /// also keep; `None` when the base had no readable milepost.toml.
        rules: Option<&'a Rules>,
    },
}

impl Judgement {
    /// Judges `checked` with `history`, its deploys as `deploys` says.
    pub fn new(
        checked: Checked,
        history: History,
        deploys: Deploys<'_>,
        now: Timestamp,
    ) -> Judgement {
        let Checked {
            registry,
            diagnostics: mut all,
        } = checked;
        let file_errors = all
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        let timeline = match deploys {
            Deploys::Unknown => Timeline::default(),
            Deploys::History => Timeline::of_history(&history, &registry, now),
            Deploys::Review { base, proposed, .. } => Timeline::of_review(base, proposed),
        };
        let mut findings = policy::judge(&registry, &timeline);
        if let Deploys::Review {
            rules: Some(rules), ..
        } = deploys
        {
            for mut extra in policy::judge_by(&registry, rules, &timeline) {
                let known = findings.iter().any(|f| {
                    f.event == extra.event
                        && f.diagnostic.code == extra.diagnostic.code
                        && f.diagnostic.message == extra.diagnostic.message
                });
                if !known {
                    extra.diagnostic = extra.diagnostic.with_note(
                        "by the rules before this pull request: its own changes to them apply once it has merged",
                    );
                    findings.push(extra);
                }
            }
        }
        all.extend(findings.iter().map(|f| f.diagnostic.clone()));
        all.extend(policy::timely::incidents(&registry, now));
        all.extend(renames::rename_hints(&registry, &history));
        if !matches!(deploys, Deploys::Unknown) {
            // What runs where comes from the history: without one, nothing
            // can be said about what customers were told when.
            all.extend(policy::timely::communication(&registry, &history, now));
        }
        diagnostic::sort(&mut all);
        let mut by_deploy: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for e in &timeline.events {
            by_deploy
                .entry((e.environment.clone(), e.release.clone()))
                .or_default();
        }
        for (i, f) in findings.iter().enumerate() {
            let e = &timeline.events[f.event];
            by_deploy
                .entry((e.environment.clone(), e.release.clone()))
                .or_default()
                .push(i);
        }
        Judgement {
            by_deploy,
            by_folder: folders_of(&all),
            registry,
            history,
            timeline,
            findings,
            diagnostics: all,
            now,
            file_errors,
        }
    }

    pub fn has_errors(&self) -> bool {
        diagnostic::has_errors(&self.diagnostics)
    }

    /// Adds findings that need more than the registry and one history.
    fn add(&mut self, found: Vec<Diagnostic>) {
        self.diagnostics.extend(found);
        diagnostic::sort(&mut self.diagnostics);
        self.by_folder = folders_of(&self.diagnostics);
    }

    /// The diagnostics of the files in `releases/<folder>/`.
    pub fn in_release_folder<'a>(&'a self, folder: &str) -> impl Iterator<Item = &'a Diagnostic> {
        self.by_folder
            .get(folder)
            .into_iter()
            .flatten()
            .map(|&i| &self.diagnostics[i])
    }

    /// Every error found, of the files and of the rules.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect()
    }

    /// The findings about the deploys of `release` to `env` in the timeline.
    pub fn findings_for(&self, release: &str, env: &str) -> impl Iterator<Item = &Diagnostic> {
        self.by_deploy
            .get(&(env.to_string(), release.to_string()))
            .into_iter()
            .flatten()
            .map(|&i| &self.findings[i].diagnostic)
    }

    /// Whether the timeline has a deploy of `release` to `env`.
    pub fn deployed(&self, release: &str, env: &str) -> bool {
        self.by_deploy
            .contains_key(&(env.to_string(), release.to_string()))
    }

    /// Judges deploys that are not in the timeline, against it: what
    /// `deploy` would be told, what a checklist shows as still needed.
    pub fn proposals(&self) -> Proposals<'_> {
        Proposals {
            judgement: self,
            runs: Runs::new(&self.timeline),
            order: crate::model::promotion::promotion_order(&self.registry),
        }
    }
}

/// Release folder → the indexes of the diagnostics of files in it.
fn folders_of(diagnostics: &[Diagnostic]) -> HashMap<String, Vec<usize>> {
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if let Some((folder, _)) = d
            .file
            .strip_prefix("releases/")
            .and_then(|rest| rest.split_once('/'))
        {
            out.entry(folder.to_string()).or_default().push(i);
        }
    }
    out
}

/// Deploys judged as if proposed now, against the timeline.
pub struct Proposals<'a> {
    judgement: &'a Judgement,
    runs: Runs<'a>,
    /// The environments in promotion order, worked out once: every
    /// release's checklist walks them.
    order: Vec<&'a str>,
}

impl Proposals<'_> {
    /// The environments in promotion order (see
    /// [`crate::model::promotion::promotion_order`]).
    pub fn promotion_order(&self) -> &[&str] {
        &self.order
    }

    /// The problems of deploying `release` to `env` now, as errors.
    pub fn judge(&self, release: &str, env: &str) -> Vec<Diagnostic> {
        self.judge_held(release, env)
            .into_iter()
            .map(|held| held.diagnostic)
            .collect()
    }

    /// As [`Proposals::judge`], each problem with the rule behind it.
    pub fn judge_held(&self, release: &str, env: &str) -> Vec<policy::hold::Held> {
        let j = self.judgement;
        let previous = j
            .registry
            .environments
            .get(env)
            .and_then(|d| d.data.release.clone());
        let ran_before = self.runs.ran_before(env, release, j.now);
        let event = DeployEvent {
            environment: env.to_string(),
            release: release.to_string(),
            kind: crate::history::DeployKind::classify(previous.as_deref(), release, ran_before),
            previous,
            at: j.now,
            author: String::new(),
            commit: String::new(),
            recorded_at: None,
        };
        policy::judge_event_held(
            &j.registry,
            &j.registry.rules,
            &self.runs,
            &event,
            Verdict::Proposed,
        )
    }
}
