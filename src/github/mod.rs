//! Titles, state and labels of the issues, pull requests and discussions that notes
//! reference, from GitHub's GraphQL API, kept in a cache file so a rebuild asks only for
//! what is new or may have changed. Pure apart from the network (`http.rs`) and the cache
//! file (`cache.rs`); the query and its answer are `graphql.rs`.
//!
//! Nothing leaves the machine without a token: the caller passes it (the CLI reads
//! `GITHUB_TOKEN`), this module never reads the environment. Whatever goes wrong on the
//! network is one warning per kind of failure, and the build goes on with what the cache
//! and the answers so far hold; the whole fetch never takes longer than `budget`.


mod cache;
mod graphql;
mod http;

use crate::config::GithubConfig;
use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The cache file, relative to the archive root.
pub const CACHE_PATH: &str = ".minutes-cache/github.json";
/// How long a whole fetch may take by default: a build never waits longer on the network.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(5);
/// References per request: GitHub's limit of nodes per query is far above this, and a
/// hundred keeps each answer small enough to arrive well within the budget.
pub const BATCH: usize = 100;
/// An open issue or pull request (or a draft) fetched longer ago than this is asked again;
/// closed and merged ones stay as the cache has them.
pub const STALE_AFTER: i64 = 24 * 60 * 60;

/// A reference: lower-cased owner, lower-cased repository, number.
pub type Key = (String, String, u64);

/// How and whether to fetch.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `[github] fetch`: ask GitHub at all (the cache is still read when false).
    pub fetch: bool,
    /// `[github] api_url`: the GraphQL endpoint (`config::GITHUB_API_URL` by default; a
    /// local server in tests).
    pub api_url: String,
    /// The token requests are sent with; without one nothing is sent.
    pub token: Option<String>,
    /// The cache file (normally [`CACHE_PATH`] under the archive root).
    pub cache: PathBuf,
    /// The longest the whole fetch may take, every request included.
    pub budget: Duration,
}

impl Settings {
    /// The settings a build uses: `[github]` of minutes.toml, the cache under `root`, the
    /// default budget, and the token the caller found (`GITHUB_TOKEN` for the CLI).
    pub fn new(root: &Path, config: &GithubConfig, token: Option<String>) -> Settings {
        Settings {
            fetch: config.fetch,
            api_url: config.api_url.clone(),
            token: token.filter(|t| !t.trim().is_empty()),
            cache: root.join(CACHE_PATH),
            budget: DEFAULT_BUDGET,
        }
    }
}

/// What GitHub says an issue, pull request or discussion is.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Meta {
    pub title: String,
    pub state: State,
    pub kind: Kind,
    /// Label names, the first ten, in GitHub's order.
    pub labels: Vec<String>,
    /// When it was fetched (Unix seconds).
    pub fetched: i64,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Open,
    Closed,
    Merged,
    /// An open pull request marked as a draft.
    Draft,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Issue,
    PullRequest,
    Discussion,
}

impl State {
    /// As the theme and the search hints name it (`open`, `closed`, `merged`, `draft`).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Closed => "closed",
            State::Merged => "merged",
            State::Draft => "draft",
        }
    }
}

impl Meta {
    /// Whether a later build should ask again: it may still change, and was fetched more
    /// than a day before `now`.
    fn stale(&self, now: i64) -> bool {
        matches!(self.state, State::Open | State::Draft) && now - self.fetched > STALE_AFTER
    }
}

