//! The target Python version selects which typeshed modules and which `sys.version_info`
//! branches exist, and which syntax the parser accepts.
//!
//! There is one version type: ruff's [`PythonVersion`], which the parser takes, re-exported here
//! and passed unchanged through every layer. What awaitype itself decides about versions lives
//! here around it: the supported range, the default, and how `3.X` is read (from the command
//! line, a Markdown test, `pyvenv.cfg` or typeshed's `VERSIONS`). Don't use ruff's
//! `PythonVersion::default()` (3.10) or its `FromStr` (other messages, no trimming): use
//! [`DEFAULT_PYTHON_VERSION`] and [`parse_python_version`].

use std::ops::RangeInclusive;

pub use ruff_python_ast::PythonVersion;

/// The version checked against when none is given and the environment doesn't tell.
pub const DEFAULT_PYTHON_VERSION: PythonVersion = PythonVersion::PY313;

/// The versions a check can target.
pub const SUPPORTED_PYTHON_VERSIONS: RangeInclusive<PythonVersion> = PythonVersion::PY38..=PythonVersion::PY314;

/// Parses `3.12` (surrounding whitespace allowed), whatever the version; rejects anything else
/// with a message naming the expected form.
pub fn parse_python_version(text: &str) -> Result<PythonVersion, String> {
    let invalid = || format!("invalid Python version `{text}`: expected the form `3.X`");
    let (major, minor) = text.trim().split_once('.').ok_or_else(invalid)?;
    let major = major.parse::<u8>().map_err(|_| invalid())?;
    let minor = minor.parse::<u8>().map_err(|_| invalid())?;
    Ok(PythonVersion { major, minor })
}

/// Parses a version a check is asked to target (`--python-version`, a Markdown test's
/// `python-version`): `3.X` within [`SUPPORTED_PYTHON_VERSIONS`].
pub fn parse_supported_python_version(text: &str) -> Result<PythonVersion, String> {
    let version = parse_python_version(text)?;
    if SUPPORTED_PYTHON_VERSIONS.contains(&version) {
        Ok(version)
    } else {
        Err(format!(
            "unsupported Python version `{version}`: supported versions are {} to {}",
            SUPPORTED_PYTHON_VERSIONS.start(),
            SUPPORTED_PYTHON_VERSIONS.end()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_3_x_form() {
        assert_eq!(parse_python_version("3.12"), Ok(PythonVersion::PY312));
        assert_eq!(parse_python_version(" 3.0 "), Ok(PythonVersion { major: 3, minor: 0 }));
        for bad in ["3", "", "3.x", "abc", "3.12.1", "3..8", ".3"] {
            assert!(parse_python_version(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn supported_versions() {
        assert_eq!(parse_supported_python_version("3.8"), Ok(PythonVersion::PY38));
        assert_eq!(parse_supported_python_version("3.14"), Ok(PythonVersion::PY314));
        for bad in ["2.7", "3.7", "3.15", "3.99", "4.0", "abc", "3", "", "3.x"] {
            assert!(
                parse_supported_python_version(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
        assert!(SUPPORTED_PYTHON_VERSIONS.contains(&DEFAULT_PYTHON_VERSION));
    }
}
