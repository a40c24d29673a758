//! The hostile-archive suite: notes are untrusted input. Each case is a small archive of two
//! good notes plus one hostile input, built by the real binary. For each case:
//!
//! - `check` and `build` exit with the expected code (and agree);
//! - the problem is reported at `path:line:col` (by both commands);
//! - the good notes are still built;
//! - nothing outside the output folder changed (the whole temporary tree is compared,
//!   byte for byte, before and after);
//! - no produced file carries executable script or a URL whose scheme is not `http`,
//!   `https` or `mailto` (HTML is parsed with `scraper`, XML with `roxmltree`, search files
//!   with `serde_json`), and nothing read from outside the archive is published.

use scraper::Html;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Published only if a file outside the archive was read.
const SECRET: &str = "TOPSECRETMARKER";
/// Each good note carries one of these; both must be published.
const GOOD: [(&str, &str); 2] = [
    (
        "2024-01-01--core.md",
        "# Core sync\n\nWe agreed on GOODNOTEONE.\n",
    ),
    (
        "2024-01-08--core.md",
        "# Core sync\n\nWe agreed on GOODNOTETWO.\n",
    ),
];
/// The hostile note's name; its payload starts on line [`PAYLOAD_LINE`], column 1.
const NOTE: &str = "2024-02-01--core.md";
const PAYLOAD_LINE: u32 = 5;

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// `tmp/archive/` (the good notes) and `tmp/outside/` (a secret beside the archive).
    fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        for (name, text) in GOOD {
            f.write(&format!("archive/{name}"), text.as_bytes());
        }
        f.write(
            "outside/secret.md",
            format!("# Secret\n\n{SECRET}\n").as_bytes(),
        );
        f.write("outside/secret.png", SECRET.as_bytes());
        f
    }

    fn top(&self) -> &Path {
        self.dir.path()
    }

    fn archive(&self) -> PathBuf {
        self.top().join("archive")
    }

    fn out(&self) -> PathBuf {
        self.archive().join("public")
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.top().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// The hostile note: a heading, a line of text, then `payload` from line 5.
    fn note(&self, payload: &str) {
        self.write(
            &format!("archive/{NOTE}"),
            format!("# Hostile\n\nSome text.\n\n{payload}\n").as_bytes(),
        );
    }

    #[cfg(unix)]
    fn symlink(&self, target: &str, link: &str) {
        let link = self.top().join(link);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(self.top().join(target), link).unwrap();
    }
}

