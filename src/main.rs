use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    vchat_history::start();
}

/// `embed.js` names the Excel writer's worker, whose file name each build hashes.
#[wasm_bindgen]
pub fn xlsx_worker(url: String) {
    vchat_history::xlsx_worker(url);
}
