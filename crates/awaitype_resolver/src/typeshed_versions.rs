//! Typeshed's `stdlib/VERSIONS`: which standard-library modules exist in which Python versions.
//!
//! Typeshed ships one set of stubs for every Python version, so a module that was added in 3.11
//! (`tomllib`) or removed in 3.12 (`distutils`) has a stub file either way; only this table says
//! whether `import tomllib` works for the target version. The vendored file is parsed once, on
//! first use, and kept for the life of the process.

use std::collections::hash_map::Entry;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::module_name::ModuleName;
use crate::python_version::{PythonVersion, parse_python_version};

/// The versions a module exists in: `min-` or `min-max`, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VersionRange {
    pub(crate) min: PythonVersion,
    pub(crate) max: Option<PythonVersion>,
}

impl VersionRange {
    pub(crate) fn contains(self, version: PythonVersion) -> bool {
        self.min <= version && self.max.is_none_or(|max| version <= max)
    }
}

/// A line of a `VERSIONS` file that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InvalidLine {
    /// 1-based.
    pub(crate) line_number: usize,
    pub(crate) text: String,
    pub(crate) reason: String,
}

/// A parsed `VERSIONS` table.
#[derive(Debug, Default)]
pub(crate) struct TypeshedVersions {
    ranges: FxHashMap<ModuleName, VersionRange>,
}

impl TypeshedVersions {
    /// Parses lines of the form `module: 3.X-` or `module: 3.X-3.Y`; `#` starts a comment and
    /// blank lines are skipped. Lines that do not parse are returned rather than dropped silently,
    /// so tests can insist that the vendored file is fully understood. For a duplicated module the
    /// first entry wins and the later one is reported.
    pub(crate) fn parse(text: &str) -> (TypeshedVersions, Vec<InvalidLine>) {
        let mut ranges = FxHashMap::default();
        let mut invalid = Vec::new();
        for (index, raw_line) in text.lines().enumerate() {
            let line = raw_line.split_once('#').map_or(raw_line, |(before, _)| before).trim();
            if line.is_empty() {
                continue;
            }
            let result = parse_line(line).and_then(|(module, range)| match ranges.entry(module) {
                Entry::Occupied(entry) => Err(format!("duplicate entry for `{}`", entry.key())),
                Entry::Vacant(entry) => {
                    entry.insert(range);
                    Ok(())
                }
            });
            if let Err(reason) = result {
                invalid.push(InvalidLine {
                    line_number: index + 1,
                    text: raw_line.to_string(),
                    reason,
                });
            }
        }
        (TypeshedVersions { ranges }, invalid)
    }

    /// The most specific entry that is `module` or one of its parents (`asyncio.taskgroups`, else
    /// `asyncio`).
    pub(crate) fn range_for(&self, module: &ModuleName) -> Option<VersionRange> {
        let mut current = Some(module.clone());
        while let Some(name) = current {
            if let Some(range) = self.ranges.get(&name) {
                return Some(*range);
            }
            current = name.parent();
        }
        None
    }

    /// Whether `module` exists in `version`. A module with no entry for it or any parent does
    /// not exist.
    pub(crate) fn is_available(&self, module: &ModuleName, version: PythonVersion) -> bool {
        self.range_for(module).is_some_and(|range| range.contains(version))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.ranges.len()
    }
}

fn parse_line(line: &str) -> Result<(ModuleName, VersionRange), String> {
    let (module, range) = line
        .split_once(':')
        .ok_or_else(|| "expected `module: 3.X-` or `module: 3.X-3.Y`".to_string())?;
    let module = module.trim();
    let module = ModuleName::new(module).ok_or_else(|| format!("`{module}` is not a valid module name"))?;
    let (min, max) = range
        .trim()
        .split_once('-')
        .ok_or_else(|| "expected a version range `3.X-` or `3.X-3.Y`".to_string())?;
    let min = parse_python_version(min.trim())?;
    let max = match max.trim() {
        "" => None,
        max => Some(parse_python_version(max)?),
    };
    if max.is_some_and(|max| max < min) {
        return Err(format!("empty version range `{}`", range.trim()));
    }
    Ok((module, VersionRange { min, max }))
}

