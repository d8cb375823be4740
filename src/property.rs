//! How every property test runs: 256 cases (`PROPTEST_CASES` for more) from a fixed seed, after
//! the saved regressions (`proptest-regressions/`), so `cargo test` gives the same answer every
//! run. A random run on demand: `PROPTEST_RNG_SEED=$RANDOM`.

use proptest::{prelude::ProptestConfig, test_runner::RngSeed};

/// The seed of every run that names none.
const SEED: u64 = 0x76_63_68_61_74;

pub fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    let mut config = ProptestConfig::with_cases(cases);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(SEED);
    }
    config
}