/// What is known of each of `wanted` (lower-cased owner, repository, number), from the
/// cache and, with a token and `fetch` on, from GitHub: references not in the cache and
/// open ones fetched more than a day before `now` are asked for, a hundred per request.
/// The answers are written back to the cache, which then keeps only `wanted`. References GitHub does not know (asked
/// again a day later), or that could not be fetched, are missing from the map; each kind
/// of failure is one warning.
pub fn fetch(
    wanted: &[Key],
    settings: &Settings,
    now: i64,
) -> (BTreeMap<Key, Meta>, Vec<Diagnostic>) {
    let wanted: BTreeSet<&Key> = wanted.iter().collect();
    let mut diags = Vec::new();
    let (mut cached, problem) = cache::read(&settings.cache);
    diags.extend(problem);
    let token = match &settings.token {
        Some(t) if settings.fetch => t,
        _ => return (known(&wanted, &cached), diags),
    };
    let ask: Vec<Key> = wanted
        .iter()
        .filter(|k| graphql::valid(k))
        .filter(|k| match cached.entries.get(*k) {
            Some(meta) => meta.stale(now),
            None => cached.missing.get(*k).is_none_or(|t| now - t > STALE_AFTER),
        })
        .map(|k| (*k).clone())
        .collect();
    if !ask.is_empty() {
        let mut session = Session::new(settings, token, now);
        let (found, unknown) = session.run(&ask);
        diags.extend(session.warnings.into_values());
        if !found.is_empty() || !unknown.is_empty() {
            for k in found.keys() {
                cached.missing.remove(k);
            }
            cached.entries.extend(found);
            cached.missing.extend(unknown.into_iter().map(|k| (k, now)));
            // References no note makes any more leave the cache, so it stays the size of
            // the archive's references however often the notes change.
            cached.entries.retain(|k, _| wanted.contains(k));
            cached.missing.retain(|k, _| wanted.contains(k));
            diags.extend(cache::write(&settings.cache, &cached));
        }
    }
    (known(&wanted, &cached), diags)
}

fn known(wanted: &BTreeSet<&Key>, cached: &cache::Cache) -> BTreeMap<Key, Meta> {
    wanted
        .iter()
        .filter_map(|k| cached.entries.get(*k).map(|m| ((*k).clone(), m.clone())))
        .collect()
}

/// Why a fetch fell short; each is reported once however often it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Failure {
    RateLimited,
    Refused,
    Unreachable,
    Budget,
    Server,
    Malformed,
    Errors,
    NotFound,
}

/// One fetch: the requests in order, the time left, and one warning per kind of failure.
struct Session<'a> {
    settings: &'a Settings,
    token: &'a str,
    now: i64,
    started: Instant,
    agent: ureq::Agent,
    warnings: BTreeMap<Failure, Diagnostic>,
    /// Set when no further request should be sent (rate limit, refused token, offline).
    stopped: bool,
}

impl<'a> Session<'a> {
    fn new(settings: &'a Settings, token: &'a str, now: i64) -> Self {
        Session {
            settings,
            token,
            now,
            started: Instant::now(),
            agent: http::agent(),
            warnings: BTreeMap::new(),
            stopped: false,
        }
    }

    /// Asks for `ask` (sorted) as issues or pull requests, then the numbers GitHub did
    /// not know as such once more as discussions: what was found, and what GitHub has not.
    fn run(&mut self, ask: &[Key]) -> (BTreeMap<Key, Meta>, Vec<Key>) {
        let mut found = BTreeMap::new();
        let mut missing = Vec::new();
        let mut unknown = Vec::new();
        for batch in ask.chunks(BATCH) {
            if let Some(a) = self.request(batch, graphql::Field::IssueOrPullRequest) {
                found.extend(a.found);
                missing.extend(a.missing);
                unknown.extend(a.no_repo);
            }
        }
        for batch in missing.chunks(BATCH) {
            if let Some(a) = self.request(batch, graphql::Field::Discussion) {
                found.extend(a.found);
                unknown.extend(a.missing.into_iter().chain(a.no_repo));
            }
        }
        if !unknown.is_empty() {
            unknown.sort();
            self.warn(Failure::NotFound, not_found_message(&unknown));
        }
        (found, unknown)
    }

