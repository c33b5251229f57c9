//! Offset paging, the one implementation behind every list (`customers`, `features`,
//! `products`, `plans`, `addons`).
//!
//! Stigg pages with nestjs-query's offset cursors: a [`Cursor`] names the 0-based position
//! of an edge in the sorted, filtered list. A [`PageRequest`] (Relay's `first`/`last`/
//! `after`/`before`, as sent) is parsed once into [`Paging`], which turns the number of
//! matching rows into the [`Window`] of offsets to fetch; the rows fetched become a
//! [`Page`]. Every offset a window holds lies within `0..=total`, so no cursor, however
//! large, reaches the database as an offset that does not fit.
//!
//! Modelled on crates.io's `controllers/helpers/pagination.rs`: one place decodes the
//! paging of a request and computes what to fetch.

use std::fmt;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use crate::error::{Error, Result};

/// Page size when the request gives neither `first` nor `last` (Stigg's default paging is
/// `{first: 10}`).
pub const DEFAULT_PAGE_SIZE: u64 = 10;
/// Largest accepted `first` or `last`.
pub const MAX_PAGE_SIZE: i32 = 100;

/// A paging cursor: the 0-based offset of an edge in the sorted, filtered list, written as
/// nestjs-query writes it: base64 (standard alphabet, padded) of `arrayconnection:N`.
/// Parsing accepts padded or unpadded base64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor(pub u64);

const CURSOR_PREFIX: &str = "arrayconnection:";
const CURSOR_DECODER: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

impl Cursor {
    /// Parses a wire cursor. Errors: `BadUserInput` (`what` names it in the message) when it
    /// is not base64 of `arrayconnection:N` with N a non-negative integer below 2^64.
    pub fn parse(what: &str, raw: &str) -> Result<Cursor> {
        let bad = || Error::bad_input(format!("{what} is not a valid cursor: '{raw}'"));
        let bytes = CURSOR_DECODER.decode(raw).map_err(|_| bad())?;
        let text = std::str::from_utf8(&bytes).map_err(|_| bad())?;
        let digits = text.strip_prefix(CURSOR_PREFIX).ok_or_else(bad)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        digits.parse().map(Cursor).map_err(|_| bad())
    }
}

impl fmt::Display for Cursor {
    /// The wire form: base64 of `arrayconnection:N`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&STANDARD.encode(format!("{CURSOR_PREFIX}{}", self.0)))
    }
}

/// The requested page, as sent. Relay semantics over offset cursors, which include
/// nestjs-query's: the list is cut to the edges after `after` and before `before`, then
/// `first` keeps the first n of them or `last` the last n. Neither `first` nor `last` means
/// `first: 10`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// 0..=100.
    pub first: Option<i32>,
    /// 0..=100; not together with `first`.
    pub last: Option<i32>,
    /// A [`Cursor`] as written on the wire.
    pub after: Option<String>,
    /// A [`Cursor`] as written on the wire.
    pub before: Option<String>,
}

/// A parsed [`PageRequest`]: valid by construction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    size: Size,
    after: Option<Cursor>,
    before: Option<Cursor>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Size {
    First(u64),
    Last(u64),
}

impl Default for Paging {
    /// Stigg's default paging, `{first: 10}`.
    fn default() -> Self {
        Paging {
            size: Size::First(DEFAULT_PAGE_SIZE),
            after: None,
            before: None,
        }
    }
}

impl Paging {
    /// Parses a request. Errors (`BadUserInput`): `first` or `last` outside 0..=100, both
    /// `first` and `last`, an `after` or `before` that is not a [`Cursor`].
    pub fn parse(request: &PageRequest) -> Result<Paging> {
        let size = match (request.first, request.last) {
            (Some(_), Some(_)) => {
                return Err(Error::bad_input("paging accepts first or last, not both"))
            }
            (Some(n), None) => Size::First(page_size("paging.first", n)?),
            (None, Some(n)) => Size::Last(page_size("paging.last", n)?),
            (None, None) => Size::First(DEFAULT_PAGE_SIZE),
        };
        let cursor = |what: &str, raw: &Option<String>| {
            raw.as_deref().map(|c| Cursor::parse(what, c)).transpose()
        };
        Ok(Paging {
            size,
            after: cursor("paging.after", &request.after)?,
            before: cursor("paging.before", &request.before)?,
        })
    }

