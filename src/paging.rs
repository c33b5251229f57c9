//! Offset paging, the one implementation behind every list (`customers`, `features`,
//! `products`, `plans`, `addons`).
//!
//! Stigg pages with nestjs-query's offset cursors: a [`Cursor`] names the 0-based position
//! of an edge in the sorted, filtered list. A [`PageRequest`] (Relay's `first`/`last`/
//! `after`/`before`, as sent, and whether `totalCount` is wanted) is parsed once into
//! [`Paging`], whose [`Paging::load`] reads a [`Page`] through two functions of the list: one
//! that counts its rows and one that fetches rows by offset.
//!
//! Counting costs a pass over every matching row (162 ms for `customers` among 1,000,000 on
//! SQLite, `bench/run.sh` 2026-12-01), so a page whose `totalCount` is not asked for is read
//! without it: one row more than the page is fetched, and whether that row exists answers
//! `hasNextPage` — the same answer the count gives (tests check both ways on every list).
//! Only an empty page after a cursor asks one row more (whether the list has any row, for
//! `hasPreviousPage`), and a backward page (`last`) that does not end at an existing row,
//! or has no `before`, is read with the count. With the count, the [`Window`] of offsets to
//! fetch lies within `0..=total`; without, offsets are bounded by [`MAX_PROBE_OFFSET`], so
//! no cursor, however large, reaches the database as an offset that does not fit.
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
    /// Whether the list's total count is wanted (the default) or may be skipped.
    pub total: Total,
}

/// Whether a list's total count (`totalCount`) is wanted: counting reads every matching row,
/// so a request that does not select it skips it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Total {
    /// Count the matching rows ([`Page::total`] is set).
    #[default]
    Count,
    /// No count unless the page needs one ([`Page::total`] may be `None`).
    Skip,
}

/// Largest offset a page is read from without counting first: far beyond any table's rows,
/// and small enough that the offset plus a page still fits SQL's signed 64-bit `OFFSET`. A
/// cursor beyond it is read with the count, whose window lies within the list.
pub const MAX_PROBE_OFFSET: u64 = 1 << 62;

/// A parsed [`PageRequest`]: valid by construction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    size: Size,
    after: Option<Cursor>,
    before: Option<Cursor>,
    total: Total,
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
            total: Total::Count,
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
            total: request.total,
        })
    }

    /// The same paging with the total count wanted or not.
    pub fn with_total(self, total: Total) -> Paging {
        Paging { total, ..self }
    }

    /// Reads the page: `count()` counts the list's rows, `fetch(offset, limit)` reads at most
    /// `limit` rows from 0-based `offset` in list order (`limit` is at least 1). With
    /// [`Total::Count`] it counts, then fetches the page's window (none when it is empty).
    /// With [`Total::Skip`] it fetches the page and one row more, which tells whether rows
    /// follow; it counts only when that cannot decide (see the module's documentation).
    /// Either way the edges and page info are the same. Errors: those of `count` and `fetch`.
    pub async fn load<T, E, Count, Counted, Fetch, Fetched>(
        &self,
        count: Count,
        mut fetch: Fetch,
    ) -> std::result::Result<Page<T>, E>
    where
        Count: FnOnce() -> Counted,
        Counted: std::future::Future<Output = std::result::Result<u64, E>>,
        Fetch: FnMut(u64, u64) -> Fetched,
        Fetched: std::future::Future<Output = std::result::Result<Vec<T>, E>>,
    {
        if let Some(probe) = self.probe() {
            let mut items = fetch(probe.start, probe.size + 1).await?;
            if items.len() as u64 > probe.size {
                // The row after the page exists: with the count, the window is exactly
                // `start..start + size` and rows follow it.
                items.truncate(probe.size as usize);
                return Ok(Page {
                    has_previous_page: probe.start > 0,
                    has_next_page: true,
                    items,
                    start: probe.start,
                    total: None,
                });
            }
            if !probe.backward {
                // The list ends within the page: `start + items` rows in all.
                let has_previous_page = if items.is_empty() && probe.start > 0 {
                    // Past the end: rows precede the (empty) page when the list has any.
                    !fetch(0, 1).await?.is_empty()
                } else {
                    probe.start > 0
                };
                return Ok(Page {
                    has_previous_page,
                    has_next_page: false,
                    items,
                    start: probe.start,
                    total: None,
                });
            }
            // A backward page whose `before` lies past the end: the page is the list's last
            // rows, which only the count places.
        }
        let window = self.window(count().await?);
        let items = if window.limit() > 0 {
            fetch(window.offset(), window.limit()).await?
        } else {
            Vec::new()
        };
        Ok(window.page(items))
    }

    /// The rows to fetch without counting (`size` rows from `start`, plus one), or `None`
    /// when the page needs the count: [`Total::Count`], `last` without `before`, an offset
    /// beyond [`MAX_PROBE_OFFSET`].
    fn probe(&self) -> Option<Probe> {
        if self.total == Total::Count {
            return None;
        }
        let lo = self.after.map_or(0, |c| c.0.saturating_add(1));
        let probe = match (self.size, self.before) {
            (Size::First(n), before) => Probe {
                start: lo,
                size: before.map_or(n, |b| n.min(b.0.saturating_sub(lo))),
                backward: false,
            },
            // Nothing between the cursors: an empty page at `after`, as `first: 0`.
            (Size::Last(_), Some(b)) if b.0 <= lo => Probe {
                start: lo,
                size: 0,
                backward: false,
            },
            (Size::Last(n), Some(b)) => {
                let start = b.0.saturating_sub(n).max(lo);
                Probe {
                    start,
                    size: b.0 - start,
                    backward: true,
                }
            }
            (Size::Last(_), None) => return None,
        };
        (probe.start <= MAX_PROBE_OFFSET).then_some(probe)
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

/// A page read without the count: `size` rows from offset `start`, and one more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Probe {
    start: u64,
    size: u64,
    /// A `last` page: it ends at `before`, when the list reaches that far.
    backward: bool,
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
            has_next_page: self.start.saturating_add(items.len() as u64) < self.total,
            has_previous_page: self.start > 0,
            items,
            start: self.start,
            total: Some(self.total),
        }
    }
}

