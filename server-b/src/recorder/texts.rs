//! Several short texts in one allocation. An exchange keeps a handful of
//! header values; stored one `String` each they cost a dozen allocations per
//! request on server-b's hot path, stored here they cost one.

/// `N` optional texts, each at most `u16::MAX` bytes long, in one buffer.
#[derive(Clone, Debug)]
pub struct Texts<const N: usize> {
    buffer: String,
    spans: [Option<(u16, u16)>; N],
}

impl<const N: usize> Texts<N> {
    /// The texts, in order; `None` where a text is absent.
    pub fn new(texts: [Option<&str>; N]) -> Self {
        let total = texts.iter().flatten().map(|t| t.len()).sum();
        let mut buffer = String::with_capacity(total);
        let spans = texts.map(|text| {
            let text = text?;
            let start = u16::try_from(buffer.len()).ok()?;
            buffer.push_str(text);
            let end = u16::try_from(buffer.len()).ok()?;
            Some((start, end))
        });
        Texts { buffer, spans }
    }

    /// The `index`th text.
    pub fn get(&self, index: usize) -> Option<&str> {
        let (start, end) = self.spans[index]?;
        self.buffer.get(usize::from(start)..usize::from(end))
    }
}

impl<const N: usize> Default for Texts<N> {
    fn default() -> Self {
        Texts {
            buffer: String::new(),
            spans: [None; N],
        }
    }
}

/// A list of texts without new lines, kept as one string, one per line.
#[derive(Clone, Debug, Default)]
pub struct Lines(String);

impl Lines {
    pub fn new<'a>(items: impl IntoIterator<Item = &'a str>) -> Self {
        let mut lines = String::new();
        for item in items {
            if !lines.is_empty() {
                lines.push('\n');
            }
            lines.push_str(item);
        }
        Lines(lines)
    }

    /// Lines joined by `\n` already.
    pub fn from_joined(joined: String) -> Self {
        Lines(joined)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split('\n').filter(|line| !line.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_given() {
        let texts = Texts::new([Some("a"), None, Some(""), Some("héllo")]);
        assert_eq!(texts.get(0), Some("a"));
        assert_eq!(texts.get(1), None);
        assert_eq!(texts.get(2), Some(""));
        assert_eq!(texts.get(3), Some("héllo"));
    }

    #[test]
    fn lines_come_back_as_given() {
        let lines = Lines::new(["a: 1", "b: 2"]);
        assert_eq!(lines.iter().collect::<Vec<_>>(), ["a: 1", "b: 2"]);
        assert_eq!(Lines::default().iter().count(), 0);
    }
}
