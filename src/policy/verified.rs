//! Which recorded verification decides whether a release counts as verified
//! on an environment, for a deploy that `verified_on` makes wait for it.
//!
//! The rule, precisely: of the release's verifications on that environment,
//! only those later than its latest deploy there (the run being vouched for)
//! and no later than the deploy being judged count; the latest of them
//! decides, and at the same instant a failed one outweighs a passed one. So
//! a verification made before the release reached the environment counts
//! for nothing, and a failure found after a pass holds the release back
//! until someone verifies it again and it passes.

use jiff::Timestamp;

use crate::files::{Verification, VerificationResult};

/// Where a release stands on one environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing<'a> {
    /// The deciding verification passed.
    Passed(&'a Verification),
    /// The deciding verification failed.
    Failed(&'a Verification),
    /// None counts: `too_early` were recorded before its latest deploy
    /// there, `too_late` after the deploy being judged.
    Unverified { too_early: usize, too_late: usize },
}

/// The standing on `env` of a release deployed there at `deployed`, for a
/// deploy elsewhere at `until`.
pub fn standing<'a>(
    verifications: &'a [Verification],
    env: &str,
    deployed: Timestamp,
    until: Timestamp,
) -> Standing<'a> {
    let mut deciding: Option<&Verification> = None;
    let (mut too_early, mut too_late) = (0, 0);
    for v in verifications.iter().filter(|v| v.environment == env) {
        if v.at <= deployed {
            too_early += 1;
            continue;
        }
        if v.at > until {
            too_late += 1;
            continue;
        }
        let later = match deciding {
            None => true,
            Some(d) => v.at > d.at || (v.at == d.at && v.result == VerificationResult::Failed),
        };
        if later {
            deciding = Some(v);
        }
    }
    match deciding {
        Some(v) if v.result == VerificationResult::Passed => Standing::Passed(v),
        Some(v) => Standing::Failed(v),
        None => Standing::Unverified {
            too_early,
            too_late,
        },
    }
}

/// The failed verifications of a run on `env` that began at `deployed` and
/// ended at `ended` (`None`: it still runs): what `metrics` counts as a
/// failed deploy beside rollbacks and incidents.
pub fn failed_during(
    verifications: &[Verification],
    env: &str,
    deployed: Timestamp,
    ended: Option<Timestamp>,
) -> bool {
    verifications.iter().any(|v| {
        v.environment == env
            && v.result == VerificationResult::Failed
            && v.at >= deployed
            && ended.is_none_or(|end| v.at < end)
    })
}

#[cfg(test)]
mod tests;
