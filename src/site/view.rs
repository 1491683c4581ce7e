//! Plain-text formatting shared by the pages: dates, people, kinds. Every
//! value here is text; the templates escape it.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::labels::{Commit, Labels};
use crate::files::ChangeKind;
use crate::history::{DeployEvent, DeployKind};
use crate::model::Registry;

/// A moment, for people and for machines.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct When {
    /// `23 September 2026, 10:00 UTC`
    pub text: String,
    /// `23 September 2026`
    pub date: String,
    /// RFC 3339, for `<time datetime>`.
    pub iso: String,
    /// `11 days ago`, `in 3 hours`: from the build's `now`, on the internal
    /// pages (the public ones would go stale between builds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<String>,
}

impl When {
    pub fn of(at: Timestamp) -> When {
        When {
            text: at.strftime("%-d %B %Y, %H:%M UTC").to_string(),
            date: at.strftime("%-d %B %Y").to_string(),
            iso: at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            relative: None,
        }
    }

    /// As [`When::of`], with how long before or after `now` it is.
    pub fn at(at: Timestamp, now: Timestamp) -> When {
        When {
            relative: Some(relative(now.as_second().saturating_sub(at.as_second()))),
            ..When::of(at)
        }
    }

    /// As [`When::of_date`], in days from `now`'s date (UTC).
    pub fn at_date(date: Date, now: Timestamp) -> When {
        let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        let days = date
            .until(today)
            .map_or(0, |span| i64::from(span.get_days()));
        let relative = match days {
            0 => "today".to_string(),
            1 => "yesterday".to_string(),
            -1 => "tomorrow".to_string(),
            _ => relative(days.saturating_mul(86_400)),
        };
        When {
            relative: Some(relative),
            ..When::of_date(date)
        }
    }

    pub fn of_date(date: Date) -> When {
        When {
            text: date.strftime("%-d %B %Y").to_string(),
            date: date.strftime("%-d %B %Y").to_string(),
            iso: date.strftime("%Y-%m-%d").to_string(),
            relative: None,
        }
    }
}

/// `ago` seconds before now (negative: after) in the largest unit that
/// reads well: `just now`, `45 minutes ago`, `in 3 hours`, `11 days ago`.
pub fn relative(ago: i64) -> String {
    const MINUTE: u64 = 60;
    const HOUR: u64 = 3600;
    const DAY: u64 = 86_400;
    let size = ago.unsigned_abs();
    let (n, unit) = if size < MINUTE {
        return "just now".to_string();
    } else if size < HOUR {
        (size / MINUTE, "minute")
    } else if size < 2 * DAY {
        (size / HOUR, "hour")
    } else if size < 60 * DAY {
        (size / DAY, "day")
    } else if size < 730 * DAY {
        (size / (30 * DAY), "month")
    } else {
        (size / (365 * DAY), "year")
    };
    let amount = format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if ago > 0 {
        format!("{amount} ago")
    } else {
        format!("in {amount}")
    }
}

/// `September 2026`, the heading of a month's group.
pub fn month_label(at: Timestamp) -> String {
    at.strftime("%B %Y").to_string()
}

pub fn kind_label(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "Added",
        ChangeKind::Changed => "Changed",
        ChangeKind::Deprecated => "Deprecated",
        ChangeKind::Removed => "Removed",
        ChangeKind::Fixed => "Fixed",
        ChangeKind::Security => "Security",
    }
}

/// A person's name from teams.toml, or the id when they are not there.
pub fn person_name(registry: &Registry, id: &str) -> String {
    registry
        .teams
        .as_ref()
        .and_then(|t| t.data.people.get(id))
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// `Name <email>` → `Name`: the internal site shows names, and the public
/// site shows no people at all.
pub fn author_name(author: &str) -> String {
    author.split(" <").next().unwrap_or(author).to_string()
}

/// A link relative to the site root.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub href: String,
}

pub fn release_href(version: &str) -> String {
    format!("releases/{version}/index.html")
}

/// One deploy, as the internal pages list them.
#[derive(Debug, Clone, Serialize)]
pub struct DeployRow {
    pub when: When,
    pub environment: Link,
    pub kind: &'static str,
    pub release: Link,
    pub previous: Option<Link>,
    pub by: String,
    pub commit: Commit,
}

impl DeployRow {
    pub fn of(event: &DeployEvent, labels: &Labels) -> DeployRow {
        DeployRow {
            when: labels.when(event.at),
            environment: labels.env_link(&event.environment),
            kind: match event.kind {
                DeployKind::Deploy => "deploy",
                DeployKind::Rollback => "rollback",
                DeployKind::Redeploy => "redeploy",
            },
            release: Link {
                text: event.release.clone(),
                href: release_href(&event.release),
            },
            previous: event.previous.as_ref().map(|p| Link {
                text: p.clone(),
                href: release_href(p),
            }),
            by: author_name(&event.author),
            commit: labels.commit(&event.commit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_in_the_largest_unit_that_fits() {
        let cases = [
            (0, "just now"),
            (59, "just now"),
            (60, "1 minute ago"),
            (-45 * 60, "in 45 minutes"),
            (3600, "1 hour ago"),
            (-3 * 3600, "in 3 hours"),
            (47 * 3600, "47 hours ago"),
            (11 * 86_400, "11 days ago"),
            (-59 * 86_400, "in 59 days"),
            (150 * 86_400, "5 months ago"),
            (800 * 86_400, "2 years ago"),
            (i64::MIN, "in 292471208677 years"),
        ];
        for (ago, text) in cases {
            assert_eq!(relative(ago), text, "{ago}");
        }
    }

    #[test]
    fn dates_count_whole_days() {
        let now: Timestamp = "2024-07-01T23:00:00Z".parse().unwrap();
        let day = |d: &str| When::at_date(d.parse().unwrap(), now).relative.unwrap();
        assert_eq!(day("2024-07-01"), "today");
        assert_eq!(day("2024-06-30"), "yesterday");
        assert_eq!(day("2024-07-02"), "tomorrow");
        assert_eq!(day("2024-06-20"), "11 days ago");
    }
}
