//! Pure: the GraphQL request for a batch of references (one aliased field per number,
//! grouped under one aliased `repository` per repository) and what its answer says.

use super::{Key, Kind, Meta, State};
use serde_json::Value;
use std::collections::BTreeMap;

/// What each number is asked as: first as an issue or pull request (one field answers
/// both); the numbers that are neither, once more as discussions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    IssueOrPullRequest,
    Discussion,
}

/// Only names GitHub allows reach a query, so a name is never more than a plain string
/// there (and a name GitHub cannot have is not worth a request).
pub fn valid((owner, repo, number): &Key) -> bool {
    let ok = |s: &str, max: usize, extra: &[char]| {
        !s.is_empty()
            && s.len() <= max
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || extra.contains(&c))
    };
    *number > 0 && ok(owner, 39, &[]) && ok(repo, 100, &['.', '_']) && repo != "." && repo != ".."
}

const LABELS: &str = "labels(first:10){nodes{name}}";

/// The request body (JSON) for `batch`, sorted, every key [`valid`]. Repositories are
/// aliased `r0`, `r1`, … in order, numbers `n<number>`.
pub fn query(batch: &[Key], field: Field) -> String {
    let mut q = String::from("query{");
    for (i, (owner, repo, numbers)) in groups(batch).into_iter().enumerate() {
        q.push_str(&format!("r{i}:repository(owner:\"{owner}\",name:\"{repo}\"){{"));
        for n in numbers {
            q.push_str(&match field {
                Field::IssueOrPullRequest => {
                    format!("n{n}:issueOrPullRequest(number:{n}){{__typename ...I ...P}} ")
                }
                Field::Discussion => format!("n{n}:discussion(number:{n}){{title closed {LABELS}}} "),
            });
        }
        q.push('}');
    }
    q.push('}');
    if field == Field::IssueOrPullRequest {
        q.push_str(&format!(
            " fragment I on Issue{{title state {LABELS}}} \
             fragment P on PullRequest{{title state isDraft merged {LABELS}}}"
        ));
    }
    serde_json::json!({ "query": q }).to_string()
}

/// Consecutive keys of one repository (the batch is sorted, so each repository once).
fn groups(batch: &[Key]) -> Vec<(&str, &str, Vec<u64>)> {
    let mut out: Vec<(&str, &str, Vec<u64>)> = Vec::new();
    for (owner, repo, n) in batch {
        match out.last_mut() {
            Some((o, r, ns)) if o == owner && r == repo => ns.push(*n),
            _ => out.push((owner, repo, vec![*n])),
        }
    }
    out
}

/// What one answer says.
#[derive(Debug, Default)]
pub struct Answer {
    pub found: BTreeMap<Key, Meta>,
    /// Numbers the repository has no such thing for (asked as `Field`).
    pub missing: Vec<Key>,
    /// References whose repository GitHub does not know (or the token cannot see).
    pub no_repo: Vec<Key>,
    /// GitHub's `RATE_LIMITED` error: no further request until the limit resets.
    pub rate_limited: bool,
    /// The first error that is neither of the above, as GitHub words it.
    pub other_error: Option<String>,
}

/// Reads an answer to [`query`]`(batch, field)`. `Err` when it is not the JSON GraphQL
/// answers with, or a field has an unexpected shape.
pub fn parse(text: &str, batch: &[Key], field: Field, now: i64) -> Result<Answer, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut answer = Answer::default();
    let errors = v.get("errors").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    for e in errors {
        match e.get("type").and_then(Value::as_str) {
            Some("NOT_FOUND") => {}
            Some("RATE_LIMITED") => answer.rate_limited = true,
            _ if answer.other_error.is_none() => {
                let m = e.get("message").and_then(Value::as_str).unwrap_or("no message");
                answer.other_error = Some(m.to_string());
            }
            _ => {}
        }
    }
    let data = match v.get("data") {
        Some(Value::Object(d)) => d,
        Some(Value::Null) | None if !errors.is_empty() => return Ok(answer),
        _ => return Err("no `data` in it".into()),
    };
    for (i, (owner, repo, numbers)) in groups(batch).into_iter().enumerate() {
        let key = |n: u64| (owner.to_string(), repo.to_string(), n);
        let repository = match data.get(&format!("r{i}")) {
            Some(Value::Object(r)) => r,
            Some(Value::Null) | None => {
                answer.no_repo.extend(numbers.into_iter().map(key));
                continue;
            }
            Some(_) => return Err(format!("`r{i}` is not an object")),
        };
        for n in numbers {
            match repository.get(&format!("n{n}")) {
                Some(Value::Null) | None => answer.missing.push(key(n)),
                Some(node) => {
                    let meta = meta(node, field, now).ok_or(format!("`r{i}.n{n}` is not {field:?}"))?;
                    answer.found.insert(key(n), meta);
                }
            }
        }
    }
    Ok(answer)
}

