//! Page frames: the part of a page that its own template does not write (the `<head>`,
//! the site header and footer of `base.html`), rendered once per template and section and
//! reused, so that each page renders only the blocks its own template defines.
//!
//! Why: a reference-heavy archive of 10,000 notes has about 90,000 pages, most of them
//! small issue pages, and Tera spent close to half of their render time evaluating the same
//! `base.html` again for each (`--timings`, ref pages: 4.1 s with the frame rendered per
//! page, 2.4 s with an empty `base.html`).
//!
//! Only where it cannot change a byte: a template gets a [`Plan`] only when everything
//! rendered outside its own blocks reads nothing but `site.*`, `page.section` (part of the
//! frame's key) and a bare `{{ page.title }}` or `{{ page.url }}` (filled in per page,
//! escaped as Tera escapes them). An include, a macro or function call, `set`, `super()`
//! in the template's blocks, a filter on the title: any of these and its pages are
//! rendered whole, as before. `tests/site.rs` builds archives both ways and compares every
//! file.

use std::collections::BTreeMap;
use tera::ast::{Expr, ExprVal, Node};
use tera::Tera;

/// Names of the helper templates start with this; no theme file can be called that.
pub const PREFIX: &str = "__minutes__/";

/// Stand-ins rendered into the frame where each page's own values go. Characters from
/// Unicode's private use area, which no title, URL or template text carries.
const TITLE: &str = "\u{F8FF}minutes:title\u{F8FF}";
const URL: &str = "\u{F8FF}minutes:url\u{F8FF}";
const BLOCK: &str = "\u{F8FF}minutes:block:";
const END: char = '\u{F8FF}';

/// How one page template renders piecewise.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Renders the frame: extends the page template, each of its blocks a stand-in.
    pub frame: String,
    /// The page template's own blocks that the frame shows, in the order of their
    /// stand-ins: (block name, helper template that renders only that block).
    pub parts: Vec<(String, String)>,
}

/// The helper templates a plan needs, by name, with their source.
pub type Helpers = Vec<(String, String)>;

/// Decides whether `name`'s pages can reuse a frame and writes the helper templates that
/// would render it. `tera` holds the theme's templates, `source` is `name`'s text. Call
/// [`confirm`] once the helpers are added.
pub fn plan(tera: &Tera, name: &str, source: &str) -> Option<(Plan, Helpers)> {
    if !name.ends_with(".html") || name.starts_with(PREFIX) {
        return None;
    }
    let page = tera.get_template(name).ok()?;
    let root = tera.get_template(page.parents.last()?).ok()?;
    // The template's own blocks are rendered per page; `super()` in one would need the
    // parent's definition, which the helper templates leave out.
    if page
        .blocks
        .values()
        .any(|b| any_node(&b.body, &|n| matches!(n, Node::Super)))
    {
        return None;
    }
    let mut holes = Vec::new();
    let chain: Vec<&tera::Template> = page
        .parents
        .iter()
        .filter_map(|p| tera.get_template(p).ok())
        .collect();
    let mut scan = Scan {
        own: &page.blocks,
        chain: &chain,
        holes: &mut holes,
        bound: Vec::new(),
    };
    if !scan.nodes(&root.ast) || !holes_stand_alone(&page.blocks, &holes) {
        return None;
    }
    let extends = extends_tag(source)?;
    let mut helpers = Vec::new();
    let mut frame = format!("{{% extends \"{name}\" %}}");
    let mut parts = Vec::new();
    for (i, block) in holes.iter().enumerate() {
        frame.push_str(&format!(
            "{{% block {block} %}}{BLOCK}{i}{END}{{% endblock {block} %}}"
        ));
        let bare = format!("{PREFIX}bare/{block}.html");
        let part = format!("{PREFIX}part/{block}/{name}");
        helpers.push((
            bare.clone(),
            format!("{{% block {block} %}}{{% endblock {block} %}}"),
        ));
        helpers.push((
            part.clone(),
            format!(
                "{}{{% extends \"{bare}\" %}}{}",
                &source[..extends.start],
                &source[extends.end..]
            ),
        ));
        parts.push((block.clone(), part));
    }
    let frame_name = format!("{PREFIX}frame/{name}");
    helpers.push((frame_name.clone(), frame));
    Some((
        Plan {
            frame: frame_name,
            parts,
        },
        helpers,
    ))
}

