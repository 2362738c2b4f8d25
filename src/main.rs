//! The `verbale` command line: a thin layer over the library.
//! Exit codes: 0 clean, 1 problems in the project's files, 2 failure.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use verbale::build;
use verbale::diag::Diagnostics;
use verbale::project::Project;
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
    /// Render every note in notes/ into the output folder.
    Build {
        /// Output folder (default: the one in verbale.toml, `out`).
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Render the given note files.
    Render {
        #[arg(required = true)]
        notes: Vec<PathBuf>,
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
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
}

fn check(root: &std::path::Path, render: bool, format: Format, deny_warnings: bool) -> ExitCode {
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

const PROBLEMS: u8 = 1;
const FAILURE: u8 = 2;

fn report(world: &World, diags: &Diagnostics) {
    for d in diags.iter() {
        eprint!("{}", d.report(world));
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Check {
        render,
        format,
        deny_warnings,
    } = cli.command
    {
        return check(&cli.project, render, format, deny_warnings);
    }
    let project = match Project::load(&cli.project) {
        Ok(p) => p,
        Err((world, diags)) => {
            report(&world, &diags);
            eprintln!("error: the project cannot be loaded");
            return ExitCode::from(if diags.is_empty() { FAILURE } else { PROBLEMS });
        }
    };
    let (out, notes) = match cli.command {
        Command::Build { out } => (out, None),
        Command::Render { notes, out } => (out, Some(notes)),
        Command::Check { .. } => unreachable!("handled above"),
    };
    let out_dir = out.unwrap_or_else(|| project.output_dir());
    let outcomes = match notes {
        None => match build::build_all(&project, &out_dir) {
            Ok(o) => o,
            Err(d) => {
                eprintln!("{}", d.short(&project.world));
                return ExitCode::from(FAILURE);
            }
        },
        Some(notes) => notes
            .iter()
            .map(|n| {
                let path = std::path::absolute(n).unwrap_or_else(|_| n.clone());
                build::build_note(&project, &path, &out_dir)
            })
            .collect(),
    };
    let mut failed = 0;
    for outcome in &outcomes {
        match &outcome.result {
            Ok(pdf) => println!(
                "{} -> {}",
                outcome.note.display(),
                project.world.relative(pdf).display()
            ),
            Err(diags) => {
                failed += 1;
                report(&project.world, diags);
            }
        }
    }
    println!("{} built, {failed} failed", outcomes.len() - failed);
    if failed > 0 {
        ExitCode::from(PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}
