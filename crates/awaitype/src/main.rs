//! The `awaitype` command line: `awaitype check [PATH...]`.
//!
//! Exit codes:
//! - 0: no diagnostic is an error;
//! - 1: some diagnostic is an error;
//! - 2: the command line was wrong, a path doesn't exist, an input couldn't be read, or awaitype
//!   itself failed (an internal error or a panic). This takes precedence over 1.

mod args;
mod watch;

use std::io::{self, IsTerminal, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use awaitype_checker::{
    CheckOptions, DEFAULT_PYTHON_VERSION, PythonEnvironment, SUPPORTED_PYTHON_VERSIONS, Session, check_paths,
};
use awaitype_diagnostics::render::{OutputFormat, RenderOptions, render, render_json_line};
use awaitype_diagnostics::{Diagnostic, Rule, Severity};
use clap::Parser;

use crate::args::{CheckArgs, Cli, Command};

/// The outcome of a run, as an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ExitStatus {
    /// No errors.
    Success = 0,
    /// The checked code has errors.
    Errors = 1,
    /// Awaitype couldn't do its job: bad usage, missing or unreadable input, internal error.
    Failure = 2,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status as u8)
    }
}

fn main() -> ExitCode {
    install_panic_hook();

    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout and exit with 0; usage errors go to stderr and exit
            // with 2.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(ExitStatus::Failure as u8));
        }
    };

    // The panic hook has already reported the panic; all that's left is the exit code.
    panic::catch_unwind(AssertUnwindSafe(|| run(cli)))
        .unwrap_or(ExitStatus::Failure)
        .into()
}

/// Reports panics as internal errors rather than with a backtrace.
fn install_panic_hook() {
    panic::set_hook(Box::new(|info| {
        let message = info.payload_as_str().unwrap_or("unknown panic");
        let report = match info.location() {
            Some(location) => format!("error: internal error: {message}\n  at {location}"),
            None => format!("error: internal error: {message}"),
        };
        // Not `eprintln!`: a panic while reporting a panic would abort.
        let _ = writeln!(io::stderr(), "{report}");
        // Developers debugging a crash can ask for the stack.
        if std::env::var_os("AWAITYPE_BACKTRACE").is_some() {
            let _ = writeln!(io::stderr(), "{}", std::backtrace::Backtrace::force_capture());
        }
    }));
}

fn run(cli: Cli) -> ExitStatus {
    match cli.command {
        Command::Check(args) => check(args),
    }
}

fn check(args: CheckArgs) -> ExitStatus {
    let requested = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };

    // A missing path is reported, and the others are still checked.
    let mut missing_input = false;
    let mut paths = Vec::with_capacity(requested.len());
    for path in requested {
        match path.try_exists() {
            Ok(true) => paths.push(path),
            Ok(false) => {
                error(&format!("path `{}` does not exist", path.display()));
                missing_input = true;
            }
            Err(err) => {
                error(&format!("cannot access path `{}`: {err}", path.display()));
                missing_input = true;
            }
        }
    }
    if paths.is_empty() {
        return ExitStatus::Failure;
    }

    let environment = match &args.python {
        Some(python) => match PythonEnvironment::from_path(python) {
            Ok(environment) => Some(environment),
            Err(message) => {
                error(&format!("--python: {message}"));
                return ExitStatus::Failure;
            }
        },
        None => PythonEnvironment::discover(Path::new(".")),
    };
    let custom_stdlib = match &args.typeshed {
        Some(typeshed) => match typeshed_stdlib(typeshed) {
            Some(stdlib) => Some(stdlib),
            None => {
                error(&format!(
                    "--typeshed: `{}` is not a typeshed checkout: expected `stdlib/VERSIONS` or `VERSIONS` in it",
                    typeshed.display()
                ));
                return ExitStatus::Failure;
            }
        },
        None => None,
    };
    let python_version = args
        .python_version
        .or_else(|| {
            environment
                .as_ref()
                .and_then(|environment| environment.python_version)
                .filter(|version| SUPPORTED_PYTHON_VERSIONS.contains(version))
        })
        .unwrap_or(DEFAULT_PYTHON_VERSION);
    let options = CheckOptions {
        python_version,
        site_packages: environment
            .map(|environment| environment.site_packages)
            .unwrap_or_default(),
        custom_stdlib,
    };
    let render_options = RenderOptions {
        format: args.output_format.into(),
        color: use_color(),
    };
    if args.watch {
        let mut write_failed = false;
        let watched = watch::run(Session::new(paths, options), |result| {
            let output = match render_options.format {
                OutputFormat::Json => render_json_line(&result.diagnostics, &result.sources),
                _ => render(&result.diagnostics, &result.sources, &render_options),
            };
            write_failed |= write_stdout(&output).is_err();
        });
        return match watched {
            Ok(()) if !write_failed => ExitStatus::Success,
            Ok(()) => ExitStatus::Failure,
            Err(message) => {
                error(&message);
                ExitStatus::Failure
            }
        };
    }
    let result = check_paths(&paths, &options);
    let mut status = if missing_input {
        ExitStatus::Failure
    } else {
        exit_status(&result.diagnostics)
    };
    if let Err(err) = write_stdout(&render(&result.diagnostics, &result.sources, &render_options)) {
        error(&format!("cannot write the output: {err}"));
        status = ExitStatus::Failure;
    }
    status
}

