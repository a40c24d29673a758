//! Pure: GitHub references in a run of text and in URLs, resolved and ready to link.
//!
//! GitHub links `#26`, `o/r#26`, `GH-26`, `o/r@sha`, `@user` and friends in issues and
//! comments, but not in Markdown files kept in a repository, which is where meeting notes
//! live. [`find`] finds them in one text run (the markdown stage hands it only text outside
//! code, links and raw HTML); [`parse_url`] recognises issue, pull request, discussion and
//! commit URLs and says how GitHub would show them. The rules are GitHub's (see
//! `GITHUB-REFS.md`), tightened where real archives showed false links: a reference that is
//! not certain stays text.

use crate::config::Config;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::sync::Arc;

/// A lower-cased GitHub name (owner, repository, user, SHA), shared: a reference-heavy
/// archive has hundreds of thousands of references to a few dozen repositories, and each
/// reference owning its own copies of both names cost ~50 MB at 10,000 notes.
pub type Name = Arc<str>;

/// `s` lower-cased, as a [`Name`] shared with every earlier use of it on this thread.
pub fn name(s: &str) -> Name {
    thread_local! {
        static NAMES: RefCell<HashSet<Name>> = RefCell::new(HashSet::new());
    }
    let lower;
    let s = if s.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = s.to_ascii_lowercase();
        lower.as_str()
    } else {
        s
    };
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(n) = names.get(s) {
            return n.clone();
        }
        let n: Name = Arc::from(s);
        names.insert(n.clone());
        n
    })
}

/// What a reference points at. Owner, repository and user names are lower-cased: GitHub
/// treats them case-insensitively, and the reference graph must merge `Rust-Lang/rust#1`
/// with `rust-lang/rust#1`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// An issue, pull request or discussion: they share one sequence of numbers.
    Issue {
        owner: Name,
        repo: Name,
        number: u64,
    },
    Commit {
        owner: Name,
        repo: Name,
        /// As written (7 to 40 hex digits), lower-cased.
        sha: Name,
    },
    User(Name),
    Team {
        org: Name,
        team: Name,
    },
}

impl Target {
    pub fn issue(owner: &str, repo: &str, number: u64) -> Target {
        Target::Issue {
            owner: name(owner),
            repo: name(repo),
            number,
        }
    }

    pub fn commit(owner: &str, repo: &str, sha: &str) -> Target {
        Target::Commit {
            owner: name(owner),
            repo: name(repo),
            // Not interned: SHAs rarely repeat.
            sha: Arc::from(sha.to_ascii_lowercase()),
        }
    }

    /// The page on GitHub. Issues go to `/issues/N`, which GitHub redirects to the pull
    /// request or discussion when the number is one.
    pub fn github_url(&self) -> String {
        match self {
            Target::Issue {
                owner,
                repo,
                number,
            } => format!("https://github.com/{owner}/{repo}/issues/{number}"),
            Target::Commit { owner, repo, sha } => {
                format!("https://github.com/{owner}/{repo}/commit/{sha}")
            }
            Target::User(user) => format!("https://github.com/{user}"),
            Target::Team { org, team } => format!("https://github.com/orgs/{org}/teams/{team}"),
        }
    }

    /// `owner/repo` for issues and commits.
    #[cfg(any(test, feature = "internals"))] // for tests and benchmarks only
    pub fn repo(&self) -> Option<(&str, &str)> {
        match self {
            Target::Issue { owner, repo, .. } | Target::Commit { owner, repo, .. } => {
                Some((owner, repo))
            }
            _ => None,
        }
    }
}

/// `o/r#26`, `o/r@a5c3785` (always 7 digits, so one commit written at two lengths is one
/// target), `@user`, `@org/team`: the form `minutes list --json` prints and the graph keys.
impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Issue {
                owner,
                repo,
                number,
            } => write!(f, "{owner}/{repo}#{number}"),
            Target::Commit { owner, repo, sha } => write!(f, "{owner}/{repo}@{}", short_sha(sha)),
            Target::User(user) => write!(f, "@{user}"),
            Target::Team { org, team } => write!(f, "@{org}/{team}"),
        }
    }
}

/// The first 7 digits of a SHA, as GitHub shows commits.
pub fn short_sha(sha: &str) -> &str {
    &sha[..sha.len().min(7)]
}

/// How a reference reads in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Text(String),
    /// Monospace, as GitHub shows a bare SHA.
    Code(String),
}

impl Shown {
    pub fn as_str(&self) -> &str {
        match self {
            Shown::Text(s) | Shown::Code(s) => s,
        }
    }
}

/// What the site knows about GitHub, settled once from `minutes.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// Lower-cased repository name → owner, for `rust#95953`. Configured owners, plus the
    /// owner of every repository the config names (the site's and the teams').
    pub owners: BTreeMap<String, String>,
    /// Lower-cased owners known to be organisations, for `@org/team`: the owners above.
    pub orgs: BTreeSet<String>,
    /// Lower-cased handles that are not GitHub users (bots, decorators, chat handles).
    pub ignore_users: BTreeSet<String>,
    /// Link `@user` and `@org/team`.
    pub mentions: bool,
    /// Link commits written as text: bare SHAs, `user@sha`, `o/r@sha`.
    pub commits: bool,
}

