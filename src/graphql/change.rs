//! The one conversion of GraphQL's absent / `null` / value (async-graphql `MaybeUndefined`,
//! the type of every field of the update inputs the overlay marks `maybe_undefined`) into the
//! domain's `Change`: absent keeps, `null` clears, a value sets.

use async_graphql::MaybeUndefined;

use crate::change::Change;

impl<T> From<MaybeUndefined<T>> for Change<T> {
    fn from(value: MaybeUndefined<T>) -> Self {
        match value {
            MaybeUndefined::Undefined => Change::Keep,
            MaybeUndefined::Null => Change::Clear,
            MaybeUndefined::Value(v) => Change::Set(v),
        }
    }
}
