//! Search that forgives: word forms (stems) and typos on a fixture archive, and the
//! browser's stemmer (search.js, run by node) against the index's (rust-stemmers) on every
//! word of the real archives.

mod common;
use common::*;
use minutes::search::{self, Searcher};
use std::collections::BTreeSet;
use std::path::Path;

const ARCHIVES: [&str; 3] = [
    "ipfs__team-mgmt",
    "pokt-network__pocket",
    "rust-lang__lang-team",
];

/// Every distinct word of the Markdown files under `dir`, folded.
fn words_under(dir: &Path, out: &mut BTreeSet<String>) {
    for e in walkdir(dir) {
        let text = String::from_utf8_lossy(&std::fs::read(&e).unwrap()).into_owned();
        let folded = search::fold(&text);
        out.extend(search::words(&folded).map(str::to_string));
    }
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn the_browsers_stemmer_agrees_on_every_word_of_the_real_archives() {
    let test = "the_browsers_stemmer_agrees_on_every_word_of_the_real_archives";
    let Some(shared) = shared(test) else {
        return;
    };
    if !program_present(
        test,
        "node",
        "--version",
        "install Node.js (Debian: nodejs)",
    ) {
        return;
    }
    let mut words = BTreeSet::new();
    for a in ARCHIVES {
        words_under(&shared.join("corpus/real").join(a), &mut words);
    }
    let stem = search::Stem::for_language("en");
    let mut table = String::new();
    for w in &words {
        if let Some(s) = stem.stem(w) {
            table.push_str(&format!("{w}\t{s}\n"));
        }
    }
    let n = table.lines().count();
    assert!(n > 10_000, "{n} words");
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.tsv");
    std::fs::write(&pairs, &table).unwrap();
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js");
    let script = format!(
        "const m = await import({js:?}); const fs = await import('node:fs');
         const bad = [];
         for (const line of fs.readFileSync({pairs:?}, 'utf8').split('\\n')) {{
           if (!line) continue;
           const [w, s] = line.split('\\t');
           const got = m.stem(w);
           if (got !== s) bad.push(`${{w}}: rust ${{s}}, js ${{got}}`);
         }}
         console.log(JSON.stringify(bad.slice(0, 30)));
         process.exit(bad.length ? 1 : 0);",
        js = format!("file://{}", js.display()),
        pairs = pairs.display().to_string(),
    );
    let out = std::process::Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "stems differ: {} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