/// What a case expects.
struct Expect {
    /// `check`'s and `build`'s exit code.
    exit: i32,
    /// The diagnostic both print: path relative to the archive, line, column, severity and
    /// words of its message (lower case). `None` only for notes that are large but legal.
    diag: Option<(&'static str, u32, u32, &'static str, &'static str)>,
}

fn warns(line: u32, col: u32, says: &'static str) -> Expect {
    Expect {
        exit: 0,
        diag: Some((NOTE, line, col, "warning", says)),
    }
}

fn warns_at(path: &'static str, says: &'static str) -> Expect {
    Expect {
        exit: 0,
        diag: Some((path, 1, 1, "warning", says)),
    }
}

fn errs(path: &'static str, line: u32, col: u32, says: &'static str) -> Expect {
    Expect {
        exit: 1,
        diag: Some((path, line, col, "error", says)),
    }
}

/// Every file under `root` except the output folder: path → (kind, bytes).
fn snapshot(root: &Path, out: &Path) -> BTreeMap<PathBuf, (String, Vec<u8>)> {
    let mut map = BTreeMap::new();
    let walk = walkdir::WalkDir::new(root).follow_links(false);
    for entry in walk.into_iter().filter_entry(|e| e.path() != out) {
        let entry = entry.unwrap();
        let ft = entry.file_type();
        let value = if ft.is_symlink() {
            let target = std::fs::read_link(entry.path()).unwrap();
            (
                "symlink".into(),
                target.to_string_lossy().into_owned().into(),
            )
        } else if ft.is_file() {
            ("file".into(), std::fs::read(entry.path()).unwrap())
        } else if ft.is_dir() {
            ("dir".into(), Vec::new())
        } else {
            // FIFOs and devices: never opened (a FIFO would block).
            ("special".into(), Vec::new())
        };
        map.insert(entry.path().to_path_buf(), value);
    }
    map
}

#[derive(Debug, serde::Deserialize)]
struct Diag {
    path: String,
    line: u32,
    col: u32,
    severity: String,
    message: String,
}

fn minutes(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_REPOSITORY")
        .output()
        .expect("minutes runs")
}

/// Runs `check` and `build` on the fixture and asserts everything the suite promises.
fn run(f: &Fixture, expect: Expect) {
    let before = snapshot(f.top(), &f.out());
    let archive = f.archive();
    let archive_s = archive.to_str().unwrap();

    let check = minutes(&["check", archive_s, "--format", "json"]);
    let check_stderr = String::from_utf8_lossy(&check.stderr);
    let diags: Vec<Diag> = serde_json::from_slice(&check.stdout).unwrap_or_else(|e| {
        panic!(
            "check --format json printed no JSON ({e}): {}\n{check_stderr}",
            String::from_utf8_lossy(&check.stdout)
        )
    });
    let build = minutes(&["build", archive_s]);
    let build_stderr = String::from_utf8_lossy(&build.stderr).into_owned();
    let report = format!("check: {diags:#?}\n{check_stderr}\nbuild:\n{build_stderr}");

    assert_eq!(
        check.status.code(),
        Some(expect.exit),
        "check's exit\n{report}"
    );
    assert_eq!(
        build.status.code(),
        Some(expect.exit),
        "build's exit\n{report}"
    );

    if let Some((path, line, col, severity, says)) = expect.diag {
        let found = diags.iter().any(|d| {
            d.path.ends_with(path)
                && d.line == line
                && d.col == col
                && d.severity == severity
                && d.message.to_lowercase().contains(says)
        });
        assert!(
            found,
            "check: no {severity} at {path}:{line}:{col} saying {says:?}\n{report}"
        );
        let printed = build_stderr.lines().any(|l| {
            l.contains(&format!("{path}:{line}:{col}: {severity}:"))
                && l.to_lowercase().contains(says)
        });
        assert!(
            printed,
            "build: no {severity} at {path}:{line}:{col} saying {says:?}\n{report}"
        );
    }

    let after = snapshot(f.top(), &f.out());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files outside the output folder were created or deleted\n{report}"
    );
    for (path, was) in &before {
        assert!(after[path] == *was, "{} changed\n{report}", path.display());
    }

    let published = published(&f.out());
    for marker in ["GOODNOTEONE", "GOODNOTETWO"] {
        assert!(
            published.iter().any(|(p, text)| p.ends_with(".html")
                && !p.contains("search")
                && text.contains(marker)),
            "the good note with {marker} was not built\n{report}"
        );
    }
    for (path, text) in &published {
        assert!(
            !text.contains(SECRET),
            "{path} publishes a file from outside the archive"
        );
        let problems = if path.ends_with(".html") {
            html_problems(text)
        } else if path.ends_with(".xml") {
            xml_problems(text)
        } else if path.ends_with(".json") {
            json_problems(text)
        } else {
            Vec::new()
        };
        assert!(problems.is_empty(), "{path}: {problems:#?}\n{report}");
    }
}

/// Every text file of the built site: path relative to it → contents.
fn published(out: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(out).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            files.push((rel, text));
        }
    }
    files
}

/// A URL a browser would run or load as a document: any scheme but http, https and mailto,
/// read as a browser reads it (control characters and whitespace around and inside the
/// scheme dropped, case folded).
fn bad_scheme(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(colon) = cleaned.find(':') else {
        return false;
    };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // `./a:b` or `x/y:z` is a path, not a scheme.
    is_scheme && !matches!(scheme, "http" | "https" | "mailto")
}

const URL_ATTRIBUTES: [&str; 12] = [
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "cite",
    "xlink:href",
    "lowsrc",
    "dynsrc",
    "longdesc",
];

