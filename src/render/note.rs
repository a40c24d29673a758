//! A note's own page and its "Referenced" panel.

use super::*;

impl Renderer<'_> {
    /// The note's HTML with each issue link that has a name (from GitHub or the notes)
    /// given it as its `title`, so a reader hovering `#409` sees what it is. The Markdown
    /// pass writes the links before the graph knows any name; the links it wrote carry
    /// `id="ref-N"`, which text cannot contain unescaped, and an author's own `title`
    /// stays. One pass over the HTML.
    fn titled_refs(&self, html: &str, refs: &[crate::markdown::RefHit]) -> String {
        let names: BTreeMap<u32, String> = refs
            .iter()
            .filter_map(|h| match &h.target {
                Target::Issue {
                    owner,
                    repo,
                    number,
                } => {
                    let issue = self.graph.issue(owner, repo, *number)?;
                    Some((h.anchor, links::issue_name(issue)?))
                }
                _ => None,
            })
            .collect();
        if names.is_empty() {
            return html.to_string();
        }
        const ID: &str = " id=\"ref-";
        let mut out = String::with_capacity(html.len() + names.len() * 40);
        let mut rest = html;
        while let Some(at) = rest.find(ID) {
            let (before, after) = rest.split_at(at);
            out.push_str(before);
            let digits = after[ID.len()..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len() - ID.len());
            let anchor: Option<u32> = after[ID.len()..ID.len() + digits].parse().ok();
            let tag_start = before.rfind('<').unwrap_or(0);
            let has_title = before[tag_start..].contains(" title=\"");
            if let (Some(name), false) = (anchor.and_then(|n| names.get(&n)), has_title) {
                out.push_str(" title=\"");
                out.push_str(&crate::theme::escape_markup(name));
                out.push('"');
            }
            out.push_str(&after[..ID.len()]);
            rest = &after[ID.len()..];
        }
        out.push_str(rest);
        out
    }

    /// A note's page. `md` is the note's rendered body.
    pub fn note_page(&self, i: NoteId, md: &Rendered) -> Result<File, Diagnostic> {
        let a = self.archive;
        let n = &a.notes[i];
        let attendees = a.attendees[i.index()]
            .iter()
            .map(
                |att| match a.people.binary_search_by(|p| p.id.as_str().cmp(&att.id)) {
                    Ok(p) => PersonLink {
                        note: att.note.clone(),
                        ..self.linker.person_link(&a.people[p], &att.roles)
                    },
                    Err(_) => PersonLink {
                        id: att.id.clone(),
                        name: att.name.clone(),
                        handle: att.handle.clone(),
                        url: self.linker.url(&person_path(&att.id)),
                        roles: role_names(&att.roles),
                        count: 0,
                        note: att.note.clone(),
                    },
                },
            )
            .collect();
        let topics = n
            .topics
            .iter()
            .map(|t| {
                let count = a
                    .topics
                    .binary_search_by(|x| x.id.as_str().cmp(t))
                    .map_or(0, |k| a.topics[k].notes.len());
                TopicLink {
                    id: t.clone(),
                    name: t.replace('-', " "),
                    url: self.linker.url(&topic_path(t)),
                    count,
                }
            })
            .collect();
        let toc: Vec<TocEntry> = md
            .toc
            .iter()
            .map(|t| TocEntry {
                level: t.level,
                id: t.id.clone(),
                text: t.text.clone(),
            })
            .collect();
        // Worked out here rather than in the template: a Tera loop that builds the list
        // with `concat` copies it once per heading, a quarter of a note page's time.
        let title_heading = md.html.starts_with("<h1")
            && toc
                .first()
                .is_some_and(|t| t.level == 1 && t.text == n.title.value);
        let toc_entries: Vec<TocEntry> = toc[usize::from(title_heading)..].to_vec();
        let toc_top = toc_entries.iter().map(|t| t.level).fold(6, u8::min);
        let note = NoteView {
            url: self.linker.url(&a.urls[i]),
            title: n.title.value.clone(),
            date: n.date.as_ref().map(|d| DateView::new(d.value)),
            time: n.time.clone(),
            team: self.linker.team_link_of(n),
            attendees,
            topics,
            content: self.titled_refs(&md.html, &md.refs),
            toc,
            title_heading,
            toc_entries,
            toc_top,
            summary: self.linker.summaries.get(i.index()).cloned().unwrap_or_default(),
            word_count: md.word_count,
            source: n.source.clone(),
            edit_url: self
                .config
                .edit_url
                .as_ref()
                .map(|u| format!("{u}{}", n.source)),
            kind: n.kind,
            repo: n.repo().map(str::to_string),
            extra: n.extra.clone(),
        };
        let mut cx = tera::Context::new();
        let title = self.page_title(&crate::titles::full_title(
            &n.title.value,
            self.cards[i].title_extra.as_deref(),
        ));
        cx.insert("note", &note);
        cx.insert("prev", &a.prev[i].map(|j| self.card(j)));
        cx.insert("next", &a.next[i].map(|j| self.card(j)));
        cx.insert("refs", &self.note_refs(md));
        cx.insert("outcomes", &self.note_outcomes(i));
        self.fill_described(
            "note.html",
            &format!("{}index.html", a.urls[i]),
            title,
            self.describe_note(i),
            Section::Note,
            cx,
        )
    }

    /// The "Referenced" panel of a note: each issue and commit it mentions, once, in the
    /// order of first mention.
    pub(super) fn note_refs(&self, md: &Rendered) -> Vec<RefView> {
        let mut seen = std::collections::HashSet::new();
        let mut views = Vec::new();
        for hit in &md.refs {
            let t = &hit.target;
            if !matches!(t, Target::Issue { .. } | Target::Commit { .. }) || !seen.insert(t) {
                continue;
            }
            let view = match t {
                Target::Issue {
                    owner,
                    repo,
                    number,
                } => {
                    let issue = self.graph.issue(owner, repo, *number);
                    let count = issue.map_or(0, |i| i.mentions.len());
                    RefView {
                        label: t.to_string(),
                        name: issue.and_then(links::issue_name),
                        state: issue.and_then(|i| i.github.as_ref().map(|g| g.state)),
                        url: self.linker.url(&issue_path(owner, repo, *number)),
                        title: match count {
                            1 => "Mentioned in 1 meeting".to_string(),
                            n => format!("Mentioned in {n} meetings"),
                        },
                        github_url: t.github_url(),
                        count,
                        others: count.saturating_sub(1),
                        kind: RefKind::Issue,
                    }
                }
                _ => RefView {
                    label: t.to_string(),
                    name: None,
                    state: None,
                    url: t.github_url(),
                    title: "Commit on GitHub".into(),
                    github_url: t.github_url(),
                    count: 0,
                    others: 0,
                    kind: RefKind::Commit,
                },
            };
            views.push(view);
        }
        views
    }
}
