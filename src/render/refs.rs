//! The reference pages: the referenced repositories, each repository's issues, each issue's mentions.

use super::*;

impl Renderer<'_> {
    pub(super) fn repos(&self, path: &str) -> Result<File, Diagnostic> {
        let mut repos: Vec<RepoLink> = RepoId::all(self.graph.repos.len())
            .map(|r| self.repo_link(r))
            .collect();
        repos.sort_by(|x, y| {
            y.meetings
                .cmp(&x.meetings)
                .then(y.issues.cmp(&x.issues))
                .then_with(|| x.name.cmp(&y.name))
        });
        self.index_page(
            "repos.html",
            path,
            "Referenced repositories",
            self.describe_repos(&repos),
            Section::Refs,
            "repos",
            &repos,
        )
    }

    pub(super) fn repo(&self, repo: RepoId, page: usize, path: &str) -> Result<File, Diagnostic> {
        let l = &self.linker;
        let mut cx = tera::Context::new();
        let r = &self.graph.repos[repo];
        let first = repo_path(&r.owner, &r.repo);
        let slice = self.paginate(&mut cx, &r.issues, page, &first);
        let issues: Vec<IssueLink> = slice
            .iter()
            .map(|&k| self.issue_link(&self.graph.issues[k]))
            .collect();
        let link = self.repo_link(repo);
        cx.insert("repo", &link);
        cx.insert("issues", &issues);
        cx.insert("repos_url", &l.url(&refs_path()));
        let title = self.paged_title(&link.name, page);
        let description = self.describe_repo(&link, page);
        self.fill_described("repo.html", path, title, description, Section::Repo, cx)
    }

    pub(super) fn issue(&self, issue: IssueId, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let mut cx = tera::Context::new();
        let i = &self.graph.issues[issue];
        let mentions = i
            .mentions
            .iter()
            .map(|m| {
                let note_url = l.url(&a.urls[m.note]);
                Ok(MentionView {
                    head: self.mention_head(m.note)?,
                    spots: m
                        .spots
                        .iter()
                        .map(|s| SpotView {
                            url: format!("{note_url}#{}", crate::markdown::anchor_id(s.anchor)),
                            context: s.context.to_string(),
                            heading: s.heading.as_ref().map(|h| h.text.clone()),
                            heading_url: s.heading.as_ref().map(|h| format!("{note_url}#{}", h.id)),
                        })
                        .collect(),
                })
            })
            .collect::<Result<Vec<MentionView>, Diagnostic>>()?;
        let link = self.issue_link(i);
        let repo = self
            .graph
            .repos
            .binary_search_by(|r| (r.owner.as_str(), r.repo.as_str()).cmp(&(&i.owner, &i.repo)))
            .map(|r| self.repo_link(RepoId::new(r)))
            .ok();
        cx.insert("issue", &link);
        cx.insert("repo", &repo);
        cx.insert("mentions", &mentions);
        self.fill_described(
            "issue.html",
            path,
            self.page_title(&link.label),
            self.describe_issue(&link),
            Section::Issue,
            cx,
        )
    }
}
