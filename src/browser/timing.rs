//! User Timing measures of the app's heavier computations, for the browser's profiler and the
//! benchmark (`bench/search.mjs` reads them): `performance.measure` costs nothing visible.

/// A measure begun, recorded as `vchat-history:<name>` when it ends: for work that runs over
/// several tasks.
pub struct Span {
    name: String,
}

/// Begins the measure `vchat-history:<name>`.
pub fn begin(name: &str) -> Span {
    let name = format!("vchat-history:{name}");
    if let Some(performance) = performance() {
        let _ = performance.mark(&format!("{name}:start"));
    }
    Span { name }
}

impl Span {
    /// Records the time since the measure began (from the latest mark of its name: one given up
    /// leaves its mark until then).
    pub fn end(self) {
        if let Some(performance) = performance() {
            let start = format!("{}:start", self.name);
            let _ = performance.measure_with_start_mark(&self.name, &start);
            performance.clear_marks_with_mark_name(&start);
        }
    }
}

/// Runs `work`, recording how long it took as the measure `vchat-history:<name>`.
pub fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let span = begin(name);
    let result = work();
    span.end();
    result
}

/// The page's clock; none in the hooks' host tests, which measure nothing.
fn performance() -> Option<web_sys::Performance> {
    #[cfg(target_arch = "wasm32")]
    return web_sys::window().and_then(|w| w.performance());
    #[cfg(not(target_arch = "wasm32"))]
    None
}
