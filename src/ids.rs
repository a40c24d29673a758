//! Typed indexes into the lists an archive and its reference graph keep: a note's
//! position in [`Archive::notes`](crate::archive::Archive), a team's in its `teams`, an
//! issue's in the graph's `issues`… Lists index each other (a team holds its notes, a
//! repository its issues), and with bare `usize`s a team's index could be used on the
//! notes without a word from the compiler.

use std::ops::{Index, IndexMut};

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The id of the `i`th item. Lists hold fewer than 2³² items: a note is at
            /// least a file, and an issue at least a reference in one.
            pub fn new(i: usize) -> Self {
                Self(u32::try_from(i).expect("a list of fewer than 2^32 items"))
            }

            /// The item's position in its list.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The ids of a list of `n` items, in order.
            pub fn all(n: usize) -> impl DoubleEndedIterator<Item = Self> + ExactSizeIterator {
                (0..n).map(Self::new)
            }
        }

        impl<T> Index<$name> for [T] {
            type Output = T;
            fn index(&self, id: $name) -> &T {
                &self[id.index()]
            }
        }

        impl<T> IndexMut<$name> for [T] {
            fn index_mut(&mut self, id: $name) -> &mut T {
                &mut self[id.index()]
            }
        }

        impl<T> Index<$name> for Vec<T> {
            type Output = T;
            fn index(&self, id: $name) -> &T {
                &self[id.index()]
            }
        }

        impl<T> IndexMut<$name> for Vec<T> {
            fn index_mut(&mut self, id: $name) -> &mut T {
                &mut self[id.index()]
            }
        }
    )*};
}

typed_id! {
    /// A note: its place in `Archive::notes`, and in every per-note list (`urls`,
    /// `prev`, `next`, the Markdown pass's results, the cards).
    NoteId;
    /// A team in `Archive::teams`.
    TeamId;
    /// A topic in `Archive::topics`.
    TopicId;
    /// A person in `Archive::people`.
    PersonId;
    /// A year in `Archive::years`.
    YearId;
    /// A repository in `Graph::repos`.
    RepoId;
    /// An issue, pull request or discussion in `Graph::issues`.
    IssueId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_indexes_its_list_and_plain_indexes_still_work() {
        let mut v = vec!["a", "b", "c"];
        let ids: Vec<NoteId> = NoteId::all(v.len()).collect();
        assert_eq!(ids.iter().map(|&i| v[i]).collect::<Vec<_>>(), v);
        v[NoteId::new(1)] = "x";
        assert_eq!(v[1], "x");
        assert_eq!(v[..][NoteId::new(2)], "c");
        assert_eq!(NoteId::new(2).index(), 2);
    }
}
