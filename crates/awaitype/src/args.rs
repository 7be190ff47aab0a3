//! The command line interface definition.

use std::path::PathBuf;

use awaitype_checker::{PythonVersion, parse_supported_python_version};
use awaitype_diagnostics::render::OutputFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// A static type checker for Python.
#[derive(Debug, Parser)]
#[command(name = "awaitype", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Type-check Python files.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to check (directories recursively, `.py` and `.pyi` files).
    /// Defaults to the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The Python version to check against, from 3.8 to 3.14. Defaults to the Python
    /// environment's version when one is found, else 3.13.
    #[arg(long, value_name = "VERSION", value_parser = parse_supported_python_version)]
    pub python_version: Option<PythonVersion>,

    /// The Python environment whose installed packages are resolved: an interpreter
    /// (`.venv/bin/python`) or an environment directory. Defaults to an active `VIRTUAL_ENV`,
    /// else a `.venv` in the current directory.
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,

    /// A typeshed checkout to take the standard library's stubs from instead of the bundled
    /// typeshed: its root (holding `stdlib/`) or its `stdlib` directory.
    #[arg(long, value_name = "PATH")]
    pub typeshed: Option<PathBuf>,

    /// After the first check, watch the paths and check again whenever a Python file changes,
    /// printing each check's diagnostics and summary (json: one array per check, on one line).
    /// Ctrl-C stops watching, with exit code 0.
    #[arg(long)]
    pub watch: bool,

    /// How to print diagnostics.
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = OutputFormatArg::Full)]
    pub output_format: OutputFormatArg,
}

/// The `--output-format` values; mirrors [`OutputFormat`], which knows nothing about clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormatArg {
    /// Source snippets with the offending code underlined.
    Full,
    /// One `path:line:col: severity[rule] message` line per diagnostic.
    Concise,
    /// A JSON array of diagnostics.
    Json,
}

impl From<OutputFormatArg> for OutputFormat {
    fn from(format: OutputFormatArg) -> Self {
        match format {
            OutputFormatArg::Full => OutputFormat::Full,
            OutputFormatArg::Concise => OutputFormat::Concise,
            OutputFormatArg::Json => OutputFormat::Json,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;
    use clap::error::ErrorKind;

    use super::*;

    fn parse(args: &[&str]) -> Result<CheckArgs, clap::Error> {
        let cli = Cli::try_parse_from(std::iter::once("awaitype").chain(args.iter().copied()))?;
        let Command::Check(args) = cli.command;
        Ok(args)
    }

    #[test]
    fn the_command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn defaults() {
        let args = parse(&["check"]).unwrap();
        assert!(args.paths.is_empty());
        assert_eq!(args.python_version, None);
        assert_eq!(args.python, None);
        assert_eq!(args.output_format, OutputFormatArg::Full);
    }

    #[test]
    fn all_options() {
        let args = parse(&[
            "check",
            "a.py",
            "src",
            "--python-version",
            "3.8",
            "--output-format",
            "json",
            "--python",
            ".venv",
        ])
        .unwrap();
        assert_eq!(args.paths, [PathBuf::from("a.py"), PathBuf::from("src")]);
        assert_eq!(args.python_version, Some(PythonVersion::PY38));
        assert_eq!(args.python, Some(PathBuf::from(".venv")));
        assert_eq!(OutputFormat::from(args.output_format), OutputFormat::Json);
        let args = parse(&["check", "--python-version=3.14", "--output-format=concise"]).unwrap();
        assert_eq!(args.python_version, Some(PythonVersion::PY314));
        assert_eq!(OutputFormat::from(args.output_format), OutputFormat::Concise);
    }

    #[test]
    fn output_format_names_match_the_renderer() {
        for format in OutputFormatArg::value_variants() {
            let name = format.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(name.parse::<OutputFormat>(), Ok(OutputFormat::from(*format)));
        }
    }

    #[test]
    fn usage_errors() {
        for args in [
            &["check", "--python-version", "3.99"][..],
            &["check", "--output-format", "text"],
            &["check", "--no-such-flag"],
            &["frobnicate"],
        ] {
            let error = parse(args).unwrap_err();
            assert_eq!(error.exit_code(), 2, "{args:?}: {error}");
        }
        assert_eq!(parse(&["--help"]).unwrap_err().kind(), ErrorKind::DisplayHelp);
        assert_eq!(parse(&["--version"]).unwrap_err().kind(), ErrorKind::DisplayVersion);
    }
}
