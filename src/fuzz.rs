//! The one configuration of the property tests inside the crate.

use proptest::prelude::ProptestConfig;

/// 256 cases (proptest's own default), or `VERBALE_FUZZ_CASES` (CI runs
/// thousands in release).
pub fn config() -> ProptestConfig {
    let cases = std::env::var("VERBALE_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}
