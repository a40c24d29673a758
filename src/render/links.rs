//! The links to issues and repositories that reference pages and note pages show.

use super::*;

impl Renderer<'_> {
    /// The meeting's part of a mention on an issue page (date, title, team). It is the same
    /// on every issue page that lists the meeting, so it is rendered once per note from
    /// `partials/mention_note.html` rather than once per mention: a reference-heavy
    /// archive has dozens of mentions per note, and this was most of an issue page's cost.
    pub(super) fn mention_head(&self, note: NoteId) -> Result<String, Diagnostic> {
        self.mention_heads[note]
            .get_or_init(|| {
                let mut cx = tera::Context::new();
                cx.insert("n", &self.card(note));
                self.theme
                    .tera
                    .render("partials/mention_note.html", &cx)
                    .map_err(|e| crate::theme::template_error(&e, &self.theme.sources))
            })
            .clone()
    }

    pub(super) fn issue_link(&self, issue: &IssueIndex) -> IssueLink {
        let date = |i: Option<NoteId>| {
            i.and_then(|i| self.archive.notes[i].date.as_ref())
                .map(|d| DateView::new(d.value))
        };
        // Mentions run newest first, undated last.
        let dated: Vec<NoteId> = issue
            .mentions
            .iter()
            .map(|m| m.note)
            .filter(|&i| self.archive.notes[i].date.is_some())
            .collect();
        IssueLink {
            label: issue.target().to_string(),
            name: issue_name(issue),
            state: issue.github.as_ref().map(|g| g.state),
            labels: issue
                .github
                .as_ref()
                .map(|g| g.labels.clone())
                .unwrap_or_default(),
            number: issue.number,
            url: self
                .linker
                .url(&issue_path(&issue.owner, &issue.repo, issue.number)),
            github_url: issue.target().github_url(),
            count: issue.mentions.len(),
            first: date(dated.last().copied()),
            last: date(dated.first().copied()),
        }
    }

    pub(super) fn repo_link(&self, r: RepoId) -> RepoLink {
        let repo = &self.graph.repos[r];
        RepoLink {
            name: format!("{}/{}", repo.owner, repo.repo),
            url: self.linker.url(&repo_path(&repo.owner, &repo.repo)),
            github_url: format!("https://github.com/{}/{}", repo.owner, repo.repo),
            issues: repo.issues.len(),
            meetings: repo.notes,
        }
    }
}

/// What an issue is called on its pages: GitHub's title when the build had it, else the
/// notes' wording.
pub(super) fn issue_name(issue: &IssueIndex) -> Option<String> {
    match &issue.github {
        Some(g) => Some(g.title.clone()),
        None => issue.title.as_deref().map(str::to_string),
    }
}