/// What in an HTML page could run script or load a foreign document.
fn html_problems(text: &str) -> Vec<String> {
    let doc = Html::parse_document(text);
    let mut problems = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name();
        match name {
            // The theme's own scripts: a file of the site, nothing inline.
            "script" => {
                let inline = node
                    .children()
                    .any(|c| c.value().as_text().is_some_and(|t| !t.trim().is_empty()));
                let src = el.attr("src").unwrap_or("");
                if inline || src.is_empty() || src.contains("//") {
                    problems.push(format!("script element (src {src:?}, inline {inline})"));
                }
            }
            // A form is the theme's search box; a note's form is caught by its `action` or
            // `formaction` below.
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "base" | "style"
            | "portal" => problems.push(format!("<{name}> element")),
            "meta" => {
                if let Some(equiv) = el.attr("http-equiv") {
                    if !equiv.eq_ignore_ascii_case("content-security-policy") {
                        problems.push(format!("<meta http-equiv={equiv}>"));
                    }
                }
            }
            _ => {}
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") || attr == "srcdoc" || attr == "formaction" {
                problems.push(format!("{attr} attribute on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) && bad_scheme(value) {
                problems.push(format!("{attr}={value:?} on <{name}>"));
            }
            if attr == "srcset" && value.split(',').any(|c| bad_scheme(c.trim())) {
                problems.push(format!("srcset={value:?} on <{name}>"));
            }
            if attr == "style" {
                let css: String = value
                    .to_ascii_lowercase()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                if css.contains("expression(")
                    || css.contains("javascript:")
                    || css.contains("url(")
                {
                    problems.push(format!("style={value:?} on <{name}>"));
                }
            }
        }
    }
    problems
}

/// XML must parse (XML 1.0: no control characters), and its links must be safe.
fn xml_problems(text: &str) -> Vec<String> {
    let doc = match roxmltree::Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => return vec![format!("not well-formed XML: {e}")],
    };
    let mut problems = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        if let Some(href) = node.attribute("href") {
            if bad_scheme(href) {
                problems.push(format!("href={href:?}"));
            }
        }
        if node.tag_name().name() == "loc" {
            let loc = node.text().unwrap_or("");
            if bad_scheme(loc) {
                problems.push(format!("loc {loc:?}"));
            }
        }
        // An Atom `type="html"` text is HTML a reader will render.
        if node.attribute("type") == Some("html") {
            problems.extend(html_problems(node.text().unwrap_or("")));
        }
    }
    problems
}

/// The search files hold text that `search.js` escapes; what must never be in them is
/// a link with a bad scheme or markup a careless theme could insert.
fn json_problems(text: &str) -> Vec<String> {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return vec![format!("not JSON: {e}")],
    };
    let mut problems = Vec::new();
    fn walk(key: &str, v: &serde_json::Value, problems: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => {
                let lower = s.to_ascii_lowercase();
                // Text a note wrote as text (`<img/src=…>` above) stays searchable text,
                // escaped by search.js; a raw `<script>` element never becomes text.
                if lower.contains("<script") {
                    problems.push(format!("markup in {key}: {s:?}"));
                }
                if matches!(key, "url" | "href" | "u") && bad_scheme(s) {
                    problems.push(format!("{key}={s:?}"));
                }
            }
            serde_json::Value::Array(items) => {
                items.iter().for_each(|i| walk(key, i, problems));
            }
            serde_json::Value::Object(map) => {
                map.iter().for_each(|(k, i)| walk(k, i, problems));
            }
            _ => {}
        }
    }
    walk("", &value, &mut problems);
    problems
}

/// A hostile note whose payload is on line 5: warned about at line 5, column `col`.
fn payload_case(payload: &str, col: u32, says: &'static str) {
    let f = Fixture::new();
    f.note(payload);
    run(&f, warns(PAYLOAD_LINE, col, says));
}

// --- Raw HTML: elements and attributes GitHub removes --------------------------------

#[test]
fn script_element() {
    payload_case("<script>alert(1)</script>", 1, "<script>");
}

#[test]
fn script_element_in_mixed_case() {
    payload_case("<ScRiPt>alert(1)</sCrIpT>", 1, "<script>");
}

#[test]
fn script_element_inline_in_a_paragraph() {
    payload_case("Text <script>alert(1)</script> more text.", 6, "<script>");
}

#[test]
fn unclosed_script_element() {
    payload_case("<script src=https://evil.example/x.js", 1, "<script>");
}

#[test]
fn nested_script_tags() {
    payload_case("<scr<script>ipt>alert(1)</scr</script>ipt>", 5, "<script>");
}

#[test]
fn iframe() {
    payload_case(
        "<iframe src=\"https://evil.example/\"></iframe>",
        1,
        "<iframe>",
    );
}

#[test]
fn iframe_srcdoc() {
    payload_case(
        "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        1,
        "<iframe>",
    );
}

#[test]
fn img_onerror() {
    payload_case("<img src=x onerror=alert(1)>", 12, "onerror");
}