    /// The offsets of the page's edges in a list of `total` edges. Both ends lie within
    /// `0..=total`, whatever the cursors say.
    pub fn window(&self, total: u64) -> Window {
        let lo = self.after.map_or(0, |c| c.0.saturating_add(1)).min(total);
        let hi = self.before.map_or(total, |c| c.0).clamp(lo, total);
        let (start, end) = match self.size {
            Size::First(n) => (lo, lo.saturating_add(n).min(hi)),
            Size::Last(n) => (hi.saturating_sub(n).max(lo), hi),
        };
        Window { start, end, total }
    }
}

fn page_size(what: &str, n: i32) -> Result<u64> {
    if (0..=MAX_PAGE_SIZE).contains(&n) {
        Ok(n.unsigned_abs().into())
    } else {
        Err(Error::bad_input(format!(
            "{what} must be between 0 and {MAX_PAGE_SIZE}, got {n}"
        )))
    }
}

/// The offsets `start..end` of one page in a list of `total` rows (`start <= end <= total`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// Offset of the page's first row.
    pub start: u64,
    /// Offset just past the page's last row.
    pub end: u64,
    /// Rows in the whole list.
    pub total: u64,
}

impl Window {
    /// Rows to skip (SQL `OFFSET`).
    pub fn offset(&self) -> u64 {
        self.start
    }

    /// Rows to fetch (SQL `LIMIT`); 0 means the page is empty and needs no query.
    pub fn limit(&self) -> u64 {
        self.end - self.start
    }

    /// The page made of `items`, the rows fetched for this window, in order.
    pub fn page<T>(&self, items: Vec<T>) -> Page<T> {
        Page {
            items,
            start: self.start,
            total: self.total,
        }
    }
}

/// One page of a list: its rows in order, where they start and how many rows match over
/// all pages.
#[derive(Clone, Debug)]
pub struct Page<T> {
    /// The rows of the page, in order.
    pub items: Vec<T>,
    /// Offset of the first row in the whole list.
    pub start: u64,
    /// Rows matching the filter, over all pages.
    pub total: u64,
}

impl<T> Page<T> {
    /// True when rows follow the page.
    pub fn has_next_page(&self) -> bool {
        self.start.saturating_add(self.items.len() as u64) < self.total
    }

    /// True when rows precede the page.
    pub fn has_previous_page(&self) -> bool {
        self.start > 0
    }

    /// The rows with their cursors, in order.
    pub fn into_edges(self) -> impl Iterator<Item = (Cursor, T)> {
        let start = self.start;
        self.items
            .into_iter()
            .zip(start..)
            .map(|(item, offset)| (Cursor(offset), item))
    }

    /// The same page with every row mapped by `f`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            start: self.start,
            total: self.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(
        first: Option<i32>,
        last: Option<i32>,
        after: Option<u64>,
        before: Option<u64>,
    ) -> Paging {
        Paging::parse(&PageRequest {
            first,
            last,
            after: after.map(|n| Cursor(n).to_string()),
            before: before.map(|n| Cursor(n).to_string()),
        })
        .expect("valid paging")
    }

    fn window(p: Paging, total: u64) -> (u64, u64) {
        let w = p.window(total);
        (w.start, w.end)
    }

    #[test]
    fn cursors_are_base64_of_arrayconnection_offsets() {
        assert_eq!(Cursor(0).to_string(), "YXJyYXljb25uZWN0aW9uOjA=");
        assert_eq!(Cursor(12).to_string(), "YXJyYXljb25uZWN0aW9uOjEy");
        for n in [0, 1, 9, 10, 99, 12345, u64::MAX] {
            assert_eq!(
                Cursor::parse("c", &Cursor(n).to_string()).ok(),
                Some(Cursor(n))
            );
        }
        // unpadded is accepted too
        assert_eq!(
            Cursor::parse("c", "YXJyYXljb25uZWN0aW9uOjA").ok(),
            Some(Cursor(0))
        );
        let encode = |s: &str| STANDARD.encode(s);
        for bad in [
            "".to_owned(),
            "not base64!".to_owned(),
            encode("arrayconnection:"),
            encode("arrayconnection:-1"),
            encode("arrayconnection:+1"),
            encode("arrayconnection:1.5"),
            encode("arrayconnection:99999999999999999999999"),
            encode("cursor:1"),
        ] {
            let err = Cursor::parse("paging.after", &bad).expect_err(&bad);
            assert_eq!(err.code(), "BadUserInput");
        }
    }

