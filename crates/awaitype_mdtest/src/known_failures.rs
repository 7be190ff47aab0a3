//! The list of tests that are known to fail (`known-failures.txt`).
//!
//! Tests are often written before the checker supports what they describe. Listing them keeps the
//! suite green while making the gap visible (the runner prints what it skipped over), and the
//! list is kept honest in both directions: a listed test that passes, or an entry that names no
//! test, fails the run, so the list never outlives the failures it excuses.
//!
//! Format: one test name per line (`file.md - Heading - Sub`); blank lines and lines starting
//! with `#` are ignored. Names are not otherwise interpreted, since headings may contain `#`.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownFailures {
    /// Test name → line of its entry.
    entries: BTreeMap<String, usize>,
}

impl KnownFailures {
    /// Parses the file's text; duplicate entries are an error.
    pub fn parse(text: &str) -> Result<KnownFailures, String> {
        let mut entries = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            let name = line.trim();
            if name.is_empty() || name.starts_with('#') {
                continue;
            }
            if let Some(first) = entries.insert(name.to_string(), index + 1) {
                return Err(format!(
                    "line {}: `{name}` is already listed on line {first}",
                    index + 1
                ));
            }
        }
        Ok(KnownFailures { entries })
    }

    pub fn contains(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in name order, with their line numbers.
    pub fn entries(&self) -> impl Iterator<Item = (&str, usize)> {
        self.entries.iter().map(|(name, line)| (name.as_str(), *line))
    }

    /// Messages for the entries that name no test for which `exists` holds.
    pub fn stale_entries(&self, exists: impl Fn(&str) -> bool) -> Vec<String> {
        self.entries()
            .filter(|(name, _)| !exists(name))
            .map(|(name, line)| format!("line {line}: `{name}` names no existing test: remove it"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_skipping_comments_and_blanks() {
        let known = KnownFailures::parse("# header\n\na.md - X\n  b.md - C# - Y  \n").unwrap();
        assert_eq!(known.len(), 2);
        assert!(known.contains("a.md - X"));
        assert!(known.contains("b.md - C# - Y"));
        assert!(!known.contains("a.md"));
        assert_eq!(
            known.entries().collect::<Vec<_>>(),
            [("a.md - X", 3), ("b.md - C# - Y", 4)]
        );
    }

    #[test]
    fn duplicates_are_errors() {
        assert_eq!(
            KnownFailures::parse("a.md - X\na.md - X\n").unwrap_err(),
            "line 2: `a.md - X` is already listed on line 1"
        );
    }

    #[test]
    fn reports_entries_naming_no_test() {
        let known = KnownFailures::parse("a.md - X\na.md - Y\n").unwrap();
        assert_eq!(
            known.stale_entries(|name| name == "a.md - X"),
            ["line 2: `a.md - Y` names no existing test: remove it"]
        );
    }
}
