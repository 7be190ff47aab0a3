//! The settings a test runs under, written as a ```` ```toml ```` block in the Markdown.
//!
//! Tests need to pin a Python version (e.g. to exercise `sys.version_info` branches or modules
//! that only exist in some versions). The settings are TOML so that tests read like the project's
//! own configuration, and unknown keys are rejected so that a typo cannot silently leave a test
//! running under the default settings. A block in a parent section applies to all its children;
//! a child's block overrides only the keys it sets.

use awaitype_resolver::PythonVersion;
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
            let version: PythonVersion = python_version.parse()?;
            if !version.is_supported() {
                return Err(format!(
                    "unsupported Python version {version}: supported are {} to {}",
                    PythonVersion::OLDEST_SUPPORTED,
                    PythonVersion::NEWEST_SUPPORTED
                ));
            }
            environment.python_version = Some(version);
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

    /// The Python version to check with: the configured one or [`PythonVersion::DEFAULT`].
    pub fn python_version(self) -> PythonVersion {
        self.python_version.unwrap_or(PythonVersion::DEFAULT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_python_version() {
        let env = Environment::parse_toml("[environment]\npython-version = \"3.12\"\n").unwrap();
        assert_eq!(env.python_version, Some(PythonVersion::new(3, 12)));
        assert_eq!(env.python_version(), PythonVersion::new(3, 12));
    }

    #[test]
    fn empty_block_sets_nothing() {
        let env = Environment::parse_toml("").unwrap();
        assert_eq!(env, Environment::default());
        assert_eq!(env.python_version(), PythonVersion::DEFAULT);
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
            python_version: Some(PythonVersion::new(3, 9)),
        };
        assert_eq!(parent.overridden_by(Environment::default()), parent);
        let child = Environment {
            python_version: Some(PythonVersion::new(3, 11)),
        };
        assert_eq!(parent.overridden_by(child), child);
    }
}
