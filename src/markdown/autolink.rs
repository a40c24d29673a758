//! GFM extended autolinks: bare URLs, `www.` domains and e-mail addresses in text become
//! links, as github.com renders them (pulldown-cmark only links `<…>` autolinks).

use std::borrow::Cow;

/// A piece of text after linking: left as text, or turned into a link.
///
/// This is the seam for passes that find links in plain text: [`linkify`] produces spans
/// for bare URLs and e-mail addresses; a pass for GitHub references (`#12`, `org/repo#12`,
/// `@user`) can split the remaining `Text` spans further before they become events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span<'t> {
    Text(&'t str),
    Link {
        href: String,
        text: Cow<'t, str>,
        /// Rendered as `class="…"` on the `<a>`; `None` renders a plain link.
        class: Option<&'static str>,
    },
}

/// Splits `text` at GFM extended autolinks: `http(s)://` and `ftp://` URLs, `www.` domains
/// (linked as `http://www.…`) and bare e-mail addresses (linked as `mailto:`). URLs are
/// shown as written. Follows cmark-gfm's rules for where a link ends: trailing `?!.,:*_~'"`
/// are left out, a `)` only if unbalanced, a trailing `&entity;` or `;` too.
pub fn linkify(text: &str) -> Vec<Span<'_>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    // End of the text already turned into spans.
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        let found = match bytes[i] {
            b':' => url_at(text, i, done),
            b'w' => www_at(text, i),
            b'@' => email_at(text, i, done),
            _ => None,
        };
        let Some(link) = found else {
            i += 1;
            continue;
        };
        if link.start > done {
            spans.push(Span::Text(&text[done..link.start]));
        }
        let shown = &text[link.start..link.end];
        spans.push(Span::Link {
            href: format!("{}{shown}", link.href_prefix),
            text: Cow::Borrowed(shown),
            class: None,
        });
        done = link.end;
        i = link.end;
    }
    if done < bytes.len() {
        spans.push(Span::Text(&text[done..]));
    }
    spans
}

/// Cheap test that lets most text events skip [`linkify`]: every autolink has one of these.
pub(super) fn may_contain_link(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b':' | b'@' | b'.'))
}

struct Found {
    start: usize,
    end: usize,
    href_prefix: &'static str,
}

/// A URL whose scheme ends at the `:` at `colon`.
fn url_at(text: &str, colon: usize, done: usize) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut start = colon;
    while start > done && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    // The whole run of letters must be the scheme, so `xhttp://` is not a link.
    let scheme = &text[start..colon];
    let known = ["http", "https", "ftp"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s));
    if !known || !text[colon..].starts_with("://") {
        return None;
    }
    let host = colon + 3;
    let domain_end = host + domain_len(&text[host..], false)?;
    let end = link_end(text, start, domain_end);
    (end > host).then_some(Found {
        start,
        end,
        href_prefix: "",
    })
}

/// A `www.` domain starting at `w`.
fn www_at(text: &str, w: usize) -> Option<Found> {
    if !text[w..].starts_with("www.") {
        return None;
    }
    if let Some(before) = text[..w].chars().next_back() {
        if !(before.is_whitespace() || matches!(before, '*' | '_' | '~' | '(')) {
            return None;
        }
    }
    let domain_end = w + domain_len(&text[w..], true)?;
    let end = link_end(text, w, domain_end);
    (end > w + 4).then_some(Found {
        start: w,
        end,
        href_prefix: "http://",
    })
}

/// A bare e-mail address around the `@` at `at`.
fn email_at(text: &str, at: usize, done: usize) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut start = at;
    while start > done
        && (bytes[start - 1].is_ascii_alphanumeric() || b".+-_".contains(&bytes[start - 1]))
    {
        start -= 1;
    }
    // A `/` before the local part means this is part of a path (`https://host/a@b.c`).
    if start == at || (start > 0 && bytes[start - 1] == b'/') {
        return None;
    }
    let mut end = at + 1;
    let mut dots = 0;
    while end < bytes.len() {
        match bytes[end] {
            c if c.is_ascii_alphanumeric() || c == b'-' || c == b'_' => end += 1,
            b'.' if bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) => {
                dots += 1;
                end += 1;
            }
            b'@' => return None,
            _ => break,
        }
    }
    if end == at + 1 || dots == 0 || !bytes[end - 1].is_ascii_alphabetic() {
        return None;
    }
    Some(Found {
        start,
        end,
        href_prefix: "mailto:",
    })
}