impl Settings {
    pub fn new(config: &Config) -> Settings {
        let gh = &config.github;
        let mut owners: BTreeMap<String, String> = gh
            .owners
            .iter()
            .map(|(name, owner)| (name.to_ascii_lowercase(), owner.clone()))
            .collect();
        let repos = config
            .repo
            .iter()
            .chain(config.teams.values().filter_map(|t| t.repo.as_ref()));
        for repo in repos {
            if let Some((owner, name)) = parse_repo(repo) {
                owners
                    .entry(name.to_ascii_lowercase())
                    .or_insert_with(|| owner.to_string());
            }
        }
        let orgs = owners.values().map(|o| o.to_ascii_lowercase()).collect();
        Settings {
            owners,
            orgs,
            ignore_users: gh
                .ignore_users
                .iter()
                .map(|u| u.trim_start_matches('@').to_ascii_lowercase())
                .collect(),
            mentions: gh.mentions,
            commits: gh.commits,
        }
    }
}

/// Where a text run sits: the note's repository and whether the run is in a heading.
#[derive(Debug, Clone, Copy)]
pub struct RefContext<'a> {
    pub settings: &'a Settings,
    /// The note's repository (`owner`, `name`): front matter, team or site config.
    pub repo: Option<(&'a str, &'a str)>,
    /// In headings a bare `#N` is a meeting number ("Call #9"), not an issue.
    pub in_heading: bool,
}

impl RefContext<'_> {
    fn owner_of(&self, name: &str) -> Option<&str> {
        if let Some((owner, repo)) = self.repo {
            if repo.eq_ignore_ascii_case(name) {
                return Some(owner);
            }
        }
        self.settings
            .owners
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    fn is_org(&self, name: &str) -> bool {
        self.repo.is_some_and(|(o, _)| o.eq_ignore_ascii_case(name))
            || self.settings.orgs.contains(&name.to_ascii_lowercase())
    }

    fn is_own_repo(&self, owner: &str, repo: &str) -> bool {
        self.repo
            .is_some_and(|(o, r)| o.eq_ignore_ascii_case(owner) && r.eq_ignore_ascii_case(repo))
    }
}

/// `owner/name` → its two parts, if both are valid GitHub names.
pub fn parse_repo(s: &str) -> Option<(&str, &str)> {
    let (owner, name) = s.trim().split_once('/')?;
    (is_username(owner) && is_repo_name(name)).then_some((owner, name))
}

/// One reference found in a text run: `text[start..end]` becomes a link to `href`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub target: Target,
    pub href: String,
    pub shown: Shown,
}

/// Every reference in `text`, in order, never overlapping.
pub fn find(text: &str, cx: &RefContext) -> Vec<Found> {
    let bytes = text.as_bytes();
    let shas = cx.settings.commits && cx.repo.is_some();
    let mut found = Vec::new();
    // End of the last reference: nothing before it may be taken again.
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        let hit = match bytes[i] {
            b'#' => hash_at(text, i, done, cx),
            b'@' => at_at(text, i, done, cx),
            b'G' => gh_at(text, i, cx),
            b'0'..=b'9' | b'a'..=b'f' if shas => sha_at(text, i, cx),
            _ => None,
        };
        match hit {
            Some(f) => {
                i = f.end;
                done = f.end;
                found.push(f);
            }
            None => i += 1,
        }
    }
    found
}

/// Cheap test that lets most text runs skip [`find`]. A SHA can be in any run, so runs are
/// only skipped when bare SHAs cannot be linked.
pub fn may_contain_ref(text: &str, cx: &RefContext) -> bool {
    (cx.settings.commits && cx.repo.is_some())
        || text.bytes().any(|b| matches!(b, b'#' | b'@' | b'G'))
}

/// `#26`, `o/r#26` or `r#26`, around the `#` at `hash`.
fn hash_at(text: &str, hash: usize, done: usize, cx: &RefContext) -> Option<Found> {
    let bytes = text.as_bytes();
    let (number, end) = issue_number(text, hash + 1)?;
    // What stands before the `#`: a repository name, or nothing that joins words.
    let mut name_start = hash;
    while name_start > done && is_repo_byte(bytes[name_start - 1]) {
        name_start -= 1;
    }
    if name_start == hash {
        // Bare `#26`.
        if !boundary_before(text, hash) || cx.in_heading {
            return None;
        }
        let (owner, repo) = cx.repo?;
        if looks_like_colour(text, hash, end) || follows_counter_word(text, hash) {
            return None;
        }
        return Some(issue_found(hash, end, owner, repo, number, text));
    }
    let name = &text[name_start..hash];
    if !is_repo_name(name) {
        return None;
    }
    // `o/r#26`: an owner and a slash before the name.
    if name_start > done + 1 && bytes[name_start - 1] == b'/' {
        let slash = name_start - 1;
        let mut owner_start = slash;
        while owner_start > done
            && (bytes[owner_start - 1].is_ascii_alphanumeric() || bytes[owner_start - 1] == b'-')
        {
            owner_start -= 1;
        }
        let owner = &text[owner_start..slash];
        if !is_username(owner) || !boundary_before(text, owner_start) {
            return None;
        }
        return Some(issue_found(owner_start, end, owner, name, number, text));
    }
    if !boundary_before(text, name_start) {
        return None;
    }
    // `r#26`: only with a known owner for `r`.
    let owner = cx.owner_of(name)?;
    Some(issue_found(name_start, end, owner, name, number, text))
}