    #[test]
    fn windows_follow_relay_over_offsets() {
        // forward
        assert_eq!(window(paging(None, None, None, None), 25), (0, 10));
        assert_eq!(window(paging(Some(3), None, None, None), 25), (0, 3));
        assert_eq!(window(paging(Some(3), None, Some(2), None), 25), (3, 6));
        assert_eq!(window(paging(Some(10), None, Some(20), None), 25), (21, 25));
        assert_eq!(window(paging(Some(10), None, Some(30), None), 25), (25, 25));
        assert_eq!(window(paging(Some(10), None, None, Some(4)), 25), (0, 4));
        assert_eq!(window(paging(Some(0), None, None, None), 25), (0, 0));
        // backward: the n edges immediately before `before`
        assert_eq!(window(paging(None, Some(3), None, Some(10)), 25), (7, 10));
        assert_eq!(window(paging(None, Some(3), None, Some(2)), 25), (0, 2));
        assert_eq!(window(paging(None, Some(3), None, None), 25), (22, 25));
        assert_eq!(
            window(paging(None, Some(3), Some(20), Some(22)), 25),
            (21, 22)
        );
        assert_eq!(window(paging(None, Some(3), None, Some(99)), 25), (22, 25));
        // empty list
        assert_eq!(window(paging(None, Some(3), None, None), 0), (0, 0));
        assert_eq!(window(paging(None, None, Some(5), None), 0), (0, 0));
    }

    #[test]
    fn huge_cursors_give_windows_within_the_list() {
        for after in [i64::MAX as u64, i64::MAX as u64 + 1, u64::MAX] {
            let w = paging(Some(10), None, Some(after), None).window(25);
            assert_eq!((w.start, w.end, w.limit()), (25, 25, 0), "{after}");
            let w = paging(None, Some(10), Some(after), Some(after)).window(25);
            assert_eq!((w.start, w.end), (25, 25), "{after}");
        }
        let w = paging(None, Some(10), None, Some(u64::MAX)).window(25);
        assert_eq!((w.start, w.end), (15, 25));
    }

    #[test]
    fn pages_know_their_neighbours_and_cursors() {
        let page = paging(Some(2), None, Some(0), None)
            .window(4)
            .page(vec!["b", "c"]);
        assert!(page.has_next_page() && page.has_previous_page());
        let edges: Vec<_> = page.into_edges().collect();
        assert_eq!(edges, vec![(Cursor(1), "b"), (Cursor(2), "c")]);
        let last = paging(Some(2), None, Some(2), None)
            .window(4)
            .page(vec!["d"]);
        assert!(!last.has_next_page() && last.has_previous_page());
        let empty = Paging::default().window(0).page(Vec::<()>::new());
        assert!(!empty.has_next_page() && !empty.has_previous_page());
    }

    #[test]
    fn page_sizes_are_bounded_and_exclusive() {
        let parse = |first, last| {
            Paging::parse(&PageRequest {
                first,
                last,
                ..Default::default()
            })
        };
        assert!(parse(Some(100), None).is_ok());
        assert!(parse(None, Some(0)).is_ok());
        assert_eq!(parse(None, None).ok(), Some(Paging::default()));
        for (first, last) in [
            (Some(101), None),
            (Some(-1), None),
            (None, Some(101)),
            (None, Some(i32::MIN)),
            (Some(1), Some(1)),
        ] {
            assert_eq!(
                parse(first, last).map(|_| ()).map_err(|e| e.code().name()),
                Err("BadUserInput"),
                "{first:?} {last:?}"
            );
        }
    }
}
