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
