//! axe-core, the accessibility checker, run inside the browser test's pages. It comes from
//! npm (`npm install axe-core@4` into a folder outside the sources; `.ci/run` does), found
//! at `$AXE_CORE_JS` or `target/axe/node_modules/axe-core/axe.min.js`.

use super::webdriver::Browser;
use serde_json::{json, Value};
use std::path::PathBuf;

/// Where axe-core's script is, or `None` (after failing in CI or printing one SKIPPED
/// line elsewhere) when it is not installed.
pub fn axe_script(test: &str) -> Option<String> {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe/node_modules/axe-core/axe.min.js")
        });
    let script = std::fs::read_to_string(&path).ok();
    let present = super::tools::skip_unless_present(
        test,
        script
            .is_none()
            .then(|| format!("axe-core is not at {}", path.display())),
        "install it with `npm install --prefix target/axe axe-core@4` or set AXE_CORE_JS \
         (.ci/run does)",
    );
    if present {
        script
    } else {
        None
    }
}

/// Runs axe-core's default rules on the page in the browser and returns one line per
/// violating node: rule, impact, element, what is wrong. The script is sent with the
/// command rather than loaded by the page: the pages' CSP runs only the site's scripts,
/// and WebDriver's scripts are not the page's.
pub fn violations(b: &Browser, axe: &str) -> Vec<String> {
    let script = format!(
        "{axe}\n;const r = await axe.run(document, {{resultTypes: ['violations']}});
         return r.violations.flatMap(v => v.nodes.map(n => ({{rule: v.id, impact: v.impact,
           target: n.target.join(' '), html: n.html.slice(0, 160),
           why: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)}})));"
    );
    let found = b.run_async(&script, json!([]));
    found
        .as_array()
        .expect("axe's violations")
        .iter()
        .map(|v: &Value| {
            format!(
                "{} ({}) at {}: {} — {}",
                v["rule"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or_default(),
                v["target"].as_str().unwrap_or_default(),
                v["html"].as_str().unwrap_or_default(),
                v["why"].as_str().unwrap_or_default()
            )
        })
        .collect()
}