#[test]
fn img_with_slash_separated_attributes_stays_text() {
    // A browser reads `onerror` here (`/` separates attributes), but CommonMark's raw HTML
    // needs whitespace before an attribute: the line is text, escaped, and nothing is
    // removed. The output checks prove no `onerror` reaches a page.
    let f = Fixture::new();
    f.note("<img/src=\"x\"/onerror=alert(1)>");
    run(
        &f,
        Expect {
            exit: 0,
            diag: None,
        },
    );
}

#[test]
fn details_ontoggle() {
    payload_case(
        "<details open ontoggle=alert(1)><summary>x</summary></details>",
        15,
        "ontoggle",
    );
}

#[test]
fn base_element() {
    payload_case("<base href=\"https://evil.example/\">", 1, "<base>");
}

#[test]
fn meta_refresh() {
    payload_case(
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
        1,
        "<meta>",
    );
}

#[test]
fn svg_onload() {
    payload_case("<svg onload=alert(1)></svg>", 1, "<svg>");
}

#[test]
fn svg_with_script_inside() {
    payload_case("<svg><script>alert(1)</script></svg>", 1, "<svg>");
}

#[test]
fn math_with_a_javascript_link() {
    payload_case(
        "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">x</maction></math>",
        1,
        "<math>",
    );
}

#[test]
fn object_element() {
    payload_case(
        "<object data=\"javascript:alert(1)\"></object>",
        1,
        "<object>",
    );
}

#[test]
fn embed_element() {
    payload_case("<embed src=\"javascript:alert(1)\">", 1, "<embed>");
}

#[test]
fn form_with_formaction() {
    payload_case(
        "<form><button formaction=\"javascript:alert(1)\">x</button></form>",
        1,
        "<form>",
    );
}

#[test]
fn input_autofocus_onfocus() {
    payload_case("<input autofocus onfocus=alert(1)>", 18, "onfocus");
}

#[test]
fn video_source_onerror() {
    payload_case("<video><source onerror=\"alert(1)\"></video>", 1, "<video>");
}

#[test]
fn style_attribute_with_expression() {
    payload_case(
        "<div style=\"width: expression(alert(1))\">x</div>",
        6,
        "style",
    );
}

#[test]
fn style_attribute_with_javascript_url() {
    payload_case(
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        6,
        "style",
    );
}

#[test]
fn style_element() {
    payload_case(
        "<style>@import 'https://evil.example/x.css'; body { background: url(javascript:alert(1)) }</style>",
        1,
        "<style>",
    );
}

#[test]
fn unclosed_comment_hiding_a_script() {
    // A browser ends the comment at `--!>`: the script runs unless removed.
    payload_case("<!-- x --!><script>alert(1)</script>", 12, "<script>");
}

#[test]
fn link_element() {
    payload_case(
        "<link rel=\"stylesheet\" href=\"javascript:alert(1)\">",
        1,
        "<link>",
    );
}

// --- URLs in raw HTML ----------------------------------------------------------------

#[test]
fn javascript_href_in_raw_html() {
    payload_case("<a href=\"javascript:alert(1)\">x</a>", 4, "javascript:");
}

#[test]
fn javascript_href_written_with_entities() {
    payload_case(
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        4,
        "javascript:",
    );
}

#[test]
fn javascript_href_with_an_encoded_colon() {
    payload_case(
        "<a href=\"javascript&#58;alert(1)\">x</a>",
        4,
        "javascript:",
    );
}

#[test]
fn javascript_href_split_by_a_tab_entity() {
    payload_case(
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        4,
        "javascript:",
    );
}

#[test]
fn javascript_href_after_spaces() {
    payload_case("<a href=\"  javascript:alert(1)\">x</a>", 4, "javascript:");
}

#[test]
fn vbscript_href() {
    payload_case("<a href=\"vbscript:msgbox(1)\">x</a>", 4, "vbscript:");
}

#[test]
fn data_html_href() {
    payload_case(
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        4,
        "data:",
    );
}

#[test]
fn data_svg_image_in_raw_html() {
    payload_case(
        "<img src=\"data:image/svg+xml,&lt;svg onload=alert(1)&gt;\">",
        6,
        "data:",
    );
}

// --- URLs in Markdown ----------------------------------------------------------------

#[test]
fn markdown_link_to_javascript() {
    payload_case("[click](javascript:alert(1))", 1, "javascript:");
}

