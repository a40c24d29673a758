//! Front matter `decisions:` and `actions:` lists, taken as written: each entry a string,
//! or a map with `text` and, for actions, `assignee`/`assignees`, `due` and `done`.

use super::{anchor_id, Kind, Outcome};
use serde_json::Value;
use std::collections::BTreeMap;

/// Front matter outcomes carry their own prefix, so their anchors never collide with the
/// body's (the note box holds their elements).
const PREFIX: &str = "fm-";

/// The outcomes a note's front matter lists (`extra` holds the keys `infer` did not use).
pub fn outcomes(extra: &BTreeMap<String, Value>) -> Vec<Outcome> {
    let mut out = Vec::new();
    for (key, kind) in [("decisions", Kind::Decision), ("actions", Kind::Action)] {
        let Some(list) = extra.get(key).and_then(Value::as_array) else {
            continue;
        };
        for (n, entry) in list.iter().take(1000).enumerate() {
            if let Some(o) = entry_outcome(entry, kind, n + 1) {
                out.push(o);
            }
        }
    }
    out
}

fn entry_outcome(entry: &Value, kind: Kind, n: usize) -> Option<Outcome> {
    let text = match entry {
        Value::String(s) => s.clone(),
        Value::Object(m) => m.get("text").and_then(Value::as_str)?.to_string(),
        _ => return None,
    };
    if text.trim().is_empty() {
        return None;
    }
    let field = |k: &str| match entry {
        Value::Object(m) => m.get(k),
        _ => None,
    };
    let mut assignees: Vec<String> = Vec::new();
    for k in ["assignee", "assignees"] {
        match field(k) {
            Some(Value::String(s)) => assignees.push(person(s)),
            Some(Value::Array(a)) => {
                assignees.extend(a.iter().filter_map(Value::as_str).map(person))
            }
            _ => {}
        }
    }
    let due = field("due").and_then(Value::as_str).map(str::to_lowercase);
    let done = field("done").and_then(Value::as_bool).unwrap_or(false);
    let handles = super::conventions::handles(&text);
    Some(Outcome {
        kind,
        text,
        line: 1,
        anchor: format!("{PREFIX}{}", anchor_id(kind, n)),
        agenda: None,
        handles,
        assignees: if kind == Kind::Action { assignees } else { Vec::new() },
        due: if kind == Kind::Action { due } else { None },
        done: kind == Kind::Action && done,
        refs: Vec::new(),
        html: String::new(),
    })
}

/// `@bob` → `bob`; a name stays as written.
fn person(s: &str) -> String {
    match s.trim().strip_prefix('@') {
        Some(h) => h.to_ascii_lowercase(),
        None => s.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_are_taken_as_written() {
        let extra: BTreeMap<String, Value> = [
            ("decisions".to_string(), json!(["Ship **v2**", 3, ""])),
            (
                "actions".to_string(),
                json!([{"text": "Write docs", "assignee": "@Ann", "due": "2024-03-01", "done": true}, "Fix CI"]),
            ),
        ]
        .into_iter()
        .collect();
        let o = outcomes(&extra);
        assert_eq!(o.len(), 3);
        assert_eq!((o[0].kind, o[0].text.as_str()), (Kind::Decision, "Ship **v2**"));
        assert_eq!(o[0].anchor, "fm-dec-1");
        assert_eq!(o[1].assignees, vec!["ann"]);
        assert_eq!(o[1].due.as_deref(), Some("2024-03-01"));
        assert!(o[1].done && !o[2].done);
        assert_eq!(o[2].anchor, "fm-act-2");
    }
}
