//! The page of one action item followed across meetings (`actions/<digest>.html`): its
//! latest wording, state (and the meeting that closed it), assignees, team, due date, age,
//! and every meeting it came up in, newest first as everywhere else on the site.

use super::outcomes::OutcomeView;
use super::*;
use crate::outcomes::follow::Spot;

/// One meeting an item came up in, as its page lists it.
#[derive(Debug, Clone, Serialize)]
struct MentionView {
    date: Option<DateView>,
    /// The note's title and what tells it apart from notes of the same title (as cards).
    title: String,
    title_extra: Option<String>,
    note_url: String,
    /// The spot in the note.
    url: String,
    /// The wording there, and the state there.
    html: String,
    done: bool,
    agenda: Option<String>,
}

impl Renderer<'_> {
    fn mention_view(&self, spot: Spot) -> MentionView {
        let o = self.outcomes.outcome(spot);
        let card = &self.cards[spot.note];
        MentionView {
            date: card.date.clone(),
            title: card.title.clone(),
            title_extra: card.title_extra.clone(),
            note_url: card.url.clone(),
            url: format!("{}#{}", card.url, o.anchor),
            html: o.html.clone(),
            done: o.done,
            agenda: o.agenda.as_ref().map(|a| a.1.clone()),
        }
    }

    /// The page of tracked item `k`.
    pub(super) fn action_item(&self, k: usize, path: &str) -> Result<File, Diagnostic> {
        let t = &self.outcomes.actions[k];
        let item: OutcomeView = self.outcome_view(t.last());
        // Newest first; the item closed in the first meeting of its last run of done ones.
        let mentions: Vec<MentionView> =
            t.mentions.iter().rev().map(|&s| self.mention_view(s)).collect();
        let closed = t
            .done
            .then(|| mentions.iter().take_while(|m| m.done).last().cloned())
            .flatten();
        let text = crate::markdown::collapse_whitespace(&self.outcomes.outcome(t.last()).text);
        let team = item.team.as_ref().map_or(String::new(), |t| format!(" ({})", t.name));
        let state = if t.done {
            "done".to_string()
        } else {
            format!("open for {}", descriptions::count(t.age, "meeting", "meetings"))
        };
        let description = descriptions::one_line(&format!("Action item{team}, {state}: {text}"));
        let mut cx = tera::Context::new();
        cx.insert("item", &item);
        cx.insert("closed", &closed);
        cx.insert("mentions", &mentions);
        cx.insert("actions_url", &self.linker.url(&super::outcomes::actions_path()));
        let title = self.page_title(&format!("Action item: {}", descriptions::one_line(&text)));
        self.fill_described("action.html", path, title, description, Section::Action, cx)
    }
}
