//! Stigg's wire surface, generated once from the SDL the official clients were built from
//! (`shared/tools/stigg-reference`): enums with all their values, complete input types, and
//! the output types with every field the official clients' customer documents select.
//! Names, types and nullability are the contract; change them only to match Stigg.

pub mod enums;
pub mod inputs;
pub mod objects;
