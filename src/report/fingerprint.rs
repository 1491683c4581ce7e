//! Fingerprints that tell CI servers which problem is which from one run to
//! the next, so that a problem fixed, new or unchanged is shown as such.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;

/// One fingerprint per diagnostic, in the same order. Built from what the
/// problem is (code, repository path, message), not from where it is: adding
/// a line above a problem must not make it a new one. Identical problems in
/// one file are told apart by their order.
pub fn fingerprints(diagnostics: &[Diagnostic], prefix: &str) -> Vec<String> {
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let occurrence = seen
                .entry((d.code, d.file.as_str(), d.message.as_str()))
                .or_insert(0);
            *occurrence += 1;
            let key = format!(
                "milepost\0{}\0{prefix}{}\0{}\0{occurrence}",
                d.code, d.file, d.message
            );
            format!("{:016x}", fnv1a(key.as_bytes()))
        })
        .collect()
}

/// FNV-1a, 64 bits: fixed by its definition, so fingerprints stay the same
/// across builds and platforms (the standard library's hasher promises neither).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    #[test]
    fn fnv1a_matches_its_definition() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn same_problem_twice_in_a_file_gets_two_fingerprints() {
        let d = Diagnostic::whole_file(Severity::Error, "a.toml", "schema", "bad");
        let prints = fingerprints(&[d.clone(), d], "");
        assert_ne!(prints[0], prints[1]);
    }

    #[test]
    fn the_registry_folder_is_part_of_the_path() {
        let d = Diagnostic::whole_file(Severity::Error, "a.toml", "schema", "bad");
        assert_ne!(
            fingerprints(std::slice::from_ref(&d), ""),
            fingerprints(&[d], "reg/")
        );
    }
}
