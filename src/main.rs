//! The `verbale` command line: a thin layer over the library.
//! Exit codes: 0 clean, 1 problems in the project's files, 2 failure.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use verbale::build::{self, Outcome, Status, Summary};
use verbale::diag::Diagnostics;
use verbale::project::Project;
use verbale::register::{self, Register};
use verbale::world::World;

#[derive(Parser)]
#[command(
    name = "verbale",
    version,
    about = "Notes verbales in English, Russian and Kazakh, as PDF"
)]
struct Cli {
    /// Project directory (holds verbale.toml).
    #[arg(long, short = 'C', default_value = ".", global = true)]
    project: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render every note in notes/ that changed since the last build.
    Build {
        /// Output folder (default: the one in verbale.toml, `out`).
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Rebuild every note, changed or not.
        #[arg(long)]
        force: bool,
    },
    /// Render the given note files, whether they changed or not.
    Render {
        #[arg(required = true)]
        notes: Vec<PathBuf>,
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Rebuild what changed on every save, until interrupted.
    Watch {
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Check locales, templates and notes for every problem, without
    /// writing anything: the CI gate.
    Check {
        /// Also render every note in memory and report runtime errors.
        #[arg(long)]
        render: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings too (obsolete entries, gaps of incomplete locales).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Create a note with the next free number of a series and print its path.
    New {
        /// The number series, e.g. NCT/ICT.
        #[arg(long)]
        series: String,
        /// Issue date (default: today).
        #[arg(long)]
        date: Option<NaiveDate>,
        /// Skeleton to start from: templates/new/<kind>.toml.tera.
        #[arg(long, default_value = "note-verbale")]
        kind: String,
        /// Subject recorded in the register.
        #[arg(long, default_value = "")]
        subject: String,
    },
    /// Mark a number withdrawn; it stays taken.
    Withdraw {
        /// The full number, e.g. NCT/ICT/1014.
        number: String,
    },
    /// List every number issued.
    Register {
        #[arg(long, value_enum, default_value_t = RegisterFormat::Text)]
        format: RegisterFormat,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum RegisterFormat {
    Text,
    Csv,
}

const PROBLEMS: u8 = 1;
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.project.as_path();
    match cli.command {
        Command::Check {
            render,
            format,
            deny_warnings,
        } => check(root, render, format, deny_warnings),
        Command::New {
            series,
            date,
            kind,
            subject,
        } => new(root, &series, date, &kind, &subject),
        Command::Withdraw { number } => withdraw(root, &number),
        Command::Register { format } => list_register(root, format),
        Command::Build { out, force } => {
            with_project(root, |project| build_all(project, out.clone(), force))
        }
        Command::Render { notes, out } => with_project(root, |project| {
            let options = options(project, out.clone(), true);
            let notes: Vec<PathBuf> = notes
                .iter()
                .map(|n| std::path::absolute(n).unwrap_or_else(|_| n.clone()))
                .collect();
            report_build(project, &build::build(project, &notes, &options))
        }),
        Command::Watch { out } => {
            verbale::watch::watch(root, Duration::from_millis(300), || {
                // A failed round is reported; watching goes on.
                with_project(root, |project| build_all(project, out.clone(), false));
                true
            });
            ExitCode::SUCCESS
        }
    }
}

fn build_all(project: &Project, out: Option<PathBuf>, force: bool) -> ExitCode {
    match build::build_all(project, &options(project, out, force)) {
        Ok(outcomes) => report_build(project, &outcomes),
        Err(d) => {
            eprintln!("{}", d.short(&project.world));
            ExitCode::from(FAILURE)
        }
    }
}

fn options(project: &Project, out: Option<PathBuf>, force: bool) -> build::Options {
    build::Options {
        out_dir: out.unwrap_or_else(|| project.output_dir()),
        force,
        progress: true,
    }
}

fn report(world: &World, diags: &Diagnostics) {
    for d in diags.iter() {
        eprint!("{}", d.report(world));
    }
}

fn with_project(root: &Path, f: impl FnOnce(&Project) -> ExitCode) -> ExitCode {
    match Project::load(root) {
        Ok(p) => f(&p),
        Err((world, diags)) => {
            report(&world, &diags);
            eprintln!("error: the project cannot be loaded");
            ExitCode::from(if diags.is_empty() { FAILURE } else { PROBLEMS })
        }
    }
}

fn report_build(project: &Project, outcomes: &[Outcome]) -> ExitCode {
    for outcome in outcomes {
        match &outcome.status {
            Status::Built(pdf) => println!(
                "{} -> {}",
                outcome.note.display(),
                project.world.relative(pdf).display()
            ),
            Status::Unchanged(_) => {}
            Status::Failed(diags) => report(&project.world, diags),
        }
    }
    let summary = Summary::of(outcomes);
    println!("{summary}");
    if summary.failed > 0 {
        ExitCode::from(PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn check(root: &Path, render: bool, format: Format, deny_warnings: bool) -> ExitCode {
    let (world, report) = verbale::check::check(root, &verbale::check::Options { render });
    let text = match format {
        Format::Human => verbale::check::report::human(&world, &report),
        Format::Json => verbale::check::report::json(&world, &report),
        Format::Github => verbale::check::report::github(&world, &report),
    };
    print!("{text}");
    let failed = report.errors() > 0 || (deny_warnings && report.warnings() > 0);
    if failed {
        ExitCode::from(PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn new(root: &Path, series: &str, date: Option<NaiveDate>, kind: &str, subject: &str) -> ExitCode {
    let date = date.unwrap_or_else(|| World::new(root).today());
    let skeleton_path = root.join("templates/new").join(format!("{kind}.toml.tera"));
    let skeleton = match std::fs::read_to_string(&skeleton_path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", skeleton_path.display());
            return ExitCode::from(FAILURE);
        }
    };
    let result = register::allocate(root, series, date, subject, |number| {
        let mut context = tera::Context::new();
        context.insert("series", &number.series);
        context.insert("sequence", &number.sequence);
        context.insert("number", &number.to_string());
        context.insert("issued", &date.to_string());
        context.insert("subject", subject);
        tera::Tera::one_off(&skeleton, &context, false).map_err(|e| e.to_string())
    });
    match result {
        Ok(allocated) => {
            let shown = allocated.path.strip_prefix(root).unwrap_or(&allocated.path);
            println!("{}", shown.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(FAILURE)
        }
    }
}

fn withdraw(root: &Path, number: &str) -> ExitCode {
    let Some(number) = register::parse_number(number) else {
        eprintln!("error: `{number}` is not a number such as NCT/ICT/1014");
        return ExitCode::from(FAILURE);
    };
    match register::withdraw(root, &number) {
        Ok(()) => {
            println!("{number} withdrawn; the number stays taken");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(PROBLEMS)
        }
    }
}

fn list_register(root: &Path, format: RegisterFormat) -> ExitCode {
    match Register::load(root) {
        Ok(r) => {
            match format {
                RegisterFormat::Text => {
                    for line in r.render().lines().filter(|l| !l.starts_with('#')) {
                        println!("{line}");
                    }
                }
                RegisterFormat::Csv => print!("{}", r.to_csv()),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}:{}: error: {}", register::FILE, e.line, e.message);
            ExitCode::from(PROBLEMS)
        }
    }
}
