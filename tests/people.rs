//! People as identities (issue 15, item 1): fixtures modelled on the shapes of the OpenJS
//! Cross Project Council's minutes (`* Ben Sternthal (@bensternthal)` in some notes, the
//! name or the handle alone in others, misspelt lines, role suffixes, placeholders) and of
//! the Rust compiler team's triage notes (`Notes: Fixed by …`, `Presently, rustc, chalk…`).
//! The expected people below were written by reading the fixture notes, before the code
//! was run on them. Also the real ipfs archive: `jacob-heun` and `jacobheun` are one person.

mod common;

use common::{texts, TestArchive};
use std::collections::BTreeSet;

const CPC_1: &str = "# CPC meeting 2024-01-09

## Present

* Ben Sternthal (@bensternthal)
* Michael Dawson (@mhdawson)
* Eemeli Aro (walking)
* Alex Liu (OpenJS board)
* Robin Ginn (@)
* OpenJS Foundation Project Maintainers
* AddYourNameHere

## Agenda

* Budget, led by @mhdawson.
";

const CPC_2: &str = "# CPC meeting 2024-01-16

## Present

* Ben Sternthal
* MIchael Dawson (Michael Dawson
* Steven Ayr (JSF counsel)
* Robin  Ginn
* Eemeli Aro
* @name

## Agenda

* Travel fund.
";

const CPC_3: &str = "# CPC meeting 2024-01-23

## Present

* @BenSternthal
* michael dawson
* Benjamin Sternthal
* Rachel Romoff (rromoff
* Rachel Romoff (@RRomoff)
* Éemeli Aro

## Agenda

* Nothing new.
";

const TRIAGE: &str = "# T-compiler P-high issue review

### #1234: miscompilation on SPARC
Link: <https://github.com/rust-lang/rust/issues/1234>
Notes: Fixed by [llvm/llvm-project#201798](https://github.com/llvm/llvm-project/pull/201798)

### #1240: ICE
Notes: SPARC platform, maybe downgrade? PR fixing it #142680 waiting on review
";

const DESIGN: &str = "# Shared library for types

Presently, rustc, chalk, and rust-analyzer each have their own type definitions. Thanks @ly.
";

fn cpc_archive() -> TestArchive {
    let t = TestArchive::new();
    t.file("content/cpc/2024-01-09.md", CPC_1)
        .file("content/cpc/2024-01-16.md", CPC_2)
        .file("content/cpc/2024-01-23.md", CPC_3)
        .file("content/triage/2025-07-10.md", TRIAGE)
        .file("content/design/2020-03-12.md", DESIGN);
    t
}

/// The person pages built, by id.
fn people(t: &TestArchive) -> BTreeSet<String> {
    std::fs::read_dir(t.out().join("people"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

fn person_name(t: &TestArchive, id: &str) -> String {
    texts(&t.page(&format!("people/{id}/index.html")), "h1").concat()
}

#[test]
fn one_page_per_person_and_none_for_what_is_no_one() {
    let t = cpc_archive();
    let report = t.build();
    assert!(
        report.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        report.diagnostics
    );
    let want: BTreeSet<String> = [
        "alex-liu",
        // Two people: no line ties `Benjamin Sternthal` to a handle.
        "benjamin-sternthal",
        "bensternthal",
        "eemeli-aro",
        "mhdawson",
        "robin-ginn",
        "rromoff",
        "steven-ayr",
    ]
    .map(String::from)
    .into();
    assert_eq!(people(&t), want);
    for id in &want {
        let name = person_name(&t, id);
        assert!(
            !name.contains(['(', ')', '[', ']', '@']) && !name.contains("://"),
            "{id}: {name}"
        );
    }
    assert_eq!(person_name(&t, "bensternthal"), "Ben Sternthal");
    assert_eq!(person_name(&t, "mhdawson"), "Michael Dawson");
    assert_eq!(person_name(&t, "rromoff"), "Rachel Romoff");
    // Every spelling leads to the one page: three meetings each.
    for id in ["bensternthal", "mhdawson"] {
        let page = t.page(&format!("people/{id}/index.html"));
        let sub = texts(&page, ".person-header .page-sub").concat();
        assert!(sub.starts_with("3 meetings attended"), "{id}: {sub}");
    }
}

#[test]
fn a_shared_handle_is_the_evidence_that_merges_near_names() {
    let t = cpc_archive();
    t.file(
        "content/cpc/2024-01-30.md",
        "# CPC meeting 2024-01-30\n\n## Present\n\n* Benjamin Sternthal - @bensternthal\n",
    );
    t.build();
    let got = people(&t);
    assert!(got.contains("bensternthal"), "{got:?}");
    assert!(!got.contains("benjamin-sternthal"), "{got:?}");
}

#[test]
fn people_config_adds_aliases_and_names() {
    let t = cpc_archive();
    t.file(
        "content/cpc/2024-02-06.md",
        "# CPC meeting 2024-02-06\n\n## Present\n\n* @mdawson\n* Ben S.\n",
    )
    .file(
        "minutes.toml",
        "[people.mhdawson]\nname = \"Michael H. Dawson\"\naliases = [\"@mdawson\"]\n\n[people.bensternthal]\naliases = [\"Ben S.\"]\n",
    );
    t.build();
    let got = people(&t);
    assert!(
        !got.contains("mdawson") && !got.contains("ben-s"),
        "{got:?}"
    );
    assert_eq!(person_name(&t, "mhdawson"), "Michael H. Dawson");
}

#[test]
fn the_note_page_shows_its_attendees_once_with_their_notes() {
    let t = cpc_archive();
    t.build();
    let page = t.page("cpc/2024-01-09/index.html");
    let chips = texts(&page, ".note-facts .chip-person .chip-name");
    assert_eq!(
        chips,
        [
            "Ben Sternthal",
            "Michael Dawson",
            "Eemeli Aro",
            "Alex Liu",
            "Robin Ginn"
        ]
    );
    assert_eq!(
        texts(&page, ".note-facts .chip-note"),
        ["(walking)", "(OpenJS board)"]
    );
    let body = texts(&page, ".note-body").concat();
    assert!(
        !body.contains("Ben Sternthal") && !body.contains("Present"),
        "{body}"
    );
    // The rest of the note is still there, and the agenda's @mention links the person.
    assert!(body.contains("Budget"), "{body}");
    let links = common::attrs(&page, ".note-body a", "href");
    assert!(
        links.iter().any(|h| h.ends_with("/people/mhdawson/")),
        "{links:?}"
    );
}

/// `minutes list` names each note's attendees as the site does: one entry per person,
/// however the note spelt them, and nothing for what is no one.
#[test]
fn list_shows_attendees_as_people() {
    let t = cpc_archive();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(["list", "--json", t.root().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let attendees = |source: &str| -> Vec<String> {
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["source"] == source)
            .unwrap_or_else(|| panic!("{source} listed"));
        let shown: Vec<String> = serde_json::from_value(row["attendees"].clone()).unwrap();
        // Handles compare without case (GitHub's).
        shown.iter().map(|a| a.to_lowercase()).collect()
    };
    // Written `Ben Sternthal`, `MIchael Dawson (Michael Dawson`, `Robin  Ginn`, `@name`
    // (a placeholder) in the second note; the first note ties names and handles.
    let second = attendees("content/cpc/2024-01-16.md");
    assert!(second.contains(&"@bensternthal".to_string()), "{second:?}");
    assert!(second.contains(&"@mhdawson".to_string()), "{second:?}");
    assert!(
        !second.iter().any(|a| a.contains('(') || a == "@name"),
        "{second:?}"
    );
    // `@BenSternthal` is the same person, listed once.
    let third = attendees("content/cpc/2024-01-23.md");
    assert_eq!(
        third.iter().filter(|a| *a == "@bensternthal").count(),
        1,
        "{third:?}"
    );
}

#[test]
fn check_lists_merges_and_drops_as_info_and_stays_clean() {
    let t = cpc_archive();
    let bin = env!("CARGO_BIN_EXE_minutes");
    let run = |extra: &[&str]| {
        let mut args = vec!["check", t.root().to_str().unwrap()];
        args.extend_from_slice(extra);
        std::process::Command::new(bin)
            .args(&args)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let info: Vec<&str> = stderr.lines().filter(|l| l.contains(": info: ")).collect();
    assert!(
        info.iter()
            // At the line that ties them: line 5, after `* `.
            .any(|l| l.starts_with("content/cpc/2024-01-09.md:5:3: info:")
                && l.contains("people/bensternthal/")
                && l.contains("`@BenSternthal`")
                && l.contains("tied by `Ben Sternthal (@bensternthal)`")),
        "{stderr}"
    );
    // Each where the first note that writes it does.
    for (dropped, at) in [
        ("AddYourNameHere", "content/cpc/2024-01-09.md:11:3:"),
        ("@name", "content/cpc/2024-01-16.md:10:3:"),
        (
            "OpenJS Foundation Project Maintainers",
            "content/cpc/2024-01-09.md:10:3:",
        ),
    ] {
        assert!(
            info.iter()
                .any(|l| l.starts_with(at)
                    && l.contains(&format!("attendee `{dropped}` is not listed"))),
            "{dropped}\n{stderr}"
        );
    }
    assert_eq!(run(&["--deny-warnings"]).status.code(), Some(0));
    let json = run(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["severity"] == "info" && d["message"].as_str().unwrap().contains("one person")));
}

#[test]
fn ipfs_has_one_jacob_heun_and_no_placeholder_people() {
    let Some(shared) = common::shared("ipfs_has_one_jacob_heun_and_no_placeholder_people") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    minutes::build::run(&minutes::build::Options {
        root: shared.join("corpus/real/ipfs__team-mgmt"),
        output: Some(out.path().to_path_buf()),
        ..Default::default()
    })
    .expect("builds");
    let ids: BTreeSet<String> = std::fs::read_dir(out.path().join("people"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(ids.contains("jacobheun") && !ids.contains("jacob-heun"));
    for placeholder in [
        "addyournamehere",
        "name",
        "yourname",
        "yournamehere",
        "your",
    ] {
        assert!(!ids.contains(placeholder), "{placeholder}");
    }
    for id in &ids {
        let html =
            std::fs::read_to_string(out.path().join(format!("people/{id}/index.html"))).unwrap();
        let page = scraper::Html::parse_document(&html);
        let name = texts(&page, "h1").concat();
        assert!(
            !name.contains(['(', ')', '[', ']']) && !name.contains("://"),
            "{id}: {name}"
        );
    }
}