#[test]
fn markdown_link_to_javascript_in_capitals() {
    payload_case("[click](JAVASCRIPT:alert(1))", 1, "javascript:");
}

#[test]
fn markdown_link_with_an_entity_in_its_scheme() {
    payload_case("[click](javascript&#58;alert(1))", 1, "javascript:");
}

#[test]
fn markdown_autolink_to_javascript() {
    payload_case("<javascript:alert(1)>", 1, "javascript:");
}

#[test]
fn markdown_reference_definition_to_javascript() {
    let f = Fixture::new();
    f.note("[click][r]\n\n[r]: javascript:alert(1)");
    run(&f, warns(PAYLOAD_LINE, 1, "javascript:"));
}

#[test]
fn markdown_image_with_a_javascript_source() {
    payload_case("![chart](javascript:alert(1))", 1, "javascript:");
}

#[test]
fn markdown_image_with_a_data_svg_source() {
    payload_case(
        "![chart](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        1,
        "data:",
    );
}

#[test]
fn markdown_link_to_vbscript() {
    payload_case("[click](vbscript:msgbox(1))", 1, "vbscript:");
}

#[test]
fn payload_after_front_matter_is_reported_at_its_file_line() {
    let f = Fixture::new();
    f.write(
        &format!("archive/{NOTE}"),
        b"---\ntitle: Hostile\nteam: core\n---\n\nText.\n\n<script>alert(1)</script>\n",
    );
    run(&f, warns(8, 1, "<script>"));
}

#[test]
fn html_github_keeps_is_kept() {
    let f = Fixture::new();
    f.note(
        "<details><summary>More</summary>\n\n<kbd>Ctrl</kbd> H<sub>2</sub>O x<sup>2</sup><br>\n\n</details>\n\n<img src=\"https://example.com/a.png\" alt=\"a\" width=\"20\">\n\n[site](https://example.com/) [mail](mailto:a@example.com) [rel](other.md)",
    );
    run(
        &f,
        Expect {
            exit: 0,
            diag: None,
        },
    );
    let page = std::fs::read_to_string(f.out().join("core/2024-02-01/index.html"))
        .or_else(|_| {
            published(&f.out())
                .into_iter()
                .find(|(_, t)| t.contains("<summary>More</summary>"))
                .map(|(_, t)| t)
                .ok_or(())
        })
        .expect("the note's page");
    for kept in [
        "<details>",
        "<summary>More</summary>",
        "<kbd>Ctrl</kbd>",
        "<sub>2</sub>",
        "<sup>2</sup>",
        "href=\"https://example.com/\"",
        "href=\"mailto:a@example.com\"",
    ] {
        assert!(page.contains(kept), "{kept} was removed");
    }
    let doc = Html::parse_document(&page);
    let img = common_select(&doc, "img[src=\"https://example.com/a.png\"]");
    assert_eq!(img, 1, "the remote image with its width");
}

fn common_select(doc: &Html, css: &str) -> usize {
    doc.select(&scraper::Selector::parse(css).unwrap()).count()
}

// --- Files outside the archive ---------------------------------------------------------

#[cfg(unix)]
#[test]
fn note_symlinked_to_a_file_outside() {
    let f = Fixture::new();
    f.symlink("outside/secret.md", "archive/2024-02-01--core.md");
    run(&f, warns_at(NOTE, "outside the archive"));
}

#[cfg(unix)]
#[test]
fn note_symlinked_to_etc_passwd() {
    let f = Fixture::new();
    let link = f.archive().join("passwd.md");
    std::os::unix::fs::symlink("/etc/passwd", &link).unwrap();
    run(&f, warns_at("passwd.md", "outside the archive"));
    assert!(
        !published(&f.out())
            .iter()
            .any(|(_, t)| t.contains("root:x:0:0")),
        "/etc/passwd was published"
    );
}

#[cfg(unix)]
#[test]
fn folder_symlinked_outside() {
    let f = Fixture::new();
    f.symlink("outside", "archive/notes");
    run(&f, warns_at("notes", "outside the archive"));
}

#[cfg(unix)]
#[test]
fn attachment_symlinked_outside() {
    let f = Fixture::new();
    f.note("![chart](chart.png)");
    f.symlink("outside/secret.png", "archive/chart.png");
    run(&f, warns_at("chart.png", "outside the archive"));
}

