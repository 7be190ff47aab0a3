//! The settings a test runs under, written as a ```` ```toml ```` block in the Markdown.
//!
//! Tests need to pin a Python version (e.g. to exercise `sys.version_info` branches or modules
//! that only exist in some versions). The settings are TOML so that tests read like the project's
//! own configuration, and unknown keys are rejected so that a typo cannot silently leave a test
//! running under the default settings. A block in a parent section applies to all its children;
//! a child's block overrides only the keys it sets.

use awaitype_resolver::{DEFAULT_PYTHON_VERSION, PythonVersion, parse_supported_python_version};
use serde::Deserialize;

/// The (partial) settings of one section; `None` means "inherit from the parent section".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Environment {
    pub python_version: Option<PythonVersion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    environment: Option<RawEnvironment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEnvironment {
    python_version: Option<String>,
}

impl Environment {
    /// Parses the content of a ```` ```toml ```` block.
    pub fn parse_toml(text: &str) -> Result<Environment, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|err| format!("invalid TOML: {}", err.message()))?;
        let mut environment = Environment::default();
        if let Some(python_version) = raw.environment.and_then(|env| env.python_version) {
            environment.python_version = Some(parse_supported_python_version(&python_version)?);
        }
        Ok(environment)
    }

    /// `self` with every key that `child` sets replaced by the child's value.
    #[must_use]
    pub fn overridden_by(self, child: Environment) -> Environment {
        Environment {
            python_version: child.python_version.or(self.python_version),
        }
    }

    /// The Python version to check with: the configured one or [`DEFAULT_PYTHON_VERSION`].
    pub fn python_version(self) -> PythonVersion {
        self.python_version.unwrap_or(DEFAULT_PYTHON_VERSION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_python_version() {
        let env = Environment::parse_toml("[environment]\npython-version = \"3.12\"\n").unwrap();
        assert_eq!(env.python_version, Some(PythonVersion::PY312));
        assert_eq!(env.python_version(), PythonVersion::PY312);
    }

    #[test]
    fn empty_block_sets_nothing() {
        let env = Environment::parse_toml("").unwrap();
        assert_eq!(env, Environment::default());
        assert_eq!(env.python_version(), DEFAULT_PYTHON_VERSION);
    }

    #[test]
    fn rejects_unknown_keys_and_bad_versions() {
        assert!(Environment::parse_toml("[environment]\npython_version = \"3.12\"\n").is_err());
        assert!(Environment::parse_toml("[envirnoment]\n").is_err());
        assert!(Environment::parse_toml("[environment]\npython-version = \"3\"\n").is_err());
        assert!(Environment::parse_toml("[environment]\npython-version = \"2.7\"\n").is_err());
        assert!(Environment::parse_toml("[environment\n").is_err());
    }

    #[test]
    fn child_overrides_parent() {
        let parent = Environment {
            python_version: Some(PythonVersion::PY39),
        };
        assert_eq!(parent.overridden_by(Environment::default()), parent);
        let child = Environment {
            python_version: Some(PythonVersion::PY311),
        };
        assert_eq!(parent.overridden_by(child), child);
    }
}
