//! One diagnostic: a rule, a severity, a message and where it applies. Paths are kept as the
//! display string the user gave us so that output is stable and relative where the input was.

use std::fmt;

use ruff_text_size::TextRange;

use crate::Rule;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The path as displayed to the user.
    pub path: String,
    /// Byte range in the file's source text. Empty for file-level diagnostics (I/O errors).
    pub range: TextRange,
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn new(path: impl Into<String>, range: TextRange, rule: Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            range,
            rule,
            severity: rule.default_severity(),
            message: message.into(),
        }
    }

    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The deterministic output order: by path, then position, then rule and message.
    pub fn sort_key(&self) -> (&str, u32, u32, Rule, &str) {
        (
            &self.path,
            self.range.start().to_u32(),
            self.range.end().to_u32(),
            self.rule,
            &self.message,
        )
    }
}
