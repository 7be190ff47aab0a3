//! The target Python version selects which typeshed modules and which `sys.version_info`
//! branches exist.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PythonVersion {
    pub major: u8,
    pub minor: u8,
}

impl PythonVersion {
    pub const DEFAULT: PythonVersion = PythonVersion { major: 3, minor: 13 };
    pub const OLDEST_SUPPORTED: PythonVersion = PythonVersion { major: 3, minor: 8 };
    pub const NEWEST_SUPPORTED: PythonVersion = PythonVersion { major: 3, minor: 14 };

    pub const fn new(major: u8, minor: u8) -> Self {
        PythonVersion { major, minor }
    }

    pub fn is_supported(self) -> bool {
        (Self::OLDEST_SUPPORTED..=Self::NEWEST_SUPPORTED).contains(&self)
    }
}

impl Default for PythonVersion {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for PythonVersion {
    type Err = String;

    /// Parses `3.12`; rejects anything else with a message naming the expected form.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (major, minor) = s
            .trim()
            .split_once('.')
            .ok_or_else(|| format!("invalid Python version `{s}`: expected the form `3.X`"))?;
        let major = major
            .parse::<u8>()
            .map_err(|_| format!("invalid Python version `{s}`: expected the form `3.X`"))?;
        let minor = minor
            .parse::<u8>()
            .map_err(|_| format!("invalid Python version `{s}`: expected the form `3.X`"))?;
        Ok(PythonVersion { major, minor })
    }
}
