//! The stack of open blocks, as far as the walker needs to tell them apart.

/// The kinds of block the walker needs to tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Block {
    Paragraph,
    Item,
    /// A table's head or row: its cells make one reference context.
    Row,
    Cell,
    Other,
}

#[derive(Default)]
pub(super) struct Blocks {
    open: Vec<Block>,
    /// How many of `open` are list items, kept as they are pushed and popped: asking
    /// `open` on every block made 200,000 nested quotes quadratic.
    items_open: usize,
    /// Open footnote definitions: their text makes no summary.
    pub(super) footnote_depth: usize,
}

impl Blocks {
    pub(super) fn push(&mut self, block: Block) {
        self.items_open += usize::from(block == Block::Item);
        self.open.push(block);
    }

    pub(super) fn pop(&mut self) {
        if self.open.pop() == Some(Block::Item) {
            self.items_open -= 1;
        }
    }

    pub(super) fn innermost(&self) -> Option<Block> {
        self.open.last().copied()
    }

    pub(super) fn in_list(&self) -> bool {
        self.items_open > 0
    }
}