/// The vendored typeshed's `stdlib/VERSIONS`, parsed once.
pub(crate) fn vendored_versions() -> &'static TypeshedVersions {
    static VERSIONS: LazyLock<TypeshedVersions> = LazyLock::new(|| {
        let text = vendored_versions_text();
        TypeshedVersions::parse(&text).0
    });
    &VERSIONS
}

fn vendored_versions_text() -> String {
    ty_vendored::file_system()
        .read_to_string("stdlib/VERSIONS")
        .expect("the vendored typeshed always contains `stdlib/VERSIONS`")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> ModuleName {
        ModuleName::new(s).unwrap()
    }

    const fn v(minor: u8) -> PythonVersion {
        PythonVersion { major: 3, minor }
    }

    #[test]
    fn parses_ranges_comments_and_blank_lines() {
        let text = "\
# header comment

asyncio: 3.4-
asyncio.taskgroups: 3.11-
distutils: 3.0-3.11   # removed in 3.12
  tomllib :  3.11 -  
";
        let (versions, invalid) = TypeshedVersions::parse(text);
        assert_eq!(invalid, []);
        assert_eq!(versions.len(), 4);
        assert_eq!(
            versions.range_for(&name("distutils")),
            Some(VersionRange {
                min: v(0),
                max: Some(v(11))
            })
        );
        assert_eq!(
            versions.range_for(&name("tomllib")),
            Some(VersionRange { min: v(11), max: None })
        );
    }

    #[test]
    fn most_specific_prefix_wins() {
        let text = "asyncio: 3.4-\nasyncio.taskgroups: 3.11-\nold: 3.0-3.9\nold.new: 3.5-\n";
        let (versions, invalid) = TypeshedVersions::parse(text);
        assert_eq!(invalid, []);
        assert!(versions.is_available(&name("asyncio"), v(8)));
        assert!(versions.is_available(&name("asyncio.tasks"), v(8)));
        assert!(versions.is_available(&name("asyncio.tasks.deep"), v(8)));
        assert!(!versions.is_available(&name("asyncio.taskgroups"), v(10)));
        assert!(versions.is_available(&name("asyncio.taskgroups"), v(11)));
        assert!(versions.is_available(&name("asyncio.taskgroups"), v(14)));
        assert!(!versions.is_available(&name("asyncio"), v(3)));
        assert!(versions.is_available(&name("old"), v(9)));
        assert!(!versions.is_available(&name("old"), v(10)));
        assert!(versions.is_available(&name("old.new"), v(10)));
        // `asyncio_extra` is not a submodule of `asyncio`.
        assert!(!versions.is_available(&name("asyncio_extra"), v(13)));
        assert!(!versions.is_available(&name("missing"), v(13)));
    }

    #[test]
    fn reports_invalid_lines() {
        let text = "\
ok: 3.0-
no colon here
bad name!: 3.0-
nodash: 3.0
badversion: three-
backwards: 3.9-3.1
ok: 3.1-
";
        let (versions, invalid) = TypeshedVersions::parse(text);
        assert_eq!(versions.len(), 1);
        let lines: Vec<_> = invalid.iter().map(|line| line.line_number).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7]);
        assert_eq!(invalid[0].text, "no colon here");
        assert!(invalid[5].reason.contains("duplicate"), "{:?}", invalid[5]);
        assert_eq!(versions.range_for(&name("ok")).unwrap().min, v(0));
    }

    #[test]
    fn vendored_versions_parse_completely() {
        let (versions, invalid) = TypeshedVersions::parse(&vendored_versions_text());
        assert_eq!(invalid, []);
        assert!(versions.len() > 200, "only {} entries", versions.len());
        assert_eq!(vendored_versions().len(), versions.len());
    }

    #[test]
    fn vendored_versions_known_entries() {
        let versions = vendored_versions();
        assert!(versions.is_available(&name("builtins"), v(8)));
        assert!(versions.is_available(&name("tomllib"), v(11)));
        assert!(!versions.is_available(&name("tomllib"), v(10)));
        assert!(versions.is_available(&name("distutils"), v(11)));
        assert!(!versions.is_available(&name("distutils"), v(12)));
        assert!(versions.is_available(&name("asyncio.taskgroups"), v(11)));
        assert!(!versions.is_available(&name("asyncio.taskgroups"), v(10)));
        assert!(versions.is_available(&name("typing_extensions"), v(8)));
    }
}
