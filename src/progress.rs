//! Progress bars on a terminal, nothing when stderr is piped.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A bar counting documents (with docs/s), hidden unless stderr is a terminal.
pub fn docs_bar(quiet: bool) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    if quiet || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    } else {
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {elapsed_precise} {pos} docs ({per_sec}) {wide_msg}",
            )
            .expect("valid template"),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
    }
    bar
}