/// One page of a list: its rows in order, where they start, whether rows follow and precede
/// it, and how many rows match over all pages when they were counted.
#[derive(Clone, Debug)]
pub struct Page<T> {
    /// The rows of the page, in order.
    pub items: Vec<T>,
    /// Offset of the first row in the whole list.
    pub start: u64,
    /// Rows matching the filter, over all pages; `None` when not counted ([`Total::Skip`]).
    pub total: Option<u64>,
    has_next_page: bool,
    has_previous_page: bool,
}

impl<T> Page<T> {
    /// True when rows follow the page.
    pub fn has_next_page(&self) -> bool {
        self.has_next_page
    }

    /// True when rows precede the page.
    pub fn has_previous_page(&self) -> bool {
        self.has_previous_page
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
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
        }
    }

    /// The same page (position, neighbours, count) with `items` as its rows.
    pub fn with_items<U>(self, items: Vec<U>) -> Page<U> {
        Page {
            items,
            start: self.start,
            total: self.total,
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
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
            ..PageRequest::default()
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

    /// What a client sees of a page: its edges and page info (not `totalCount`).
    type Seen = (Vec<(Cursor, u64)>, bool, bool);

    /// Loads `p` from a list of `total` rows (row i is i), counting `counts` and fetches.
    fn load(p: Paging, total: u64) -> (Seen, Option<u64>, usize, usize) {
        let counts = std::cell::Cell::new(0);
        let fetches = std::cell::Cell::new(0);
        let page = futures::executor::block_on(p.load(
            || async {
                counts.set(counts.get() + 1);
                Ok::<_, ()>(total)
            },
            |offset, limit| {
                fetches.set(fetches.get() + 1);
                assert!(limit >= 1, "a fetch reads at least one row");
                assert!(offset <= MAX_PROBE_OFFSET + 101, "offset {offset} fits");
                let end = offset.saturating_add(limit).min(total);
                async move { Ok((offset.min(end)..end).collect::<Vec<u64>>()) }
            },
        ))
        .expect("loads");
        let seen = (page.has_next_page(), page.has_previous_page(), page.total);
        let edges: Vec<_> = page.into_edges().collect();
        ((edges, seen.0, seen.1), seen.2, counts.get(), fetches.get())
    }

    #[test]
    fn pages_without_the_count_answer_as_pages_with_it() {
        let cursors = [
            None,
            Some(0),
            Some(1),
            Some(4),
            Some(5),
            Some(6),
            Some(9),
            Some(10),
            Some(11),
            Some(40),
            Some(u64::MAX),
        ];
        let mut checked = 0;
        for total in [0, 1, 4, 5, 6, 10, 11, 12] {
            for size in [0, 1, 5, 6, 100] {
                for backward in [false, true] {
                    for after in cursors {
                        for before in cursors {
                            let (first, last) = if backward {
                                (None, Some(size))
                            } else {
                                (Some(size), None)
                            };
                            let counted = paging(first, last, after, before);
                            let skipped = counted.with_total(Total::Skip);
                            let (with, total_with, _, _) = load(counted, total);
                            let (without, _, _, _) = load(skipped, total);
                            assert_eq!(total_with, Some(total));
                            assert_eq!(
                                with, without,
                                "total {total}, first {first:?}, last {last:?}, after {after:?}, before {before:?}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 8 * 5 * 2 * 11 * 11);
    }

    #[test]
    fn pages_without_the_count_do_not_count() {
        // The first page of a long list: one fetch of 101 rows, no count.
        let (seen, total, counts, fetches) = load(
            paging(Some(100), None, None, None).with_total(Total::Skip),
            1_000_000,
        );
        assert_eq!((total, counts, fetches), (None, 0, 1));
        assert_eq!(seen.0.len(), 100);
        assert!(seen.1 && !seen.2);
        // Exactly `first` rows: no next page, still no count.
        let (seen, _, counts, _) = load(
            paging(Some(10), None, None, None).with_total(Total::Skip),
            10,
        );
        assert_eq!((seen.0.len(), seen.1, counts), (10, false, 0));
        // After a cursor, within the list: no count.
        let (seen, _, counts, fetches) = load(
            paging(Some(10), None, Some(4), None).with_total(Total::Skip),
            10,
        );
        assert_eq!(
            (seen.0.len(), seen.1, seen.2, counts, fetches),
            (5, false, true, 0, 1)
        );
        // Past the end: one fetch more (does the list have a row?), no count.
        let (seen, _, counts, fetches) = load(
            paging(Some(10), None, Some(40), None).with_total(Total::Skip),
            10,
        );
        assert_eq!((seen.0.len(), seen.2, counts, fetches), (0, true, 0, 2));
        // Backward before an existing row: no count; `last` alone needs it.
        let (_, _, counts, _) = load(
            paging(None, Some(3), None, Some(8)).with_total(Total::Skip),
            10,
        );
        assert_eq!(counts, 0);
        let (_, _, counts, _) = load(
            paging(None, Some(3), None, None).with_total(Total::Skip),
            10,
        );
        assert_eq!(counts, 1);
        // Counting when asked to.
        let (_, total, counts, _) = load(paging(Some(3), None, None, None), 10);
        assert_eq!((total, counts), (Some(10), 1));
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