#[cfg(unix)]
#[test]
fn symlinks_inside_the_archive_keep_working() {
    let f = Fixture::new();
    f.write(
        "archive/real/2024-03-01--core.md",
        b"# Linked\n\nINSIDELINK\n",
    );
    f.symlink("archive/real", "archive/alias");
    f.note("![chart](img/chart.png)");
    f.write("archive/assets-src/chart.png", b"PNGDATA");
    f.symlink("archive/assets-src/chart.png", "archive/img/chart.png");
    run(
        &f,
        Expect {
            exit: 0,
            diag: None,
        },
    );
    let files = published(&f.out());
    assert!(files.iter().any(|(_, t)| t.contains("INSIDELINK")));
    assert!(
        walkdir::WalkDir::new(f.out())
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_name() == "chart.png"),
        "the image linked inside the archive is published"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_note_is_skipped_not_opened() {
    let f = Fixture::new();
    let fifo = f.archive().join("2024-02-02--core.md");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    run(&f, warns_at("2024-02-02--core.md", "not a regular file"));
}

// --- Bounded work ---------------------------------------------------------------------

#[test]
fn yaml_alias_bomb() {
    let f = Fixture::new();
    let mut yaml = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        yaml.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n;
    }
    yaml.push_str("---\n\n# Bomb\n");
    f.write(&format!("archive/{NOTE}"), yaml.as_bytes());
    // Refused at the alias that takes it over the limit.
    run(&f, errs(NOTE, 7, 17, "aliases"));
}

#[test]
fn json_front_matter_20000_deep() {
    let f = Fixture::new();
    let json = format!(
        "{{\"a\": {}1{}}}\n\n# Deep\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    f.write(&format!("archive/{NOTE}"), json.as_bytes());
    // At the bracket past the depth limit.
    run(&f, errs(NOTE, 1, 70, "too deeply nested"));
}

#[test]
fn toml_front_matter_deeply_nested() {
    let f = Fixture::new();
    let toml = format!(
        "+++\na = {}1{}\n+++\n\n# Deep\n",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    f.write(&format!("archive/{NOTE}"), toml.as_bytes());
    run(&f, errs(NOTE, 2, 68, "too deeply nested"));
}

#[test]
fn references_repeated_in_one_paragraph() {
    let f = Fixture::new();
    f.note(&"word #1 @x ".repeat(80_000));
    run(
        &f,
        Expect {
            exit: 0,
            diag: None,
        },
    );
}

#[test]
fn twenty_thousand_broken_links() {
    let f = Fixture::new();
    let links: String = (0..20_000)
        .map(|i| format!("[l{i}](missing-{i}.md) "))
        .collect();
    f.note(&links);
    run(&f, warns(PAYLOAD_LINE, 1, "missing-0.md"));
}

#[test]
fn two_hundred_thousand_nested_quotes() {
    let f = Fixture::new();
    f.note(&format!("{}deep", ">".repeat(200_000)));
    run(
        &f,
        Expect {
            exit: 0,
            diag: None,
        },
    );
}

// --- Generated files a note could replace -----------------------------------------------

/// A note at the archive root named after a file minutes generates: an error, and the
/// generated file stays a file.
fn generated_file_case(note: &'static str, generated: &str) {
    let f = Fixture::new();
    f.write(&format!("archive/{note}"), b"# Taken over\n\nTaken over.\n");
    run(&f, errs(note, 1, 1, "minutes generates"));
    assert!(f.out().join(generated).is_file(), "{generated} is a file");
}

#[test]
fn a_note_named_index_html() {
    generated_file_case("index.html.md", "index.html");
}

#[test]
fn a_note_named_atom_xml() {
    generated_file_case("atom.xml.md", "atom.xml");
}

#[test]
fn a_note_named_sitemap_xml() {
    generated_file_case("sitemap.xml.md", "sitemap.xml");
}

#[test]
fn a_note_named_404_html() {
    generated_file_case("404.html.md", "404.html");
}

// --- Characters XML forbids -----------------------------------------------------------

#[test]
fn control_characters_in_a_note() {
    let f = Fixture::new();
    f.write(
        &format!("archive/{NOTE}"),
        b"---\ntitle: \"Bell \\a and escape \\e\"\nteam: \"co\\0re\"\n---\n\n# Control \x07 \x1b chars\n\nNUL \x00 here, BEL \x07, ESC \x1b.\n",
    );
    run(
        &f,
        Expect {
            exit: 0,
            diag: None,
        },
    );
}
