//! User Timing measures of the app's heavier computations, for the browser's profiler and the
//! benchmark (`bench/search.mjs` reads them): `performance.measure` costs nothing visible.

/// Runs `work`, recording how long it took as the measure `vchat-history:<name>`.
pub fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = format!("vchat-history:{name}:start");
    if let Some(performance) = &performance {
        let _ = performance.mark(&start);
    }
    let result = work();
    if let Some(performance) = &performance {
        let _ = performance.measure_with_start_mark(&format!("vchat-history:{name}"), &start);
        performance.clear_marks_with_mark_name(&start);
    }
    result
}