fn issue_found(start: usize, end: usize, owner: &str, repo: &str, n: u64, text: &str) -> Found {
    Found {
        start,
        end,
        target: Target::issue(owner, repo, n),
        href: format!("https://github.com/{owner}/{repo}/issues/{n}"),
        shown: Shown::Text(text[start..end].to_string()),
    }
}

/// A positive decimal issue number starting at `from` and ending at a word boundary.
fn issue_number(text: &str, from: usize) -> Option<(u64, usize)> {
    let bytes = text.as_bytes();
    let mut end = from;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    let digits = &text[from..end];
    // `#0`, `#01`: list numbering or padding, never an issue. Ten digits is more issues
    // than any repository has.
    if digits.is_empty() || digits.starts_with('0') || digits.len() > 10 {
        return None;
    }
    if !boundary_after(text, end) {
        return None;
    }
    Some((digits.parse().ok()?, end))
}

/// `GH-26` at `g`.
fn gh_at(text: &str, g: usize, cx: &RefContext) -> Option<Found> {
    if !text[g..].starts_with("GH-") || !boundary_before(text, g) {
        return None;
    }
    let (number, end) = issue_number(text, g + 3)?;
    let (owner, repo) = cx.repo?;
    Some(issue_found(g, end, owner, repo, number, text))
}

/// `@user`, `@org/team`, `user@sha` or `o/r@sha`, around the `@` at `at`.
fn at_at(text: &str, at: usize, done: usize, cx: &RefContext) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut name_start = at;
    while name_start > done && is_repo_byte(bytes[name_start - 1]) {
        name_start -= 1;
    }
    if name_start < at {
        return commit_at(text, name_start, at, done, cx);
    }
    if !cx.settings.mentions || !boundary_before(text, at) {
        return None;
    }
    let user_end = username_end(text, at + 1)?;
    let user = &text[at + 1..user_end];
    // `@30`, `@0`: numbers ("+1 @30 min"), not people.
    if !user.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    if bytes.get(user_end) == Some(&b'/') {
        // `@org/team`, only for organisations the site knows: `@scope/pkg` is an npm scope.
        let team_start = user_end + 1;
        let mut team_end = team_start;
        while team_end < bytes.len()
            && (bytes[team_end].is_ascii_alphanumeric() || matches!(bytes[team_end], b'-' | b'_'))
        {
            team_end += 1;
        }
        if team_end == team_start || !cx.is_org(user) || !mention_ends(text, team_end) {
            return None;
        }
        let team = &text[team_start..team_end];
        return Some(Found {
            start: at,
            end: team_end,
            target: Target::Team {
                org: name(user),
                team: name(team),
            },
            href: format!("https://github.com/orgs/{user}/teams/{team}"),
            shown: Shown::Text(text[at..team_end].to_string()),
        });
    }
    if !mention_ends(text, user_end) || !is_mentionable(user, cx) {
        return None;
    }
    Some(Found {
        start: at,
        end: user_end,
        target: Target::User(name(user)),
        href: format!("https://github.com/{user}"),
        shown: Shown::Text(text[at..user_end].to_string()),
    })
}

/// `user@sha` (`name_start..at` is the user) or `o/r@sha`.
fn commit_at(
    text: &str,
    name_start: usize,
    at: usize,
    done: usize,
    cx: &RefContext,
) -> Option<Found> {
    if !cx.settings.commits {
        return None;
    }
    let bytes = text.as_bytes();
    let (sha, end) = sha_run(text, at + 1)?;
    let name = &text[name_start..at];
    let (start, owner, repo) = if name_start > done + 1 && bytes[name_start - 1] == b'/' {
        let slash = name_start - 1;
        let mut owner_start = slash;
        while owner_start > done
            && (bytes[owner_start - 1].is_ascii_alphanumeric() || bytes[owner_start - 1] == b'-')
        {
            owner_start -= 1;
        }
        let owner = &text[owner_start..slash];
        if !is_username(owner) || !is_repo_name(name) {
            return None;
        }
        (owner_start, owner, name)
    } else {
        // `user@sha`: a commit in the user's fork of the note's repository.
        if !is_username(name) {
            return None;
        }
        let (_, repo) = cx.repo?;
        (name_start, name, repo)
    };
    if !boundary_before(text, start) {
        return None;
    }
    Some(Found {
        start,
        end,
        target: Target::commit(owner, repo, sha),
        href: format!("https://github.com/{owner}/{repo}/commit/{sha}"),
        shown: Shown::Text(format!("{}@{}", &text[start..at], short_sha(sha))),
    })
}

