//! The version numbers changelogs write, as semantic versions.

/// `0.20` → `0.20.0`; `1` → `1.0.0`; PEP 440 pre-releases `1.4.0b1` →
/// `1.4.0-beta.1`, `1.12rc2` → `1.12.0-rc.2`; what semver accepts, as it is.
pub fn normalize(raw: &str) -> Option<String> {
    if semver::Version::parse(raw).is_ok() {
        return Some(raw.to_string());
    }
    // `1.2.3/0.43b0`: a project that versions two packages together; the
    // first is the product's.
    if let Some((first, _)) = raw.split_once('/') {
        return normalize(first);
    }
    let core_end = raw
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(raw.len());
    let (core, rest) = raw.split_at(core_end);
    let core = pad(core.trim_end_matches('.'))?;
    let candidate = if rest.is_empty() {
        core
    } else if rest.starts_with(['-', '+']) {
        format!("{core}{rest}")
    } else {
        format!("{core}-{}", pep440_pre(rest)?)
    };
    semver::Version::parse(&candidate)
        .is_ok()
        .then_some(candidate)
}

/// `1.5` → `1.5.0`, `2024.01.15` → `2024.1.15`: one to three numeric parts,
/// without the leading zeros semver does not allow.
fn pad(core: &str) -> Option<String> {
    let mut parts: Vec<&str> = core.split('.').collect();
    if parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    parts.resize(3, "0");
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| match p.trim_start_matches('0') {
            "" => "0",
            trimmed => trimmed,
        })
        .collect();
    Some(parts.join("."))
}

/// `b1` → `beta.1`, `rc.2` → `rc.2`, `a` → `alpha`.
fn pep440_pre(rest: &str) -> Option<String> {
    let label_end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let (label, number) = rest.split_at(label_end);
    let label = match label.to_ascii_lowercase().as_str() {
        "a" | "alpha" => "alpha",
        "b" | "beta" => "beta",
        "c" | "rc" | "pre" | "preview" => "rc",
        _ => return None,
    };
    let number = number.trim_start_matches(['.', '-', '_']);
    if number.is_empty() {
        return Some(label.to_string());
    }
    number
        .chars()
        .all(|c| c.is_ascii_digit())
        .then(|| format!("{label}.{number}"))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn changelog_versions_become_semantic_versions() {
        let read: Vec<Option<String>> = [
            "1.2.3",
            "1.5",
            "1",
            "0.26.0+1",
            "1.4.0b1",
            "1.12.0rc2",
            "2.0a",
            "1.0.0-beta.2",
            "next",
            "1.2.3.4",
            "1.0x1",
            "2024.01.15",
            "1.2.3/0.43b0",
        ]
        .iter()
        .map(|v| normalize(v))
        .collect();
        let expected = [
            Some("1.2.3"),
            Some("1.5.0"),
            Some("1.0.0"),
            Some("0.26.0+1"),
            Some("1.4.0-beta.1"),
            Some("1.12.0-rc.2"),
            Some("2.0.0-alpha"),
            Some("1.0.0-beta.2"),
            None,
            None,
            None,
            Some("2024.1.15"),
            Some("1.2.3"),
        ]
        .map(|v| v.map(str::to_string));
        assert_eq!(read, expected);
    }
}