fn meta(node: &Value, field: Field, now: i64) -> Option<Meta> {
    let title = node.get("title")?.as_str()?.to_string();
    let labels = node
        .get("labels")
        .and_then(|l| l.get("nodes"))
        .and_then(Value::as_array)
        .map(|ls| {
            ls.iter()
                .filter_map(|l| l.get("name")?.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let state = node.get("state").and_then(Value::as_str);
    let flag = |name: &str| node.get(name).and_then(Value::as_bool).unwrap_or(false);
    let (kind, state) = match field {
        Field::Discussion => {
            let closed = node.get("closed")?.as_bool()?;
            (Kind::Discussion, if closed { State::Closed } else { State::Open })
        }
        Field::IssueOrPullRequest => match node.get("__typename")?.as_str()? {
            "Issue" => (Kind::Issue, open_or_closed(state?)?),
            "PullRequest" => {
                let state = match state? {
                    "MERGED" => State::Merged,
                    _ if flag("merged") => State::Merged,
                    "OPEN" if flag("isDraft") => State::Draft,
                    s => open_or_closed(s)?,
                };
                (Kind::PullRequest, state)
            }
            _ => return None,
        },
    };
    Some(Meta {
        title,
        state,
        kind,
        labels,
        fetched: now,
    })
}

fn open_or_closed(state: &str) -> Option<State> {
    match state {
        "OPEN" => Some(State::Open),
        "CLOSED" => Some(State::Closed),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(o: &str, r: &str, n: u64) -> Key {
        (o.into(), r.into(), n)
    }

    #[test]
    fn one_repository_field_per_repository_and_one_alias_per_number() {
        let batch = [key("a", "x", 1), key("a", "x", 7), key("b", "y.rs", 2)];
        let body: Value = serde_json::from_str(&query(&batch, Field::IssueOrPullRequest)).unwrap();
        let q = body["query"].as_str().unwrap();
        assert!(q.starts_with("query{r0:repository(owner:\"a\",name:\"x\"){n1:issueOrPullRequest(number:1)"), "{q}");
        assert!(q.contains("n7:issueOrPullRequest(number:7)"), "{q}");
        assert!(q.contains("r1:repository(owner:\"b\",name:\"y.rs\"){n2:"), "{q}");
        assert!(q.contains("fragment P on PullRequest{title state isDraft merged"), "{q}");
        let d = query(&batch[..1], Field::Discussion);
        assert!(d.contains("n1:discussion(number:1){title closed") && !d.contains("fragment"), "{d}");
    }

    #[test]
    fn names_github_cannot_have_are_not_asked() {
        assert!(valid(&key("rust-lang", "rust.vim", 1)));
        assert!(!valid(&key("a\"){x", "r", 1)));
        assert!(!valid(&key("a", "", 1)));
        assert!(!valid(&key("a", "..", 1)));
        assert!(!valid(&key("a", "r", 0)));
    }

    #[test]
    fn states_kinds_labels_and_what_is_missing() {
        let batch = [key("a", "x", 1), key("a", "x", 2), key("a", "x", 3), key("a", "x", 4), key("b", "y", 5)];
        let text = r#"{"data":{"r0":{
            "n1":{"__typename":"Issue","title":"Crash","state":"OPEN","labels":{"nodes":[{"name":"bug"}]}},
            "n2":{"__typename":"PullRequest","title":"Fix","state":"MERGED","isDraft":false,"merged":true,"labels":{"nodes":[]}},
            "n3":{"__typename":"PullRequest","title":"WIP","state":"OPEN","isDraft":true,"merged":false,"labels":{"nodes":[]}},
            "n4":null},"r1":null},
            "errors":[{"type":"NOT_FOUND","path":["r0","n4"],"message":"no"},{"type":"NOT_FOUND","path":["r1"],"message":"no"}]}"#;
        let a = parse(text, &batch, Field::IssueOrPullRequest, 9).unwrap();
        let m = &a.found[&key("a", "x", 1)];
        assert_eq!((m.kind, m.state, m.labels.clone(), m.fetched), (Kind::Issue, State::Open, vec!["bug".to_string()], 9));
        assert_eq!(a.found[&key("a", "x", 2)].state, State::Merged);
        assert_eq!(a.found[&key("a", "x", 3)].state, State::Draft);
        assert_eq!(a.missing, [key("a", "x", 4)]);
        assert_eq!(a.no_repo, [key("b", "y", 5)]);
        assert!(!a.rate_limited && a.other_error.is_none());
    }

    #[test]
    fn discussions_open_or_closed() {
        let text = r#"{"data":{"r0":{"n1":{"title":"Ideas","closed":true,"labels":{"nodes":[]}}}}}"#;
        let a = parse(text, &[key("a", "x", 1)], Field::Discussion, 0).unwrap();
        assert_eq!(a.found[&key("a", "x", 1)].kind, Kind::Discussion);
        assert_eq!(a.found[&key("a", "x", 1)].state, State::Closed);
    }

    #[test]
    fn malformed_answers_and_errors_without_data() {
        let batch = [key("a", "x", 1)];
        assert!(parse("<html>", &batch, Field::IssueOrPullRequest, 0).is_err());
        assert!(parse("{}", &batch, Field::IssueOrPullRequest, 0).is_err());
        assert!(parse(r#"{"data":{"r0":{"n1":{"title":1}}}}"#, &batch, Field::IssueOrPullRequest, 0).is_err());
        let limited = r#"{"data":null,"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded"}]}"#;
        assert!(parse(limited, &batch, Field::IssueOrPullRequest, 0).unwrap().rate_limited);
        let other = r#"{"errors":[{"message":"Parse error"}]}"#;
        let a = parse(other, &batch, Field::IssueOrPullRequest, 0).unwrap();
        assert_eq!(a.other_error.as_deref(), Some("Parse error"));
    }
}