/// A bare SHA starting at `i`, linked to the note's repository.
fn sha_at(text: &str, i: usize, cx: &RefContext) -> Option<Found> {
    if !boundary_before(text, i) {
        return None;
    }
    let (sha, end) = sha_run(text, i)?;
    let (owner, repo) = cx.repo?;
    Some(Found {
        start: i,
        end,
        target: Target::commit(owner, repo, sha),
        href: format!("https://github.com/{owner}/{repo}/commit/{sha}"),
        shown: Shown::Code(short_sha(sha).to_string()),
    })
}

/// A run of 7–40 lower-case hex digits from `from` to a word boundary that reads as a SHA:
/// with both a digit and a letter (so `deadbeef`, `acceded`, `defaced`, `facade` and plain
/// numbers stay words), and, when short, letters and digits mixed the way hashes mix them:
/// `ed25519` (a name then a number) and `1e100000` (a number in scientific notation) are
/// not SHAs.
fn sha_run(text: &str, from: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    let mut end = from;
    while end < bytes.len() && matches!(bytes[end], b'0'..=b'9' | b'a'..=b'f') {
        end += 1;
    }
    let run = &text[from..end];
    if !(7..=40).contains(&run.len()) || !boundary_after(text, end) {
        return None;
    }
    // A SHA in a path, a version or a UUID (`…-a1b2c3d-…`) is part of something else.
    if matches!(bytes.get(end), Some(b'-' | b'/' | b'@' | b'#')) {
        return None;
    }
    let digits = run.bytes().filter(u8::is_ascii_digit).count();
    let letters = run.len() - digits;
    let scientific = letters == 1 && {
        let e = run.find('e');
        e.is_some_and(|e| e > 0 && e < run.len() - 1)
    };
    // Where letters and digits alternate: a SHA of 7 hex digits does it 3 times on average.
    let switches = run
        .as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit())
        .count();
    let name_and_number = switches <= 1 && run.len() < 12;
    (digits > 0 && letters > 0 && !scientific && !name_and_number).then_some((run, end))
}

/// End of a GitHub username starting at `from`: alphanumerics and single inner hyphens,
/// at most 39 characters.
fn username_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut end = from;
    while end < bytes.len() && end - from < 39 {
        match bytes[end] {
            c if c.is_ascii_alphanumeric() => end += 1,
            b'-' if end > from && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) => {
                end += 1
            }
            _ => break,
        }
    }
    (end > from).then_some(end)
}

fn is_username(s: &str) -> bool {
    !s.is_empty() && username_end(s, 0) == Some(s.len())
}

fn is_repo_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

fn is_repo_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() < 100
        && s != "."
        && s != ".."
        && s.bytes().all(is_repo_byte)
        && s.bytes().any(|b| b.is_ascii_alphanumeric())
}

/// Whether a reference may start at `i`: at the start, or after a character that does not
/// join words, paths, addresses or entities.
fn boundary_before(text: &str, i: usize) -> bool {
    match text[..i].chars().next_back() {
        None => true,
        Some(c) => {
            !(c.is_alphanumeric() || matches!(c, '_' | '/' | '.' | '-' | '@' | '#' | '&' | '\\'))
        }
    }
}

/// Whether a reference may end at `i`: at the end, or before a character that is not part
/// of a word, and not before `.5`, `-3` or `/x` that would continue it.
fn boundary_after(text: &str, i: usize) -> bool {
    let mut chars = text[i..].chars();
    match chars.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some('.' | '-' | '/' | '@') => !chars.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

/// Where a mention may end: a word boundary, and not a decorator call (`@Input()`), a
/// domain (`@example.com`) or a longer handle.
fn mention_ends(text: &str, i: usize) -> bool {
    boundary_after(text, i) && !matches!(text.as_bytes().get(i), Some(b'(' | b'/' | b'@'))
}

/// Handles that read as code, templates or chat rather than as a GitHub user: decorators,
/// annotations and doc tags (`@Override`, `@param`, `@since`), CSS at-rules, JSON-LD
/// keywords (`@context`), the `@name` of note templates, and chat-wide pings. Checked
/// lower-cased; `ignore_users` in `minutes.toml` adds more.
const NOT_USERS: &[&str] = &[
    "abstractmethod",
    "after",
    "all",
    "apply",
    "author",
    "autowired",
    "base",
    "before",
    "channel",
    "classmethod",
    "component",
    "container",
    "context",
    "contextmanager",
    "dataclass",
    "deprecated",
    "directive",
    "everyone",
    "example",
    "extend",
    "fixme",
    "font-face",
    "graph",
    "here",
    "id",
    "import",
    "include",
    "injectable",
    "inline",
    "input",
    "interface",
    "internal",
    "keyframes",
    "media",
    "mixin",
    "name",
    "nonnull",
    "nullable",
    "output",
    "override",
    "param",
    "property",
    "return",
    "returns",
    "see",
    "since",
    "staticmethod",
    "supports",
    "suppresswarnings",
    "test",
    "throws",
    "todo",
    "type",
    "typedef",
    "unstable",
    "use",
    "value",
    "version",
    "vocab",
];

fn is_mentionable(user: &str, cx: &RefContext) -> bool {
    let not_user = NOT_USERS
        .binary_search_by(|w| w.bytes().cmp(user.bytes().map(|b| b.to_ascii_lowercase())))
        .is_ok();
    let ignored = !cx.settings.ignore_users.is_empty()
        && cx
            .settings
            .ignore_users
            .contains(&user.to_ascii_lowercase());
    !not_user && !ignored
}

/// `color: #888888`, `#111111`: a CSS colour written in prose. Six repeated digits are
/// a colour (no repository has reached issue 111111 by chance), and so is any number
/// after a colour property.
fn looks_like_colour(text: &str, hash: usize, end: usize) -> bool {
    let digits = &text.as_bytes()[hash + 1..end];
    if digits.len() == 6 && digits.iter().all(|&d| d == digits[0]) {
        return true;
    }
    let word = previous_word(text, hash);
    ["color", "colour", "background", "fill", "stroke", "border"]
        .iter()
        .any(|w| word.to_ascii_lowercase().ends_with(w))
}

/// Words that number things other than issues of the note's repository: "Meeting #153",
/// "Iteration #9", "Attempt #1", "RFC #2229" (a pull request in the RFCs repository).
const COUNTER_WORDS: &[&str] = &[
    "attempt",
    "call",
    "day",
    "episode",
    "iteration",
    "meeting",
    "no",
    "no.",
    "number",
    "option",
    "part",
    "phase",
    "question",
    "rfc",
    "round",
    "session",
    "sprint",
    "stage",
    "step",
    "week",
];

fn follows_counter_word(text: &str, hash: usize) -> bool {
    let word = previous_word(text, hash).to_ascii_lowercase();
    COUNTER_WORDS.contains(&word.as_str())
}

/// The word before `i`, skipping spaces and a `:` (`color: #888`).
fn previous_word(text: &str, i: usize) -> &str {
    let before = text[..i].trim_end_matches([' ', '\t', ':']);
    // Past the separator's last byte: it can be more than one (`¡#1`, found by fuzzing).
    let start = before
        .char_indices()
        .rfind(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '.')))
        .map_or(0, |(s, c)| s + c.len_utf8());
    &before[start..]
}