    /// One request, unless an earlier one stopped the fetch; `None` when it brought
    /// nothing (the reason is in the warnings).
    fn request(&mut self, batch: &[Key], field: graphql::Field) -> Option<graphql::Answer> {
        if self.stopped {
            return None;
        }
        let left = self.settings.budget.saturating_sub(self.started.elapsed());
        if left.is_zero() {
            self.stop(Failure::Budget, self.out_of_time());
            return None;
        }
        let body = graphql::query(batch, field);
        let reply = http::post(&self.agent, &self.settings.api_url, self.token, &body, left);
        let text = match reply {
            http::Reply::Ok { body, exhausted } => {
                if exhausted {
                    // The answer came, but nothing more will until the limit resets.
                    self.stop(Failure::RateLimited, RATE_LIMITED.into());
                }
                body
            }
            http::Reply::RateLimited => {
                self.stop(Failure::RateLimited, RATE_LIMITED.into());
                return None;
            }
            http::Reply::Refused(status) => {
                self.stop(Failure::Refused, format!("it refused the token (HTTP {status})"));
                return None;
            }
            http::Reply::Server(status) => {
                self.warn(Failure::Server, format!("it answered HTTP {status}"));
                return None;
            }
            http::Reply::TimedOut => {
                self.stop(Failure::Budget, self.out_of_time());
                return None;
            }
            http::Reply::Unreachable(why) => {
                self.stop(Failure::Unreachable, format!("it could not be reached ({why})"));
                return None;
            }
        };
        match graphql::parse(&text, batch, field, self.now) {
            Ok(answer) => {
                if answer.rate_limited {
                    self.stop(Failure::RateLimited, RATE_LIMITED.into());
                }
                if let Some(e) = &answer.other_error {
                    self.warn(Failure::Errors, format!("it answered with errors: {e}"));
                }
                Some(answer)
            }
            Err(e) => {
                self.warn(Failure::Malformed, format!("its answer could not be read ({e})"));
                None
            }
        }
    }

    fn out_of_time(&self) -> String {
        let budget = self.settings.budget.as_secs_f64();
        format!("no answer within the {budget} s a build waits for it")
    }

    /// No further request: what follows a rate limit, a refused token or no network.
    fn stop(&mut self, failure: Failure, why: String) {
        self.stopped = true;
        self.warn(failure, why);
    }

    /// The first warning of each kind is kept; its message says what is missing as a result.
    fn warn(&mut self, failure: Failure, why: String) {
        self.warnings.entry(failure).or_insert_with(|| {
            let message = if failure == Failure::NotFound {
                why
            } else {
                format!(
                    "titles and state from GitHub ({}): {why}; the cache and the notes' own titles are used",
                    self.settings.api_url
                )
            };
            Diagnostic::warning(crate::config::FILE_NAME, 1, 1, message)
        });
    }
}

const RATE_LIMITED: &str = "its rate limit is used up";

/// At most five references named, then how many more.
fn not_found_message(keys: &[Key]) -> String {
    let named: Vec<String> = keys.iter().take(5).map(|(o, r, n)| format!("{o}/{r}#{n}")).collect();
    let more = keys.len().saturating_sub(named.len());
    let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
    format!(
        "GitHub has no issue, pull request or discussion {}{tail} (or the token cannot see it)",
        named.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_the_config_and_the_callers_token() {
        let config = crate::config::Config::default().github;
        let s = Settings::new(Path::new("/archive"), &config, Some("tok".into()));
        assert!(s.fetch);
        assert_eq!(s.api_url, crate::config::GITHUB_API_URL);
        assert_eq!(s.token.as_deref(), Some("tok"));
        assert_eq!(s.cache, Path::new("/archive/.minutes-cache/github.json"));
        assert_eq!(s.budget, DEFAULT_BUDGET);
        // An empty GITHUB_TOKEN (as some CI systems set) is no token.
        assert_eq!(Settings::new(Path::new("/a"), &config, Some(" ".into())).token, None);
    }

    #[test]
    fn open_and_draft_are_asked_again_after_a_day_closed_and_merged_never() {
        let meta = |state| Meta {
            title: String::new(),
            state,
            kind: Kind::PullRequest,
            labels: Vec::new(),
            fetched: 0,
        };
        for (state, stale) in [
            (State::Open, true),
            (State::Draft, true),
            (State::Closed, false),
            (State::Merged, false),
        ] {
            assert!(!meta(state).stale(STALE_AFTER), "{state:?} within the day");
            assert_eq!(meta(state).stale(STALE_AFTER + 1), stale, "{state:?}");
        }
    }
}
