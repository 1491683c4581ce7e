use std::collections::HashMap;
use std::ops::Range;

/// Where the key and the value of each JSON pointer were written.
#[derive(Debug, Default, Clone)]
pub struct SpanMap {
    entries: HashMap<String, Spans>,
}

#[derive(Debug, Default, Clone)]
struct Spans {
    key: Option<Range<usize>>,
    value: Option<Range<usize>>,
}

impl SpanMap {
    pub(crate) fn insert(
        &mut self,
        pointer: String,
        key: Option<Range<usize>>,
        value: Option<Range<usize>>,
    ) {
        self.entries.insert(pointer, Spans { key, value });
    }

    /// The span of the value at `pointer`, or of the nearest enclosing value
    /// that has one (implicit tables have no text of their own).
    pub fn value(&self, pointer: &str) -> Range<usize> {
        self.find(pointer, |s| s.value.clone().or_else(|| s.key.clone()))
    }

    /// The span of the key that names `pointer`; for array items and the
    /// document root, the value's span.
    pub fn key(&self, pointer: &str) -> Range<usize> {
        self.find(pointer, |s| s.key.clone().or_else(|| s.value.clone()))
    }

    /// Whether the pointer names something written in the file.
    pub fn contains(&self, pointer: &str) -> bool {
        self.entries.contains_key(pointer)
    }

    fn find(&self, pointer: &str, pick: impl Fn(&Spans) -> Option<Range<usize>>) -> Range<usize> {
        let mut pointer = pointer;
        loop {
            if let Some(span) = self.entries.get(pointer).and_then(&pick) {
                return span;
            }
            match pointer.rfind('/') {
                Some(i) => pointer = &pointer[..i],
                None => return 0..0,
            }
        }
    }
}

/// The JSON pointer of a child: `/a` + `b` → `/a/b`, escaped as RFC 6901 says.
pub fn pointer_child(parent: &str, key: &str) -> String {
    let mut out = String::with_capacity(parent.len() + key.len() + 1);
    out.push_str(parent);
    out.push('/');
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}
