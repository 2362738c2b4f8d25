//! The one configuration of the property tests: those beside the code
//! and those of `tests/it/robustness.rs`, which includes this file.

use proptest::prelude::ProptestConfig;
use proptest::test_runner::RngSeed;

/// A number from the environment, if it is set to one.
pub fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// 256 cases of each property test (proptest's own default), or
/// `VERBALE_FUZZ_CASES` (CI runs thousands in release); every random
/// choice fixed by `VERBALE_FUZZ_SEED`, when it is set.
pub fn config() -> ProptestConfig {
    let cases =
        env_number("VERBALE_FUZZ_CASES").map_or(256, |n| u32::try_from(n).unwrap_or(u32::MAX));
    let mut config = ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_time: 60_000,
        ..ProptestConfig::default()
    };
    if let Some(seed) = env_number("VERBALE_FUZZ_SEED") {
        config.rng_seed = RngSeed::Fixed(seed);
    }
    config
}
