//! The order of `customers`: sort keys as requested, completed to a total order so that
//! every offset, and so every cursor, names one customer.

/// Most sort entries accepted.
pub const MAX_SORTS: usize = 10;

/// One sort key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub field: SortField,
    pub direction: Direction,
    /// Where NULLs go; `None` means largest (last ascending, first descending).
    pub nulls: Option<Nulls>,
}

/// A column customers can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortField {
    CreatedAt,
    UpdatedAt,
    Name,
    Email,
    /// The user-chosen id (`customerId`/`refId`).
    RefId,
    /// The internal id.
    Id,
}

/// Sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Asc,
    Desc,
}

/// Where NULLs sort.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nulls {
    First,
    Last,
}

/// The requested sorts (Stigg's default when none), then `id` ascending unless already
/// sorted by `id`, so that every position — and so every cursor — is stable.
pub(super) fn effective_sorting(requested: &[Sort]) -> Vec<Sort> {
    let mut sorts = if requested.is_empty() {
        vec![Sort {
            field: SortField::CreatedAt,
            direction: Direction::Desc,
            nulls: None,
        }]
    } else {
        requested.to_vec()
    };
    if !sorts.iter().any(|s| s.field == SortField::Id) {
        sorts.push(Sort {
            field: SortField::Id,
            direction: Direction::Asc,
            nulls: None,
        });
    }
    sorts
}