/// Length of the domain at the start of `s`: letters, digits, `-`, `_` and `.`, with no
/// `_` in the last two labels (host names cannot have one). `www.` needs a dot; URLs do
/// not (`http://localhost`).
fn domain_len(s: &str, needs_dot: bool) -> Option<usize> {
    let mut len = 0;
    let mut dots = 0;
    let (mut underscore_prev, mut underscore_last) = (false, false);
    for c in s.chars() {
        match c {
            '_' => underscore_last = true,
            '.' => {
                underscore_prev = underscore_last;
                underscore_last = false;
                dots += 1;
            }
            '-' => {}
            c if c.is_alphanumeric() => {}
            _ => break,
        }
        len += c.len_utf8();
    }
    let starts_well = s.chars().next().is_some_and(char::is_alphanumeric);
    (starts_well && !underscore_prev && !underscore_last && (dots > 0 || !needs_dot)).then_some(len)
}

/// Where a link that starts at `start` and whose domain ends at `domain_end` ends: at the
/// next space or `<`, less trailing punctuation.
fn link_end(text: &str, start: usize, domain_end: usize) -> usize {
    let rest = &text[domain_end..];
    let end = domain_end
        + rest
            .find(|c: char| c.is_whitespace() || c == '<')
            .unwrap_or(rest.len());
    start + trim_link_end(&text[start..end])
}