/// Whether the helpers of `plan`, once parsed, render exactly the page template's blocks:
/// each part template extends its bare parent and defines the block as `name` does.
pub fn confirm(tera: &Tera, name: &str, plan: &Plan) -> bool {
    let Ok(page) = tera.get_template(name) else {
        return false;
    };
    tera.get_template(&plan.frame).is_ok()
        && plan.parts.iter().all(|(block, part)| {
            tera.get_template(part).is_ok_and(|t| {
                t.parent.as_deref() == Some(&format!("{PREFIX}bare/{block}.html"))
                    && t.blocks.get(block) == page.blocks.get(block)
            })
        })
}

/// The stand-ins a frame is rendered with: `page.title` and `page.url`.
pub fn stand_ins() -> (&'static str, &'static str) {
    (TITLE, URL)
}

/// A rendered frame, cut at its stand-ins.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pieces: Vec<Piece>,
    text_len: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Title,
    Url,
    Part(usize),
}

impl Frame {
    /// Cuts `rendered` (the frame template's output) at its stand-ins. `None` unless each
    /// of the `parts` blocks appears exactly once.
    pub fn cut(rendered: &str, parts: usize) -> Option<Frame> {
        let mut pieces = Vec::new();
        let mut seen = vec![0usize; parts];
        let mut rest = rendered;
        let mut text_len = 0;
        while let Some(at) = rest.find(END) {
            let tail = &rest[at..];
            let (piece, len) = if tail.starts_with(TITLE) {
                (Piece::Title, TITLE.len())
            } else if tail.starts_with(URL) {
                (Piece::Url, URL.len())
            } else if let Some(after) = tail.strip_prefix(BLOCK) {
                let close = after.find(END)?;
                let i: usize = after[..close].parse().ok()?;
                *seen.get_mut(i)? += 1;
                (Piece::Part(i), BLOCK.len() + close + END.len_utf8())
            } else {
                return None;
            };
            if at > 0 {
                pieces.push(Piece::Text(rest[..at].to_string()));
                text_len += at;
            }
            pieces.push(piece);
            rest = &rest[at + len..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
            text_len += rest.len();
        }
        seen.iter()
            .all(|&n| n == 1)
            .then_some(Frame { pieces, text_len })
    }

    /// The page: the frame with `title` and `url` (already escaped) and the rendered
    /// `parts` put in.
    pub fn fill(&self, title: &str, url: &str, parts: &[String]) -> String {
        let len = self.text_len + parts.iter().map(String::len).sum::<usize>() + 2 * title.len();
        let mut out = String::with_capacity(len);
        for piece in &self.pieces {
            out.push_str(match piece {
                Piece::Text(t) => t,
                Piece::Title => title,
                Piece::Url => url,
                Piece::Part(i) => &parts[*i],
            });
        }
        out
    }
}

/// Byte range of the `{% extends "…" %}` tag in a template's text.
fn extends_tag(source: &str) -> Option<std::ops::Range<usize>> {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\{%-?\s*extends\s+("[^"]*"|'[^']*'|`[^`]*`)\s*-?%\}"#).expect("regex")
    });
    TAG.find(source).map(|m| m.range())
}

/// Whether each hole renders alone as it does in the whole page. Tera renders a block in
/// the page's own scope, so a `set` in one is seen by the blocks after it (allowed only in
/// the last hole) and by the rest of the base template (never of `site` or `page`, which
/// the frame reads). A block nested under an `if` or `filter` inside a hole is not
/// registered as a block by Tera and takes its definition from the page's parents, which
/// the part templates do not have.
fn holes_stand_alone(
    own: &std::collections::HashMap<String, tera::ast::Block>,
    holes: &[String],
) -> bool {
    holes.iter().enumerate().all(|(k, name)| {
        let body = &own[name].body;
        let last = k + 1 == holes.len();
        let bad_set = |n: &Node| match n {
            Node::Set(_, set) => !last || set.key == "site" || set.key == "page",
            _ => false,
        };
        let stray_block =
            |n: &Node| matches!(n, Node::Block(_, b, _) if !own.contains_key(&b.name));
        !any_node(body, &bad_set) && !any_node(body, &stray_block)
    })
}