/// A GitHub URL that is a reference, and how to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlRef {
    pub target: Target,
    /// `None` keeps the URL as written (a sub-page whose short form GitHub has none of).
    pub shown: Option<Shown>,
}

/// Recognises `https://github.com/o/r/issues/26` (also `/pull/`, `/discussions/`, with a
/// comment or review anchor) and `…/commit/<sha>` (also `/pull/26/commits/<sha>`).
/// Anything else, including hosts that only look like GitHub's (`github.com.evil.org`,
/// `gist.github.com`), is not a reference.
pub fn parse_url(url: &str, cx: &RefContext) -> Option<UrlRef> {
    let rest = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"))?;
    let rest = strip_prefix_ignore_case(rest, "www.").unwrap_or(rest);
    let path = strip_prefix_ignore_case(rest, "github.com/")?;
    let (path, fragment) = match path.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (path, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let path = path.strip_suffix('/').unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    let [owner, repo, kind, id, more @ ..] = segments.as_slice() else {
        return None;
    };
    if !is_username(owner) || !is_repo_name(repo) {
        return None;
    }
    let own = cx.is_own_repo(owner, repo);
    match (*kind, more) {
        ("issues" | "pull" | "discussions", _) => {
            let number = plain_number(id)?;
            let target = Target::issue(owner, repo, number);
            if let ["commits", sha] = more {
                let sha = full_sha(sha)?;
                return Some(commit_url(owner, repo, sha, own, fragment));
            }
            let suffix = match fragment {
                None => Some(""),
                Some(f) if anchor_is(f, "issuecomment-") => Some(" (comment)"),
                Some(f) if anchor_is(f, "discussioncomment-") => Some(" (comment)"),
                Some(f) if anchor_is(f, "discussion_r") => Some(" (comment)"),
                Some(f) if anchor_is(f, "pullrequestreview-") => Some(" (review)"),
                Some(_) => None,
            };
            let shown = match (more, suffix) {
                ([], Some(suffix)) if own => Some(Shown::Text(format!("#{number}{suffix}"))),
                ([], Some(suffix)) => Some(Shown::Text(format!("{owner}/{repo}#{number}{suffix}"))),
                _ => None,
            };
            Some(UrlRef { target, shown })
        }
        ("commit", []) => {
            let sha = full_sha(id)?;
            Some(commit_url(owner, repo, sha, own, fragment))
        }
        _ => None,
    }
}

fn commit_url(owner: &str, repo: &str, sha: &str, own: bool, fragment: Option<&str>) -> UrlRef {
    let shown = match fragment {
        Some(_) => None,
        None if own => Some(Shown::Code(short_sha(sha).to_ascii_lowercase())),
        None => Some(Shown::Text(format!(
            "{owner}/{repo}@{}",
            short_sha(sha).to_ascii_lowercase()
        ))),
    };
    UrlRef {
        target: Target::commit(owner, repo, sha),
        shown,
    }
}

/// `issuecomment-123`: the prefix and then only digits.
fn anchor_is(fragment: &str, prefix: &str) -> bool {
    fragment
        .strip_prefix(prefix)
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

fn plain_number(s: &str) -> Option<u64> {
    if s.is_empty() || s.starts_with('0') || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    s.parse().ok()
}

fn full_sha(s: &str) -> Option<&str> {
    ((7..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())).then_some(s)
}

fn strip_prefix_ignore_case<'t>(s: &'t str, prefix: &str) -> Option<&'t str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lower_cased_and_shared() {
        let a = name("Rust-Lang");
        let b = name("rust-lang");
        assert_eq!(&*a, "rust-lang");
        assert!(Arc::ptr_eq(&a, &b), "one allocation for one name");
        let (x, y) = (Target::issue("O", "R", 1), Target::issue("o", "r", 2));
        assert_eq!(x.repo(), y.repo());
    }

    fn settings() -> Settings {
        let mut s = Settings {
            mentions: true,
            commits: true,
            ..Settings::default()
        };
        s.owners.insert("rust".into(), "rust-lang".into());
        s.owners.insert("js-ipfs".into(), "ipfs".into());
        s.orgs.insert("rust-lang".into());
        s.orgs.insert("ipfs".into());
        s.ignore_users.insert("rfcbot".into());
        s
    }

    /// A reference as (written, target, href, shown).
    type Row = (String, String, String, String);

    /// The references in `text`, for a note in `repo`.
    fn refs(text: &str, repo: Option<&str>) -> Vec<Row> {
        refs_with(text, repo, &settings(), false)
    }

    fn refs_with(
        text: &str,
        repo: Option<&str>,
        settings: &Settings,
        in_heading: bool,
    ) -> Vec<Row> {
        let cx = RefContext {
            settings,
            repo: repo.and_then(parse_repo),
            in_heading,
        };
        find(text, &cx)
            .into_iter()
            .map(|f| {
                let shown = match &f.shown {
                    Shown::Text(t) => t.clone(),
                    Shown::Code(c) => format!("`{c}`"),
                };
                (
                    text[f.start..f.end].to_string(),
                    f.target.to_string(),
                    f.href,
                    shown,
                )
            })
            .collect()
    }

    fn one(written: &str, target: &str, href: &str, shown: &str) -> Vec<Row> {
        vec![(written.into(), target.into(), href.into(), shown.into())]
    }

    #[test]
    fn text_forms() {
        // (text, note repo, expected [(written, target, href, shown)])
        let cases: Vec<(&str, Option<&str>, Vec<Row>)> = vec![
            (
                "see o/r#26.",
                None,
                one(
                    "o/r#26",
                    "o/r#26",
                    "https://github.com/o/r/issues/26",
                    "o/r#26",
                ),
            ),
            (
                "jlord/sheetsee.js#26",
                None,
                one(
                    "jlord/sheetsee.js#26",
                    "jlord/sheetsee.js#26",
                    "https://github.com/jlord/sheetsee.js/issues/26",
                    "jlord/sheetsee.js#26",
                ),
            ),
            (
                "(#26)",
                Some("o/r"),
                one("#26", "o/r#26", "https://github.com/o/r/issues/26", "#26"),
            ),
            ("#26", None, vec![]),
            (
                "GH-26,",
                Some("o/r"),
                one(
                    "GH-26",
                    "o/r#26",
                    "https://github.com/o/r/issues/26",
                    "GH-26",
                ),
            ),
            ("GH-26", None, vec![]),
            (
                "rust#95953",
                None,
                one(
                    "rust#95953",
                    "rust-lang/rust#95953",
                    "https://github.com/rust-lang/rust/issues/95953",
                    "rust#95953",
                ),
            ),
            (
                "in js-ipfs#123",
                None,
                one(
                    "js-ipfs#123",
                    "ipfs/js-ipfs#123",
                    "https://github.com/ipfs/js-ipfs/issues/123",
                    "js-ipfs#123",
                ),
            ),
            ("go-ipfs#12", None, vec![]),
            // The note's own repository gives its name an owner.
            (
                "lang-team#97",
                Some("rust-lang/lang-team"),
                one(
                    "lang-team#97",
                    "rust-lang/lang-team#97",
                    "https://github.com/rust-lang/lang-team/issues/97",
                    "lang-team#97",
                ),
            ),
            (
                "o/r@a5c3785ed8d6a35868bc169f07e40e889087fd2e",
                None,
                one(
                    "o/r@a5c3785ed8d6a35868bc169f07e40e889087fd2e",
                    "o/r@a5c3785",
                    "https://github.com/o/r/commit/a5c3785ed8d6a35868bc169f07e40e889087fd2e",
                    "o/r@a5c3785",
                ),
            ),
            (
                "jlord@a5c3785",
                Some("o/sheetsee.js"),
                one(
                    "jlord@a5c3785",
                    "jlord/sheetsee.js@a5c3785",
                    "https://github.com/jlord/sheetsee.js/commit/a5c3785",
                    "jlord@a5c3785",
                ),
            ),
            ("jlord@a5c3785", None, vec![]),
            (
                "fixed in a5c3785ed8.",
                Some("o/r"),
                one(
                    "a5c3785ed8",
                    "o/r@a5c3785",
                    "https://github.com/o/r/commit/a5c3785ed8",
                    "`a5c3785`",
                ),
            ),
            ("fixed in a5c3785ed8.", None, vec![]),
            (
                "cc @octo-cat!",
                None,
                one(
                    "@octo-cat",
                    "@octo-cat",
                    "https://github.com/octo-cat",
                    "@octo-cat",
                ),
            ),
            (
                "@rust-lang/lang",
                None,
                one(
                    "@rust-lang/lang",
                    "@rust-lang/lang",
                    "https://github.com/orgs/rust-lang/teams/lang",
                    "@rust-lang/lang",
                ),
            ),
            (
                "@Mgoelzer,",
                None,
                one(
                    "@Mgoelzer",
                    "@mgoelzer",
                    "https://github.com/Mgoelzer",
                    "@Mgoelzer",
                ),
            ),
        ];
        for (text, repo, want) in cases {
            assert_eq!(refs(text, repo), want, "{text:?} in {repo:?}");
        }
    }

    #[test]
    fn several_in_one_run() {
        let got = refs("@a and @b: o/r#1, #2 and rust#3", Some("x/y"));
        let written: Vec<&str> = got.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(written, ["@a", "@b", "o/r#1", "#2", "rust#3"]);
    }

    #[test]
    fn precision_cases_stay_text() {
        let repo = Some("o/r");
        for text in [
            // E-mail addresses and handles glued to words.
            "mail a@b.org",
            "x@y",
            "me@example",
            // Decorators, annotations, doc tags, calls.
            "the @Injectable decorator",
            "use @Input() here",
            "@param x and @returns y",
            "@since 0.2 and @deprecated",
            "@media print",
            // Chat pings and ignored handles.
            "@here @channel @everyone",
            "@rfcbot fcp merge",
            // npm scopes are not teams.
            "npm i @babel/core",
            "@haad/go-ipfs-dep",
            // Numbers, not people.
            "+1 @30",
            // Colours and hex words.
            "color: #888888;",
            "a grey #111111 border",
            "background: #333",
            "deadbeef acceded defaced facade",
            "1e100000 and 12345678",
            "ed25519 keys, abc1234, 1234abc",
            "0x1a2b3c4d5e",
            // Meeting numbers in prose.
            "Meeting #153 and Call #9, Iteration #12",
            "Attempt #1: remove it; RFC #2229",
            // Templates and JSON-LD.
            "Notetaker: @name",
            "the '@context' attribute",
            // Not issue numbers.
            "#0 #01 #12abc #1.5 a#1 &#123",
            // Paths, versions, UUIDs.
            "src/a#1/x",
            "123e4567-e89b-12d3-a456-426614174000",
            "v1.2.3-a1b2c3d4e",
            // Invalid owner names.
            "-o/r#1",
            "o--x/r#1",
        ] {
            assert_eq!(refs(text, repo), vec![], "{text:?}");
        }
    }

    #[test]
    fn bare_number_in_heading_is_a_meeting_number() {
        let s = settings();
        assert_eq!(refs_with("Meeting #153", Some("o/r"), &s, true), vec![]);
        assert_eq!(refs_with("Agenda #12", Some("o/r"), &s, true), vec![]);
        // Qualified forms are still references.
        assert_eq!(
            refs_with("\"async\" rust#33", Some("o/r"), &s, true)[0].1,
            "rust-lang/rust#33"
        );
        assert_eq!(refs_with("GH-12", Some("o/r"), &s, true)[0].1, "o/r#12");
    }

    #[test]
    fn switches_turn_forms_off() {
        let mut s = settings();
        s.mentions = false;
        s.commits = false;
        assert_eq!(refs_with("@octocat", None, &s, false), vec![]);
        assert_eq!(refs_with("@rust-lang/lang", None, &s, false), vec![]);
        assert_eq!(refs_with("a5c3785ed8", Some("o/r"), &s, false), vec![]);
        assert_eq!(refs_with("o/r@a5c3785", Some("o/r"), &s, false), vec![]);
        assert_eq!(refs_with("u@a5c3785", Some("o/r"), &s, false), vec![]);
        assert_eq!(refs_with("#1", Some("o/r"), &s, false).len(), 1);
    }

    fn url(u: &str, repo: Option<&str>) -> Option<(String, Option<String>)> {
        let s = settings();
        let cx = RefContext {
            settings: &s,
            repo: repo.and_then(parse_repo),
            in_heading: false,
        };
        parse_url(u, &cx).map(|r| {
            (
                r.target.to_string(),
                r.shown.map(|s| match s {
                    Shown::Text(t) => t,
                    Shown::Code(c) => format!("`{c}`"),
                }),
            )
        })
    }

    #[test]
    fn url_forms() {
        let t =
            |target: &str, shown: Option<&str>| Some((target.to_string(), shown.map(String::from)));
        let cases = [
            (
                "https://github.com/o/r/issues/26",
                None,
                t("o/r#26", Some("o/r#26")),
            ),
            (
                "https://github.com/o/r/pull/26",
                None,
                t("o/r#26", Some("o/r#26")),
            ),
            (
                "https://github.com/o/r/pull/26/",
                None,
                t("o/r#26", Some("o/r#26")),
            ),
            (
                "https://github.com/O/R/pull/26",
                None,
                t("o/r#26", Some("O/R#26")),
            ),
            (
                "http://www.github.com/o/r/issues/26",
                None,
                t("o/r#26", Some("o/r#26")),
            ),
            (
                "https://github.com/o/r/issues/26",
                Some("o/r"),
                t("o/r#26", Some("#26")),
            ),
            (
                "https://github.com/o/r/issues/26",
                Some("O/R"),
                t("o/r#26", Some("#26")),
            ),
            (
                "https://github.com/o/r/issues/26#issuecomment-123",
                None,
                t("o/r#26", Some("o/r#26 (comment)")),
            ),
            (
                "https://github.com/o/r/pull/26#issuecomment-123",
                Some("o/r"),
                t("o/r#26", Some("#26 (comment)")),
            ),
            (
                "https://github.com/o/r/pull/26#discussion_r99",
                None,
                t("o/r#26", Some("o/r#26 (comment)")),
            ),
            (
                "https://github.com/o/r/pull/26#pullrequestreview-9",
                None,
                t("o/r#26", Some("o/r#26 (review)")),
            ),
            (
                "https://github.com/o/r/discussions/7",
                None,
                t("o/r#7", Some("o/r#7")),
            ),
            (
                "https://github.com/o/r/discussions/7#discussioncomment-5",
                None,
                t("o/r#7", Some("o/r#7 (comment)")),
            ),
            (
                "https://github.com/o/r/commit/a5c3785ed8d6a35868bc169f07e40e889087fd2e",
                None,
                t("o/r@a5c3785", Some("o/r@a5c3785")),
            ),
            (
                "https://github.com/o/r/commit/a5c3785ed8d6a35868bc169f07e40e889087fd2e",
                Some("o/r"),
                t("o/r@a5c3785", Some("`a5c3785`")),
            ),
            (
                "https://github.com/o/r/pull/26/commits/a5c3785ed8",
                None,
                t("o/r@a5c3785", Some("o/r@a5c3785")),
            ),
            // Sub-pages and unknown anchors: an edge, shown as written.
            (
                "https://github.com/o/r/pull/26/files",
                None,
                t("o/r#26", None),
            ),
            (
                "https://github.com/o/r/issues/26#event-1",
                None,
                t("o/r#26", None),
            ),
            (
                "https://github.com/o/r/issues/26?x=1",
                None,
                t("o/r#26", Some("o/r#26")),
            ),
            // Not references.
            ("https://github.com.evil.org/o/r/issues/26", None, None),
            ("https://gist.github.com/o/r/issues/26", None, None),
            ("https://evilgithub.com/o/r/issues/26", None, None),
            ("https://github.com/o/r/issues", None, None),
            ("https://github.com/o/r/issues/new", None, None),
            ("https://github.com/o/r/issues/0", None, None),
            ("https://github.com/o/r/blob/main/README.md", None, None),
            ("https://github.com/orgs/o/projects/142", None, None),
            ("https://github.com/o", None, None),
            ("https://github.com/o/r/commit/xyz", None, None),
            ("ftp://github.com/o/r/issues/1", None, None),
        ];
        for (u, repo, want) in cases {
            assert_eq!(url(u, repo), want, "{u} in {repo:?}");
        }
    }

    #[test]
    fn settings_from_config() {
        let config = Config::parse(
            "repo = \"lumen-sync/lumen\"\n[teams.spec]\nrepo = \"lumen-sync/lumen-spec\"\n\
             [github]\nowners = { Rust = \"rust-lang\" }\nignore_users = [\"@RFCbot\"]\nmentions = false\n",
            "minutes.toml",
        )
        .unwrap();
        let s = Settings::new(&config);
        assert_eq!(s.owners["rust"], "rust-lang");
        assert_eq!(s.owners["lumen"], "lumen-sync");
        assert_eq!(s.owners["lumen-spec"], "lumen-sync");
        assert!(s.orgs.contains("lumen-sync"));
        assert!(s.ignore_users.contains("rfcbot"));
        assert!(!s.mentions);
        assert!(s.commits);
    }

    #[test]
    fn target_urls_and_keys() {
        let t = Target::issue("Pokt-Network", "pocket", 450);
        assert_eq!(t.to_string(), "pokt-network/pocket#450");
        assert_eq!(
            t.github_url(),
            "https://github.com/pokt-network/pocket/issues/450"
        );
        let c = Target::commit("o", "r", "A5C3785ED8");
        assert_eq!(c.to_string(), "o/r@a5c3785");
        assert_eq!(
            Target::User("x".into()).github_url(),
            "https://github.com/x"
        );
        assert_eq!(
            Target::Team {
                org: "o".into(),
                team: "t".into()
            }
            .github_url(),
            "https://github.com/orgs/o/teams/t"
        );
    }

    #[test]
    fn not_users_is_sorted_for_binary_search() {
        assert!(NOT_USERS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn find_is_linear_on_long_runs() {
        let text = "a".repeat(50_000) + "#1";
        assert_eq!(refs(&text, Some("o/r")), vec![]);
        let text = "@".repeat(50_000);
        assert_eq!(refs(&text, Some("o/r")), vec![]);
    }
}