/// How much of `link` to keep once trailing punctuation is dropped.
fn trim_link_end(link: &str) -> usize {
    let b = link.as_bytes();
    let mut end = b.len();
    // Counted once and kept up to date, so a run of `)` stays linear. Only `)` is ever
    // dropped among the two, so only `closing` changes.
    let opening = b.iter().filter(|&&c| c == b'(').count();
    let mut closing = b.iter().filter(|&&c| c == b')').count();
    while end > 0 {
        match b[end - 1] {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b';' => {
                let semicolon = end - 1;
                let mut name = semicolon;
                while name > 0 && b[name - 1].is_ascii_alphanumeric() {
                    name -= 1;
                }
                end = if name < semicolon && name > 0 && b[name - 1] == b'&' {
                    name - 1
                } else {
                    semicolon
                };
            }
            b')' if closing > opening => {
                end -= 1;
                closing -= 1;
            }
            _ => break,
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_support::*;

    #[test]
    fn url_excludes_trailing_dot() {
        assert_eq!(
            html("see https://github.com/o/r/pull/1."),
            format!(
                "<p>see {}.</p>\n",
                link(
                    "https://github.com/o/r/pull/1",
                    "https://github.com/o/r/pull/1"
                )
            )
        );
    }

    #[test]
    fn url_in_parentheses() {
        assert_eq!(
            html("(https://a.b/c)"),
            format!("<p>({})</p>\n", link("https://a.b/c", "https://a.b/c"))
        );
    }

    #[test]
    fn url_keeps_balanced_parenthesis() {
        let url = "https://en.wikipedia.org/wiki/Foo_(bar)";
        assert_eq!(
            html(&format!("{url} and ({url})")),
            format!("<p>{} and ({})</p>\n", link(url, url), link(url, url))
        );
    }

    #[test]
    fn www_gets_http() {
        assert_eq!(
            html("Visit www.example.com/a?b=1, then"),
            format!(
                "<p>Visit {}, then</p>\n",
                link("http://www.example.com/a?b=1", "www.example.com/a?b=1")
            )
        );
        assert_eq!(html("awww.example.com"), "<p>awww.example.com</p>\n");
    }

    #[test]
    fn email_gets_mailto() {
        assert_eq!(
            html("Mail a.b+c@example.co."),
            format!(
                "<p>Mail {}.</p>\n",
                link("mailto:a.b+c@example.co", "a.b+c@example.co")
            )
        );
        assert_eq!(html("x@y"), "<p>x@y</p>\n");
        assert_eq!(html("@mgoelzer"), "<p>@mgoelzer</p>\n");
    }

    #[test]
    fn no_links_in_code_or_existing_links() {
        assert_eq!(
            html("`https://a.b/c`"),
            "<p><code>https://a.b/c</code></p>\n"
        );
        assert_eq!(
            html("```\nhttps://a.b/c\n```\n"),
            "<pre><code>https://a.b/c\n</code></pre>\n"
        );
        assert_eq!(
            html("[https://a.b/c](https://x.y)"),
            format!("<p>{}</p>\n", link("https://x.y", "https://a.b/c"))
        );
        assert_eq!(
            html("<https://x.y>"),
            format!("<p>{}</p>\n", link("https://x.y", "https://x.y"))
        );
        assert_eq!(
            html("<a href=\"https://x.y\">https://x.y</a>"),
            "<p><a href=\"https://x.y\">https://x.y</a></p>\n"
        );
        assert_eq!(
            html("![https://a.b/c](i.png)"),
            "<p><img src=\"i.png\" alt=\"https://a.b/c\" /></p>\n"
        );
    }

    #[test]
    fn raw_html_block_is_passed_through() {
        let body = "<div>\nhttps://a.b/c\n</div>\n";
        assert_eq!(html(body), body);
    }

    #[test]
    fn url_with_underscores_is_one_link() {
        // pulldown-cmark emits the unmatched `_` as separate text events.
        assert_eq!(
            html("https://a.b/x_y_z and https://a.b/x_y"),
            format!(
                "<p>{} and {}</p>\n",
                link("https://a.b/x_y_z", "https://a.b/x_y_z"),
                link("https://a.b/x_y", "https://a.b/x_y")
            )
        );
    }

    /// Known gap: cmark-gfm finds URLs before emphasis, so GitHub links all of
    /// `https://a.b/__init__`; here the `__…__` pair is already strong emphasis.
    #[test]
    fn url_cut_by_real_emphasis_links_the_part_before_it() {
        assert_eq!(
            html("https://a.b/__init__"),
            format!(
                "<p>{}<strong>init</strong></p>\n",
                link("https://a.b/", "https://a.b/")
            )
        );
    }

    #[test]
    fn url_trailing_rules() {
        let ends = |s: &str| -> String {
            match linkify(s)
                .into_iter()
                .find(|s| matches!(s, Span::Link { .. }))
            {
                Some(Span::Link { text, .. }) => text.into_owned(),
                _ => String::new(),
            }
        };
        assert_eq!(ends("https://a.b/c?!.,:*_~'\" x"), "https://a.b/c");
        assert_eq!(ends("https://a.b/q?x=1&hl;"), "https://a.b/q?x=1");
        assert_eq!(ends("https://a.b/q?x=1&hl=en"), "https://a.b/q?x=1&hl=en");
        assert_eq!(ends("https://a.b/c;"), "https://a.b/c");
        assert_eq!(ends("https://a.b/c))"), "https://a.b/c");
        assert_eq!(ends("https://a.b/(c))."), "https://a.b/(c)");
        assert_eq!(ends("https://a.b/c<d"), "https://a.b/c");
        assert_eq!(ends("http://localhost:8080/x"), "http://localhost:8080/x");
        assert_eq!(ends("HTTPS://A.B"), "HTTPS://A.B");
        assert_eq!(ends("xhttps://a.b"), "");
        assert_eq!(ends("https://"), "");
        assert_eq!(ends("https:// a"), "");
        assert_eq!(ends("https://a_b.c_d.e"), "");
        assert_eq!(ends("www."), "");
        assert_eq!(ends("mailto:me@x.io"), "me@x.io");
        assert_eq!(ends("https://h/a@b.co"), "https://h/a@b.co");
    }

    #[test]
    fn linkify_spans_cover_the_text() {
        let text = "a https://x.y/z b www.q.r c d@e.fg.";
        let spans = linkify(text);
        assert_eq!(spans.len(), 7);
        let rebuilt: String = spans
            .iter()
            .map(|s| match s {
                Span::Text(t) => t.to_string(),
                Span::Link { text, .. } => text.to_string(),
            })
            .collect();
        assert_eq!(rebuilt, text);
        assert_eq!(
            spans[3],
            Span::Link {
                href: "http://www.q.r".into(),
                text: Cow::Borrowed("www.q.r"),
                class: None
            }
        );
    }

    #[test]
    fn linkify_is_linear_on_parenthesis_runs() {
        let text = format!("https://a.b/{}", ")".repeat(100_000));
        let spans = linkify(&text);
        assert_eq!(spans.len(), 2);
    }

    #[test]
    fn urls_with_non_ascii_are_encoded_in_href_only() {
        assert_eq!(
            html("https://de.wikipedia.org/wiki/Überblick"),
            format!(
                "<p>{}</p>\n",
                link(
                    "https://de.wikipedia.org/wiki/%C3%9Cberblick",
                    "https://de.wikipedia.org/wiki/Überblick"
                )
            )
        );
    }
}