/// Whether any node, at any depth, satisfies `f`.
fn any_node(nodes: &[Node], f: &dyn Fn(&Node) -> bool) -> bool {
    nodes.iter().any(|n| {
        f(n) || match n {
            Node::Block(_, b, _) => any_node(&b.body, f),
            Node::Forloop(_, l, _) => {
                any_node(&l.body, f) || l.empty_body.as_ref().is_some_and(|b| any_node(b, f))
            }
            Node::If(i, _) => {
                i.conditions.iter().any(|(_, _, b)| any_node(b, f))
                    || i.otherwise.as_ref().is_some_and(|(_, b)| any_node(b, f))
            }
            Node::FilterSection(_, s, _) => any_node(&s.body, f),
            _ => false,
        }
    })
}

/// Walks what the frame renders, checking it reads only what every page of the template
/// shares, and collects the page template's own blocks (the holes) in order.
struct Scan<'a> {
    own: &'a std::collections::HashMap<String, tera::ast::Block>,
    chain: &'a [&'a tera::Template],
    holes: &'a mut Vec<String>,
    /// Names bound by enclosing `for` loops.
    bound: Vec<String>,
}

impl Scan<'_> {
    fn nodes(&mut self, nodes: &[Node]) -> bool {
        nodes.iter().all(|n| self.node(n))
    }

    fn node(&mut self, node: &Node) -> bool {
        match node {
            Node::Text(_) | Node::Comment(..) | Node::Raw(..) => true,
            Node::Extends(..) | Node::ImportMacro(..) | Node::MacroDefinition(..) => true,
            Node::Break(_) | Node::Continue(_) => true,
            // The title and URL differ per page: filled in when the page is, so only
            // where Tera would print them as they are (escaped).
            Node::VariableBlock(_, e) if is_hole(e) => true,
            Node::VariableBlock(_, e) => self.expr(e),
            Node::Block(_, b, _) => {
                if self.own.contains_key(&b.name) {
                    if self.holes.contains(&b.name) {
                        return false;
                    }
                    self.holes.push(b.name.clone());
                    true
                } else {
                    // The nearest parent's definition is the one that renders.
                    match self.chain.iter().find_map(|t| t.blocks.get(&b.name)) {
                        Some(def) => self.nodes(&def.body),
                        None => self.nodes(&b.body),
                    }
                }
            }
            Node::If(i, _) => {
                i.conditions
                    .iter()
                    .all(|(_, e, b)| self.expr(e) && self.nodes(b))
                    && i.otherwise.as_ref().is_none_or(|(_, b)| self.nodes(b))
            }
            Node::Forloop(_, l, _) => {
                if !self.expr(&l.container) {
                    return false;
                }
                // Tera renders the `else` branch outside the loop's scope.
                if !l.empty_body.as_ref().is_none_or(|b| self.nodes(b)) {
                    return false;
                }
                let depth = self.bound.len();
                self.bound.extend(l.key.iter().cloned());
                self.bound.push(l.value.clone());
                self.bound.push("loop".to_string());
                let ok = self.nodes(&l.body);
                self.bound.truncate(depth);
                ok
            }
            // Includes, `set`, `super()` and filter sections: not worth proving.
            Node::Include(..) | Node::Set(..) | Node::Super | Node::FilterSection(..) => false,
        }
    }

    fn expr(&self, e: &Expr) -> bool {
        self.val(&e.val)
            && e.filters
                .iter()
                .all(|f| f.args.values().all(|a| self.expr(a)))
    }

    fn val(&self, v: &ExprVal) -> bool {
        match v {
            ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => true,
            ExprVal::Ident(name) => self.shared(name),
            ExprVal::Math(m) => self.expr(&m.lhs) && self.expr(&m.rhs),
            ExprVal::Logic(l) => self.expr(&l.lhs) && self.expr(&l.rhs),
            ExprVal::In(i) => self.expr(&i.lhs) && self.expr(&i.rhs),
            ExprVal::Test(t) => self.shared(&t.ident) && t.args.iter().all(|a| self.expr(a)),
            ExprVal::Array(items) => items.iter().all(|a| self.expr(a)),
            ExprVal::StringConcat(c) => c.values.iter().all(|v| self.val(v)),
            ExprVal::MacroCall(_) | ExprVal::FunctionCall(_) => false,
        }
    }

    /// Whether a variable is the same on every page that shares a frame.
    fn shared(&self, name: &str) -> bool {
        if name.contains('[') {
            return false;
        }
        let root = name.split('.').next().unwrap_or(name);
        root == "site" || name == "page.section" || self.bound.iter().any(|b| b == root)
    }
}

