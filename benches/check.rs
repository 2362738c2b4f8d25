//! `cargo bench --bench check`: time of `verbale check` on the shipped
//! project, in process and as a whole process. Target: under 100 ms.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

// The binary's allocator, so that in-process figures are what `verbale`
// itself does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = verbale::check::Options::default();
    let samples = (0..20)
        .map(|_| {
            let t = Instant::now();
            let (_, report) = verbale::check::check(root, &options);
            assert_eq!(report.errors(), 0);
            t.elapsed()
        })
        .collect();
    println!("check, in process: median {:?} (20 runs)", median(samples));
    for args in [&["check"][..], &["check", "--render"][..]] {
        let samples = (0..10)
            .map(|_| {
                let t = Instant::now();
                let out = Command::new(env!("CARGO_BIN_EXE_verbale"))
                    .arg("-C")
                    .arg(root)
                    .args(args)
                    .output()
                    .expect("verbale runs");
                assert!(out.status.success());
                t.elapsed()
            })
            .collect();
        println!(
            "`verbale {}`, whole process: median {:?} (10 runs)",
            args.join(" "),
            median(samples)
        );
    }
}
