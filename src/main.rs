//! The `verbale` command line: a thin layer over the library.
//! Exit codes: 0 clean, 1 problems in the project's files, 2 failure.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use verbale::build::{self, Run, Status};
use verbale::check;
use verbale::diag::{Diagnostics, Sources};
use verbale::l10n;
use verbale::note::NoteNumber;
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
    /// Run as if started in this project folder (the one with verbale.toml);
    /// without it, the nearest folder from here up that has one.
    #[arg(long, short = 'C', global = true)]
    project: Option<PathBuf>,
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
        /// Write proofs of one language instead (see `render --lang`).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Render the given note files, whether they changed or not.
    Render {
        #[arg(required = true)]
        notes: Vec<PathBuf>,
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Write only this language's version, with the enclosure, for a
        /// proof-reader: `<out>/proofs/<note>.proof-<lang>.pdf`.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Rebuild what changed on every save, until interrupted.
    Watch {
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Poll the files instead of using the system's notifications.
        #[arg(long)]
        poll: bool,
        /// Keep proofs of one language up to date instead (see `render
        /// --lang`).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Preview the notes in a browser: every language version side by
    /// side, page for page as in the PDF, updated on every save.
    Serve {
        /// The address to listen on; anything but the loopback lets other
        /// machines see the notes.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// The port (0: any free one).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Poll the files instead of using the system's notifications.
        #[arg(long)]
        poll: bool,
    },
    /// Check locales, templates and notes for every problem, without
    /// writing anything: the CI gate.
    Check {
        /// Also set and write every note in memory.
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
        /// Open a series the project does not use yet.
        #[arg(long)]
        new_series: bool,
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
    /// Mark a number withdrawn; it stays taken and no PDF is made for it.
    Withdraw {
        /// The full number, e.g. NCT/ICT/1014.
        number: String,
    },
    /// Show where words may break at a line end: each word on its own
    /// line, `·` at every break (a word's own hyphen stays `-`).
    Hyphenate {
        /// The language, as its folder in locales/ (en, ru, kk).
        #[arg(long)]
        lang: String,
        /// The words; without any, one word per line from standard input.
        words: Vec<String>,
    },
    /// List every number issued.
    Register {
        #[arg(long, value_enum, default_value_t = RegisterFormat::Text)]
        format: RegisterFormat,
    },
    /// Translations: how far each locale has come, and confirming that
    /// they match the reference text.
    L10n {
        #[command(subcommand)]
        command: L10n,
    },
}

#[derive(Subcommand)]
enum L10n {
    /// Per locale: translations translated, missing, outdated,
    /// untranslated, unconfirmed and obsolete, then each one left to do.
    Status,
    /// Record that translations match the reference text of today, in
    /// locales/<lang>/confirmed.toml.
    Confirm {
        /// The locale, as its folder in locales/ (ru, kk).
        lang: String,
        /// Message ids (`opening`, `-org`) and note files
        /// (`notes/NCT-ICT-1013.toml`); without any, every translation
        /// but those identical to the reference, which are named to be
        /// confirmed as meant.
        #[arg(allow_hyphen_values = true)]
        items: Vec<String>,
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

/// Writes a line to standard output; when the reader has gone (`verbale
/// build | head`), stops quietly instead of failing.
macro_rules! say {
    ($($arg:tt)*) => {
        say(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// [`say!`] without the line break.
macro_rules! say_raw {
    ($($arg:tt)*) => {
        say(&format!($($arg)*))
    };
}

fn say(text: &str) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().write_all(text.as_bytes()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(i32::from(FAILURE));
    }
}

const PROBLEMS: u8 = 1;
const FAILURE: u8 = 2;

/// mimalloc rather than the system allocator. A note is made of many small
/// short-lived allocations (printpdf's and lopdf's objects for every
/// operator, shaped words, layout lines), and mimalloc hands them out
/// faster and from fewer fresh pages (README, "Performance"). It is built
/// without transparent huge pages, which would save a render 7% of its
/// time at the cost of 11 MiB more at its peak.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = verbale::parallel::requested_threads() {
        eprintln!("error: {e}");
        return ExitCode::from(FAILURE);
    }
    if !matches!(cli.command, Command::Watch { .. } | Command::Serve { .. }) {
        // This process ends before its inputs can change under it.
        verbale::world::map_large_files();
    }
    let (root, here) = match project_root(cli.project.as_deref()) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(FAILURE);
        }
    };
    let root = root.as_path();
    // Paths typed in a folder below the project's are relative to it.
    let typed = |p: PathBuf| match &here {
        Some(here) if p.is_relative() => here.join(p),
        _ => p,
    };
    let mut cli = cli;
    match &mut cli.command {
        Command::Build { out, .. } | Command::Render { out, .. } | Command::Watch { out, .. } => {
            *out = out.take().map(typed);
        }
        _ => {}
    }
    if let Command::Render { notes, .. } = &mut cli.command {
        *notes = std::mem::take(notes).into_iter().map(typed).collect();
    }
    if let Command::L10n {
        command: L10n::Confirm { items, .. },
    } = &mut cli.command
    {
        for item in items
            .iter_mut()
            .filter(|i| i.ends_with(".toml") || i.contains('/'))
        {
            *item = typed(PathBuf::from(&*item)).display().to_string();
        }
    }
    match cli.command {
        Command::Check {
            render,
            format,
            deny_warnings,
        } => check(root, render, format, deny_warnings),
        Command::New {
            series,
            new_series,
            date,
            kind,
            subject,
        } => new(root, series, new_series, date, &kind, subject),
        Command::Withdraw { number } => withdraw(root, &number),
        Command::Register { format } => list_register(root, format),
        Command::Hyphenate { lang, words } => hyphenate(root, &lang, words),
        Command::Build { out, force, lang } => {
            let (project, diags) = Project::load(root);
            if unknown_language(&project, &diags, lang.as_deref()) {
                return ExitCode::from(FAILURE);
            }
            let run = build::build(&project, diags, &options(&project, out, force, None, lang));
            let code = report_run(&project, &run);
            exiting(project, run);
            code
        }
        Command::Render { notes, out, lang } => {
            let (project, diags) = Project::load(root);
            // Relative to the project, as if verbale were started in it.
            if unknown_language(&project, &diags, lang.as_deref()) {
                return ExitCode::from(FAILURE);
            }
            // A note file that is not there was mistyped: a usage error,
            // once the notes that are there are rendered.
            let mistyped = notes.iter().any(|n| !root.join(n).is_file());
            let options = options(&project, out, true, Some(notes), lang);
            let run = build::build(&project, diags, &options);
            let code = report_run(&project, &run);
            exiting(project, run);
            if mistyped {
                ExitCode::from(FAILURE)
            } else {
                code
            }
        }
        Command::Watch { out, poll, lang } => watch(root, out, poll, lang),
        Command::L10n { command } => match command {
            L10n::Status => l10n_status(root),
            L10n::Confirm { lang, items } => l10n_confirm(root, &lang, &items),
        },
        Command::Serve { host, port, poll } => serve(root, &host, port, poll),
    }
}

/// The project's folder, and the folder the command was started in when
/// that is below it (paths typed there are relative to it). `-C` names
/// the folder; otherwise it is the nearest one from here up with
/// verbale.toml, as git and cargo find theirs.
fn project_root(given: Option<&Path>) -> Result<(PathBuf, Option<PathBuf>), String> {
    let marker = verbale::config::FILE;
    if let Some(given) = given {
        if !given.is_dir() {
            return Err(format!("-C {}: there is no such folder", given.display()));
        }
        if !given.join(marker).is_file() {
            return Err(format!(
                "{} is not a verbale project: it has no {marker}",
                given.display()
            ));
        }
        return Ok((given.to_path_buf(), None));
    }
    let here =
        std::env::current_dir().map_err(|e| format!("cannot tell which folder this is: {e}"))?;
    let found = here
        .ancestors()
        .find(|dir| dir.join(marker).is_file())
        .ok_or_else(|| {
            format!(
                "no {marker} in {} or any folder above it: a verbale project is a folder with {marker}; give one with -C <folder>",
                here.display()
            )
        })?;
    if found == here {
        Ok((PathBuf::from("."), None))
    } else {
        Ok((found.to_path_buf(), Some(here.clone())))
    }
}

/// Leaves the project and the run to the operating system, which frees a
/// process's memory at once: dropping them piece by piece took a tenth of a
/// one-note render.
fn exiting<P, R>(project: P, run: R) {
    std::mem::forget(project);
    std::mem::forget(run);
}

/// Whether `lang`, asked for a proof, is not one of the project's
/// languages; if so, says so (after the project's own problems).
fn unknown_language(project: &Project, diags: &Diagnostics, lang: Option<&str>) -> bool {
    let Some(lang) = lang.filter(|l| project.locales.get(l).is_none()) else {
        return false;
    };
    report(&project.world, diags);
    let known: Vec<&str> = project.locales.codes().map(String::as_str).collect();
    eprintln!(
        "error: no language `{lang}` to proof; the project's languages: {}",
        known.join(", ")
    );
    true
}

fn options(
    project: &Project,
    out: Option<PathBuf>,
    force: bool,
    only: Option<Vec<PathBuf>>,
    proof: Option<String>,
) -> build::Options {
    let out_dir = match (out, &proof) {
        (Some(out), _) => out,
        (None, Some(_)) => project.output_dir().join("proofs"),
        (None, None) => project.output_dir(),
    };
    build::Options {
        out_dir,
        force,
        progress: true,
        only,
        proof,
    }
}

fn report(sources: &dyn Sources, diags: &Diagnostics) {
    for d in diags {
        eprint!("{}", d.report(sources));
    }
}

fn report_run(project: &Project, run: &Run) -> ExitCode {
    report(&project.world, &run.diagnostics);
    let shown = |p: &Path| project.world.relative(p).display().to_string();
    for outcome in &run.outcomes {
        let note = outcome.note.display();
        match &outcome.status {
            Status::Built(pdf) => say!("{note} -> {}", shown(pdf)),
            Status::Unchanged(_) => {}
            Status::Failed { reason, removed } => {
                say_raw!("{note}: not built: {reason}");
                match removed {
                    Some(pdf) => say!("; removed the old {}", shown(pdf)),
                    None => say("\n"),
                }
            }
            Status::Withdrawn { removed } => {
                say_raw!("{note}: its number is withdrawn, so no PDF is made");
                match removed {
                    Some(pdf) => say!("; removed the old {}", shown(pdf)),
                    None => say("\n"),
                }
            }
            Status::WriteFailed(e) => eprintln!("error: {e}"),
        }
    }
    for (pdf, why) in &run.orphans_removed {
        say!("removed {}: {why}", shown(pdf));
    }
    say!("{}", run.summary());
    if run.write_failed() {
        ExitCode::from(FAILURE)
    } else if run.has_problems() {
        ExitCode::from(PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn watch(root: &Path, out: Option<PathBuf>, poll: bool, lang: Option<String>) -> ExitCode {
    let options = verbale::watch::Options {
        poll,
        interval: Duration::from_millis(300),
    };
    let mut first = true;
    let mut refused = false;
    let result = verbale::watch::watch(
        root,
        options,
        || {
            let (project, diags) = Project::load(root);
            // A language the project lacks from the start is a usage
            // error. If its locale goes while watching, the notes' own
            // checks report it, and their proofs fail until it is back.
            if std::mem::take(&mut first) && unknown_language(&project, &diags, lang.as_deref()) {
                refused = true;
                return None;
            }
            let run = build::build(
                &project,
                diags,
                &self::options(&project, out.clone(), false, None, lang.clone()),
            );
            // A failed round is reported; watching goes on.
            report_run(&project, &run);
            Some(build::watched(&project, &run))
        },
        |line| eprintln!("{line}"),
    );
    match result {
        Ok(()) if refused => ExitCode::from(FAILURE),
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot watch the project: {e}");
            ExitCode::from(FAILURE)
        }
    }
}

fn serve(root: &Path, host: &str, port: u16, poll: bool) -> ExitCode {
    use verbale::serve::{Options, Server};
    // `::1` is written bare on the command line.
    let bare = host.trim_matches(['[', ']']);
    let addr = (bare, port);
    let server = match Server::bind(root, addr, Options { poll, log: true }) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(FAILURE);
        }
    };
    if !verbale::serve::is_loopback(bare) {
        eprintln!(
            "warning: listening on {host}: anyone who can reach this machine can read the notes"
        );
    }
    say!(
        "serving the preview at http://{}/ (Ctrl-C to stop)",
        server.addr()
    );
    server.run();
    ExitCode::SUCCESS
}

fn check(root: &Path, render: bool, format: Format, deny_warnings: bool) -> ExitCode {
    let (project, report) = check::check(root, &check::Options { render });
    let text = match format {
        Format::Human => check::report::human(&project.world, &report),
        Format::Json => check::report::json(&project.world, &report),
        Format::Github => check::report::github(&project.world, &report),
    };
    say_raw!("{text}");
    let failed = report.errors() > 0 || (deny_warnings && report.warnings() > 0);
    exiting(project, report);
    if failed {
        ExitCode::from(PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

/// What does not read in the project is shown before anything is counted:
/// a message lost to a syntax error would otherwise show only as missing.
fn l10n_status(root: &Path) -> ExitCode {
    let (project, mut problems) = Project::load(root);
    let notes = l10n::notes(&project, &mut problems);
    let surveys: Vec<l10n::status::Survey> = l10n::surveys(&project, &notes, &mut problems)
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    report(&project.world, &problems);
    let reference = project.reference_locale();
    let reference_damaged = project
        .locales
        .get(reference)
        .map_or(&[][..], |l| &l.damaged[..]);
    say_raw!(
        "{}",
        l10n::status::report(&project.world, reference, reference_damaged, &surveys)
    );
    if problems.has_errors() {
        ExitCode::from(PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn l10n_confirm(root: &Path, lang: &str, items: &[String]) -> ExitCode {
    let (project, mut diags) = Project::load(root);
    let reference = project.reference_locale();
    if lang == reference {
        eprintln!(
            "error: `{lang}` is the reference locale: the others are confirmed against its texts"
        );
        return ExitCode::from(FAILURE);
    }
    let Some(locale) = project.locales.get(lang) else {
        let known: Vec<&str> = project
            .locales
            .codes()
            .map(String::as_str)
            .filter(|c| *c != reference)
            .collect();
        eprintln!(
            "error: no locale `{lang}` to confirm; the project's translations: {}",
            known.join(", ")
        );
        return ExitCode::from(FAILURE);
    };
    if project.locales.get(reference).is_none() {
        report(&project.world, &diags);
        eprintln!(
            "error: the reference locale `{reference}` does not load, so nothing was confirmed"
        );
        return ExitCode::from(PROBLEMS);
    }
    let notes = l10n::notes(&project, &mut diags);
    // What does not read is shown first: a message lost to a syntax error
    // is not there to confirm.
    report(&project.world, &diags);
    // A record that cannot be read would be written over with nothing in
    // it: it is mended by hand first.
    let mut problems = Diagnostics::default();
    let record = l10n::Record::load(&project.world, lang, reference, &mut problems);
    if !problems.is_empty() {
        report(&project.world, &problems);
        eprintln!(
            "error: {} cannot be read, so nothing was confirmed",
            record.path.display()
        );
        return ExitCode::from(PROBLEMS);
    }
    let translations = l10n::survey(&project, &notes, locale, &record);
    let kept = l10n::confirm::Kept::of(&project, &notes, lang);
    let targets: Vec<l10n::confirm::Target> = items
        .iter()
        .map(|i| {
            if i.ends_with(".toml") || i.contains('/') {
                // As `render` takes notes: relative to the project.
                let path = Path::new(i);
                let path = if path.is_absolute() {
                    project.world.relative(path)
                } else {
                    path.to_path_buf()
                };
                l10n::confirm::Target::Note(l10n::note_key(&path))
            } else {
                l10n::confirm::Target::Message(i.clone())
            }
        })
        .collect();
    let (next, changed) =
        match l10n::confirm::confirm(&record, &translations, &targets, &kept, lang) {
            Ok(done) => done,
            Err(e) => {
                // A message unknown to the reference may be lost in the
                // reference's files; one missing in the locale, in its own.
                let lost_in = match &e {
                    l10n::confirm::ConfirmError::UnknownMessage { .. } => {
                        project.locales.get(reference)
                    }
                    l10n::confirm::ConfirmError::Missing { message: true, .. } => Some(locale),
                    _ => None,
                };
                // A note that has errors of its own is not confirmed
                // until they are mended.
                if let l10n::confirm::ConfirmError::UnknownNote { note, .. } = &e
                    && diags.errors_in(Path::new(note)).next().is_some()
                {
                    eprintln!("error: {e}: {note} has errors (above)");
                    return ExitCode::from(PROBLEMS);
                }
                // Lost to a damaged file, it is a problem in the project's
                // files (exit 1), not a mistake on the command line.
                return match lost_in.filter(|l| !l.damaged.is_empty()) {
                    Some(l) => {
                        eprintln!("error: {e}: {}", l10n::status::unread(&l.damaged));
                        ExitCode::from(PROBLEMS)
                    }
                    None => {
                        eprintln!("error: {e}");
                        ExitCode::from(FAILURE)
                    }
                };
            }
        };
    let text = next.render(lang);
    let target = project.world.root().join(&next.path);
    let unchanged = std::fs::read_to_string(&target).is_ok_and(|old| old == text);
    if !unchanged
        && let Err(e) = verbale::output::write_atomically(
            &target,
            text.as_bytes(),
            verbale::output::Durability::Synced,
        )
    {
        eprintln!("error: cannot write {}: {e}", target.display());
        return ExitCode::from(FAILURE);
    }
    if items.is_empty() {
        for t in translations
            .iter()
            .filter(|t| t.state == l10n::State::Untranslated)
        {
            say!(
                "not confirmed: {} is the same as in `{reference}`; if that is meant, name it: `verbale l10n confirm {lang} {}`",
                t.item,
                match &t.item {
                    l10n::Item::Message(id) => id.clone(),
                    l10n::Item::NoteText { note, .. } => note.clone(),
                }
            );
        }
    }
    let dropped: Vec<&l10n::Item> = record
        .places
        .keys()
        .filter(|item| !next.confirms(item))
        .collect();
    if !dropped.is_empty() {
        say!(
            "dropped {} confirmation{} of what is no longer translated from `{reference}`:",
            dropped.len(),
            if dropped.len() == 1 { "" } else { "s" },
        );
        for item in dropped {
            say!("  {item}");
        }
    }
    if changed.is_empty() {
        say!(
            "nothing new to confirm in `{lang}`: already confirmed against today's `{reference}` text"
        );
    } else {
        say!(
            "confirmed {} translation{} into `{lang}` in {}:",
            changed.len(),
            if changed.len() == 1 { "" } else { "s" },
            next.path.display()
        );
        for item in &changed {
            say!("  {item}");
        }
    }
    // Done, but the project has problems (shown above).
    if diags.has_errors() {
        ExitCode::from(PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn new(
    root: &Path,
    series: String,
    new_series: bool,
    date: Option<NaiveDate>,
    kind: &str,
    subject: String,
) -> ExitCode {
    let request = register::Request {
        series,
        date: date.unwrap_or_else(|| World::new(root).today()),
        subject,
        new_series,
    };
    match verbale::draft::new_note(root, kind, &request) {
        Ok(allocated) => {
            say!("{}", allocated.path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            if let register::RegisterError::UnknownSeries { series, known, .. } = &e {
                if let Some(why) = verbale::diag::lookalike(series) {
                    eprintln!("  = {why}");
                }
                eprintln!(
                    "  = the project's series: {}; open a new one with --new-series",
                    known.join(", ")
                );
            }
            exit_for(&e)
        }
    }
}

fn exit_for(e: &register::RegisterError) -> ExitCode {
    ExitCode::from(if e.is_problem_in_files() {
        PROBLEMS
    } else {
        FAILURE
    })
}

fn withdraw(root: &Path, number: &str) -> ExitCode {
    let Some(number) = NoteNumber::parse(number) else {
        eprintln!("error: `{number}` is not a number such as NCT/ICT/1014");
        return ExitCode::from(FAILURE);
    };
    match register::withdraw(root, &number) {
        Ok(()) => {
            say!("{number} withdrawn; the number stays taken");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit_for(&e)
        }
    }
}

fn hyphenate(root: &Path, lang: &str, words: Vec<String>) -> ExitCode {
    let (project, diags) = Project::load(root);
    let Some(hyphenation) = project.hyphenation.get(lang) else {
        report(&project.world, &diags);
        let known: Vec<&str> = project.hyphenation.keys().map(String::as_str).collect();
        eprintln!(
            "error: no hyphenation for `{lang}`; the project's languages: {}",
            known.join(", ")
        );
        return ExitCode::from(FAILURE);
    };
    // A broken exception in this language's data would silently not
    // apply: say so, and still show the breaks the rest allows.
    let settings = project
        .locales
        .get(lang)
        .and_then(|l| l.settings_file.clone());
    let mut own = Diagnostics::default();
    own.extend(
        diags
            .iter()
            .filter(|d| {
                d.file()
                    .is_some_and(|f| hyphenation.files.iter().chain(&settings).any(|h| h == f))
            })
            .cloned(),
    );
    report(&project.world, &own);
    let words = if words.is_empty() {
        std::io::stdin()
            .lines()
            .map_while(Result::ok)
            .flat_map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .collect()
    } else {
        words
    };
    for word in &words {
        say!(
            "{}",
            verbale::layout::hyphen::marked(word, &hyphenation.hyphenator.breaks(word))
        );
    }
    if own.has_errors() {
        ExitCode::from(PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn list_register(root: &Path, format: RegisterFormat) -> ExitCode {
    let world = World::new(root);
    let mut diags = Diagnostics::default();
    match register::load(&world, &mut diags) {
        Some(r) => {
            print_register(&r, format);
            ExitCode::SUCCESS
        }
        None => {
            report(&world, &diags);
            ExitCode::from(PROBLEMS)
        }
    }
}

fn print_register(r: &Register, format: RegisterFormat) {
    match format {
        RegisterFormat::Text => {
            for line in r.render().lines().filter(|l| !l.starts_with('#')) {
                say!("{line}");
            }
        }
        RegisterFormat::Csv => say_raw!("{}", r.to_csv()),
    }
}