/// The standard-library directory of a typeshed checkout given as its root or as `stdlib/`.
fn typeshed_stdlib(path: &Path) -> Option<PathBuf> {
    let stdlib = path.join("stdlib");
    if stdlib.join("VERSIONS").is_file() {
        return Some(stdlib);
    }
    path.join("VERSIONS").is_file().then(|| path.to_path_buf())
}

/// The exit status the diagnostics call for.
fn exit_status(diagnostics: &[Diagnostic]) -> ExitStatus {
    diagnostics
        .iter()
        .map(|diagnostic| match diagnostic.rule {
            Rule::IoError | Rule::InternalError => ExitStatus::Failure,
            _ if diagnostic.severity == Severity::Error => ExitStatus::Errors,
            _ => ExitStatus::Success,
        })
        .max()
        .unwrap_or(ExitStatus::Success)
}

/// Color only for people: when stdout is a terminal and `NO_COLOR` isn't set (see no-color.org:
/// an empty `NO_COLOR` counts as unset).
fn use_color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// Writes to stdout; a closed pipe (`awaitype check | head`) is not an error.
fn write_stdout(output: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result,
    }
}

/// Reports an error on stderr as `error: <message>`.
fn error(message: &str) {
    let _ = writeln!(io::stderr(), "error: {message}");
}

#[cfg(test)]
mod tests {
    use awaitype_diagnostics::TextRange;

    use super::*;

    fn diagnostic(rule: Rule) -> Diagnostic {
        Diagnostic::new("a.py", TextRange::default(), rule, "message")
    }

    #[test]
    fn no_diagnostics_succeed() {
        assert_eq!(exit_status(&[]), ExitStatus::Success);
    }

    #[test]
    fn warnings_and_infos_succeed() {
        let diagnostics = [
            diagnostic(Rule::PossiblyUnbound),
            diagnostic(Rule::RevealedType),
            diagnostic(Rule::InvalidAssignment).with_severity(Severity::Warning),
        ];
        assert_eq!(exit_status(&diagnostics), ExitStatus::Success);
    }

    #[test]
    fn errors_fail_with_1() {
        let diagnostics = [diagnostic(Rule::PossiblyUnbound), diagnostic(Rule::InvalidAssignment)];
        assert_eq!(exit_status(&diagnostics), ExitStatus::Errors);
    }

    #[test]
    fn io_and_internal_errors_fail_with_2_over_1() {
        for rule in [Rule::IoError, Rule::InternalError] {
            let diagnostics = [diagnostic(Rule::InvalidAssignment), diagnostic(rule)];
            assert_eq!(exit_status(&diagnostics), ExitStatus::Failure);
            let diagnostics = [diagnostic(rule), diagnostic(Rule::InvalidAssignment)];
            assert_eq!(exit_status(&diagnostics), ExitStatus::Failure);
        }
    }

    #[test]
    fn exit_codes() {
        assert_eq!(ExitCode::from(ExitStatus::Success), ExitCode::from(0));
        assert_eq!(ExitCode::from(ExitStatus::Errors), ExitCode::from(1));
        assert_eq!(ExitCode::from(ExitStatus::Failure), ExitCode::from(2));
    }
}