fn is_hole(e: &Expr) -> bool {
    !e.negated
        && e.filters.is_empty()
        && matches!(&e.val, ExprVal::Ident(n) if n == "page.title" || n == "page.url")
}

/// Plans for every template of `tera` that can use one, with the helpers to add to it.
pub fn plans<'a>(
    tera: &Tera,
    sources: impl Iterator<Item = (&'a str, &'a str)>,
) -> (BTreeMap<String, Plan>, Helpers) {
    let mut plans = BTreeMap::new();
    let mut helpers: BTreeMap<String, String> = BTreeMap::new();
    for (name, source) in sources {
        if let Some((plan, h)) = plan(tera, name, source) {
            helpers.extend(h);
            plans.insert(name.to_string(), plan);
        }
    }
    (plans, helpers.into_iter().collect())
}

/// Keeps only the plans whose helpers parsed as intended.
pub fn confirmed(tera: &Tera, plans: BTreeMap<String, Plan>) -> BTreeMap<String, Plan> {
    plans
        .into_iter()
        .filter(|(name, plan)| confirm(tera, name, plan))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut t = Tera::default();
        t.add_raw_templates(templates.to_vec()).unwrap();
        t
    }

    const PAGE: &str =
        "{% extends \"base.html\" %}{% block content %}<p>{{ x }}</p>{% endblock content %}";

    fn planned(base: &str, page: &str) -> Option<Plan> {
        let t = tera(&[("base.html", base), ("page.html", page)]);
        plan(&t, "page.html", page).map(|(p, _)| p)
    }

    #[test]
    fn a_frame_is_planned_only_when_the_rest_reads_shared_values() {
        let ok = [
            "<title>{{ page.title }}</title>{% block content %}{% endblock content %}",
            "{% for t in site.teams %}{{ t.name }}{{ loop.index }}{% endfor %}{% block content %}{% endblock content %}",
            "{% if page.section == 'x' %}a{% endif %}{{ site.n | pluralize }}{% block content %}{% endblock content %}",
            "{{ page.url }}{% block other %}{{ site.title }}{% endblock other %}{% block content %}{% endblock content %}",
        ];
        for base in ok {
            let p = planned(base, PAGE).unwrap_or_else(|| panic!("no plan for {base}"));
            assert_eq!(p.parts.len(), 1, "{base}");
            assert_eq!(p.parts[0].0, "content");
        }
        let not = [
            "<title>{{ page.title | upper }}</title>{% block content %}{% endblock content %}",
            "{% if page.title %}t{% endif %}{% block content %}{% endblock content %}",
            "{{ x }}{% block content %}{% endblock content %}",
            "{% include \"nav.html\" %}{% block content %}{% endblock content %}",
            "{% set y = site.title %}{% block content %}{% endblock content %}",
            "{{ now() }}{% block content %}{% endblock content %}",
            "{{ site.assets[page.section] }}{% block content %}{% endblock content %}",
            "{% for t in site.teams %}{% endfor %}{{ t.name }}{% block content %}{% endblock content %}",
        ];
        for base in not {
            let t = tera(&[("base.html", base), ("page.html", PAGE), ("nav.html", "")]);
            assert!(plan(&t, "page.html", PAGE).is_none(), "planned {base}");
        }
        // A loop's `else` branch does not see the loop's names.
        let t = tera(&[
            (
                "base.html",
                "{% for team in site.teams %}{% else %}{{ team }}{% endfor %}{% block content %}{% endblock content %}",
            ),
            ("page.html", PAGE),
        ]);
        assert!(plan(&t, "page.html", PAGE).is_none(), "loop name in else");
        // What the page's own blocks do to each other and to the rest of the base.
        let base = "{% block head %}{% endblock head %}<t>{{ page.title }}</t>{% block content %}{% endblock content %}|{% block toc %}B{% endblock toc %}";
        let framed = "{% extends \"base.html\" %}{% block head %}h{% endblock head %}{% block content %}{% set x = 1 %}{{ x }}{% endblock content %}";
        assert!(planned(base, framed).is_some(), "a set in the last hole");
        let whole = [
            // A `set` seen by a later block.
            "{% extends \"base.html\" %}{% block head %}{% set wide = true %}{% endblock head %}{% block content %}{{ wide }}{% endblock content %}",
            // A `set` of what the frame reads.
            "{% extends \"base.html\" %}{% block content %}{% set page = x %}{% endblock content %}",
            "{% extends \"base.html\" %}{% block content %}{% if true %}{% set_global site = x %}{% endif %}{% endblock content %}",
            // A block under an `if` takes the parent's definition, which parts lack.
            "{% extends \"base.html\" %}{% block content %}{% if true %}{% block toc %}P{% endblock toc %}{% endif %}{% endblock content %}",
        ];
        for page in whole {
            assert!(planned(base, page).is_none(), "planned {page}");
        }
        let with_super =
            "{% extends \"base.html\" %}{% block content %}{{ super() }}{% endblock content %}";
        assert!(planned("{% block content %}a{% endblock content %}", with_super).is_none());
        // A template that extends nothing has no frame to share.
        assert!(planned("x", "<p>{{ x }}</p>").is_none());
    }

    #[test]
    fn a_planned_page_renders_as_the_whole_template_does() {
        let base = "<title>{{ page.title }}</title>\n{%- block head %}<meta>{% endblock head %}\n<ul>{% for t in site.teams %}<li>{{ t }}</li>{% endfor %}</ul>\n{% block content %}{% endblock content %}<p>{{ page.url }}</p>";
        let page = "{% extends \"base.html\" %}{% block head %}<meta name=x content=\"{{ x }}\">{% endblock head %}\n{% block content %}<p>{{ x }}</p>{% endblock content %}";
        let mut t = tera(&[("base.html", base), ("page.html", page)]);
        let (plan, helpers) = plan(&t, "page.html", page).unwrap();
        t.add_raw_templates(helpers).unwrap();
        assert!(confirm(&t, "page.html", &plan));
        let render = |title: &str, x: &str| {
            let mut cx = tera::Context::new();
            cx.insert("site", &serde_json::json!({"teams": ["a", "b"]}));
            cx.insert("page", &serde_json::json!({"title": title, "url": "/u/"}));
            cx.insert("x", x);
            cx
        };
        let (st, su) = stand_ins();
        let frame_cx = {
            let mut cx = tera::Context::new();
            cx.insert("site", &serde_json::json!({"teams": ["a", "b"]}));
            cx.insert("page", &serde_json::json!({"title": st, "url": su}));
            cx
        };
        let frame =
            Frame::cut(&t.render(&plan.frame, &frame_cx).unwrap(), plan.parts.len()).unwrap();
        for (title, x) in [("One & two", "<b>"), ("Plain", "y")] {
            let cx = render(title, x);
            let parts: Vec<String> = plan
                .parts
                .iter()
                .map(|(_, p)| t.render(p, &cx).unwrap())
                .collect();
            let filled = frame.fill(&tera::escape_html(title), &tera::escape_html("/u/"), &parts);
            assert_eq!(filled, t.render("page.html", &cx).unwrap());
        }
    }

    #[test]
    fn a_frame_is_cut_only_when_each_part_shows_once() {
        let b = |i: usize| format!("{BLOCK}{i}{END}");
        let f = Frame::cut(&format!("<t>{TITLE}</t>{}<u>{URL}</u>{}", b(1), b(0)), 2).unwrap();
        assert_eq!(
            f.fill("T", "U", &["zero".into(), "one".into()]),
            "<t>T</t>one<u>U</u>zero"
        );
        assert!(Frame::cut(&b(0), 2).is_none(), "a part missing");
        assert!(
            Frame::cut(&format!("{}{}", b(0), b(0)), 1).is_none(),
            "a part twice"
        );
        assert!(Frame::cut(&b(3), 1).is_none(), "no such part");
        assert!(
            Frame::cut(&format!("a{END}b"), 0).is_none(),
            "a stray stand-in character"
        );
    }
}
