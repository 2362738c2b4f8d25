//! `cargo bench --bench render`: one three-page trilingual note (note 1013
//! with its enclosure a typed page count), set by verbale and, where Typst
//! is installed, by Typst in the same run, so that the ratio does not
//! depend on how fast the machine happens to be today.
//!
//! - whole process: `verbale render` against `typst compile` (the `typst`
//!   CLI on the PATH), median wall time and peak memory;
//! - in process: CPU time per note over 100 renders, against Typst's Python
//!   binding (`pip install typst`) compiling the same source 100 times;
//! - the first render after loading (caches empty), the size of the PDF,
//!   and note 688 with its typeset text enclosure.
//!
//! Typst sets the same text in the same fonts: each language version's
//! blocks become paragraphs of a Typst page (justified, hyphenated, the
//! letterhead centred, place and date to the right). Targets (issue 9):
//! whole process ≤ 1/3 of Typst's time and ≤ 16 MiB, ≤ 3 ms CPU in
//! process, PDF ≤ 40 KB.

#[path = "../tests/it/common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use verbale::render::render;

// The binary's allocator, so that in-process figures are what `verbale`
// itself does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// CPU time this process has used, user and system.
fn cpu_time() -> Duration {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct we own; RUSAGE_SELF is valid.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Runs a command `runs` times: median wall time, and the peak resident
/// set of one more run in MiB, measured by GNU time's `%M` (so that earlier
/// children do not count) when `/usr/bin/time` is installed.
fn whole_process(runs: usize, program: &str, args: &[&str], dir: &Path) -> (Duration, Option<f64>) {
    let samples = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(program)
                .args(args)
                .current_dir(dir)
                .output()
                .expect("runs");
            let elapsed = t.elapsed();
            assert!(
                out.status.success(),
                "{program}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            elapsed
        })
        .collect();
    let peak = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(program)
        .args(args)
        .current_dir(dir)
        .output()
        .ok()
        .and_then(|out| {
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0);
    (median(samples), peak)
}

/// A peak in MiB, or why there is none.
fn mib(peak: Option<f64>) -> String {
    peak.map_or_else(
        || "not measured (no /usr/bin/time)".to_string(),
        |p| format!("{p:.1} MiB"),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = "notes/NCT-ICT-1013.toml";
    let note = common::bare_note(file);

    // The project with note 1013 as a three-page note, for whole processes.
    let project_dir = common::fixture("none");
    let bare = fs::read_to_string(root.join(file))
        .expect("note reads")
        .lines()
        .map(|l| {
            if l.starts_with("file = \"enclosures/") {
                "pages = 3"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(project_dir.path().join(file), bare).expect("note writes");

    let started = Instant::now();
    let project = common::load(root);
    println!(
        "load project (locales, templates, fonts): {:?}",
        started.elapsed()
    );
    let cold = (0..10)
        .map(|_| {
            let fresh = common::load(root);
            let t = Instant::now();
            std::hint::black_box(render(&fresh, &note).expect("renders").pdf.len());
            t.elapsed()
        })
        .collect();
    let first = render(&project, &note).expect("renders");
    let pages = common::extract::pages_text(&first.pdf).map_or(0, |p| p.len());
    println!(
        "{file} as a {pages}-page note: PDF {} bytes ({:.1} KB; target ≤ 40 KB); first render after loading: median {:.2} ms",
        first.pdf.len(),
        first.pdf.len() as f64 / 1e3,
        ms(median(cold))
    );

    let before = cpu_time();
    for _ in 0..100 {
        std::hint::black_box(render(&project, &note).expect("renders").pdf.len());
    }
    let verbale_cpu = (cpu_time() - before) / 100;
    println!(
        "in process, 100 renders: {:.2} ms CPU per note (target ≤ 3 ms)",
        ms(verbale_cpu)
    );

    let out = project_dir.path().join("out-bench");
    let out_arg = out.to_string_lossy().into_owned();
    let (verbale_wall, verbale_peak) = whole_process(
        30,
        env!("CARGO_BIN_EXE_verbale"),
        &["render", file, "--out", &out_arg],
        project_dir.path(),
    );
    println!(
        "whole process `verbale render {file}`: median {:.2} ms, peak {} (target ≤ 16 MiB)",
        ms(verbale_wall),
        mib(verbale_peak)
    );

    // Typst on the same text.
    let typ = project_dir.path().join("note.typ");
    fs::write(&typ, typst_source(&first)).expect("typst source writes");
    let fonts = root.join("assets/fonts");
    let fonts = fonts.to_string_lossy().into_owned();
    let typst_args = [
        "compile",
        "--ignore-system-fonts",
        "--font-path",
        &fonts,
        "note.typ",
        "note.pdf",
    ];
    let has_typst = Command::new("typst")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if has_typst {
        let version = Command::new("typst").arg("--version").output().unwrap();
        let (typst_wall, typst_peak) = whole_process(30, "typst", &typst_args, project_dir.path());
        let typst_pages = fs::read(project_dir.path().join("note.pdf"))
            .ok()
            .and_then(|pdf| common::extract::pages_text(&pdf).ok())
            .map_or(0, |p| p.len());
        println!(
            "whole process `{}` ({typst_pages} pages): median {:.2} ms, peak {}",
            String::from_utf8_lossy(&version.stdout).trim(),
            ms(typst_wall),
            mib(typst_peak)
        );
        println!(
            "ratio verbale / Typst, whole process: {:.2} (target ≤ 0.33)",
            verbale_wall.as_secs_f64() / typst_wall.as_secs_f64()
        );
    } else {
        println!(
            "typst is not on the PATH: no whole-process comparison (`cargo install typst-cli`)"
        );
    }

    let script = format!(
        "import time, typst\n\
         src = open('note.typ', 'rb').read()\n\
         typst.compile(src, font_paths=[{fonts:?}], ignore_system_fonts=True)\n\
         t = time.process_time()\n\
         for _ in range(100):\n    typst.compile(src, font_paths=[{fonts:?}], ignore_system_fonts=True)\n\
         print((time.process_time() - t) / 100)\n"
    );
    let python = Command::new("python3")
        .arg("-c")
        .arg(&script)
        .current_dir(project_dir.path())
        .output();
    match python {
        Ok(o) if o.status.success() => {
            let secs: f64 = String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse()
                .unwrap_or(0.0);
            println!(
                "Typst's Python binding, 100 compiles in one process: {:.2} ms CPU per note",
                secs * 1e3
            );
            println!(
                "ratio verbale / Typst, CPU per note in process: {:.2} (target ≤ 0.33)",
                verbale_cpu.as_secs_f64() / secs
            );
        }
        _ => {
            println!("python3 cannot import typst: no in-process comparison (`pip install typst`)")
        }
    }

    // Note 688 as shipped, with its typeset text enclosure.
    let file = "notes/NCT-ICT-688.toml";
    let source = fs::read_to_string(root.join(file)).expect("note reads");
    let shipped = verbale::note::Note::parse(Path::new(file), &source).expect("note 688 parses");
    let rendered = render(&project, &shipped).expect("renders");
    let before = cpu_time();
    for _ in 0..20 {
        std::hint::black_box(render(&project, &shipped).expect("renders").pdf.len());
    }
    println!(
        "{file} with its text enclosure: {} pages, {} bytes, {:.2} ms CPU per note in process",
        common::extract::pages_text(&rendered.pdf).map_or(0, |p| p.len()),
        rendered.pdf.len(),
        ms((cpu_time() - before) / 20)
    );
}

/// The note's language versions as a Typst document: the blocks its
/// template wrote, one page per language, in the project's fonts.
fn typst_source(rendered: &verbale::render::Rendered) -> String {
    let mut typ = String::from(
        "#set page(paper: \"a4\", margin: (x: 25mm, y: 20mm))\n\
         #set text(font: \"Liberation Serif\", size: 12pt)\n\
         #set par(justify: true, first-line-indent: 12.5mm, spacing: 8pt)\n",
    );
    for (i, version) in rendered.versions.iter().enumerate() {
        if i > 0 {
            typ.push_str("#pagebreak()\n");
        }
        let _ = writeln!(typ, "#set text(lang: {:?}, hyphenate: true)", version.lang);
        for (style, paragraph) in paragraphs(&version.markup) {
            let lines: Vec<String> = paragraph
                .iter()
                .map(|l| format!("#{:?}", l.replace("**", "")))
                .collect();
            let body = lines.join(" \\\n");
            let _ = match style.as_str() {
                "letterhead" => writeln!(
                    typ,
                    "#align(center, text(size: 10pt, weight: \"bold\")[{body}])\n"
                ),
                "place-date" | "date" => writeln!(typ, "#align(right)[{body}]\n"),
                "number" => writeln!(typ, "#text(weight: \"bold\")[{body}]\n"),
                _ => writeln!(typ, "{body}\n"),
            };
        }
    }
    typ
}

/// The paragraphs of a template's output with the block (`@name`) each
/// stands in; inside a paragraph, its lines.
fn paragraphs(markup: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut style = String::new();
    let mut open = false;
    for line in markup.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('@') {
            style = name.split_whitespace().next().unwrap_or("").to_string();
            open = false;
        } else if line.is_empty() {
            open = false;
        } else if open {
            if let Some((_, lines)) = out.last_mut() {
                lines.push(line.to_string());
            }
        } else {
            out.push((style.clone(), vec![line.to_string()]));
            open = true;
        }
    }
    out
}
