//! The SQL of `customers`: a [`Filter`] as a sea-query condition and a [`Sort`] as an
//! `ORDER BY` term, written so that one request means the same on SQLite and PostgreSQL
//! (see the parent module's doc for the rules).

use sea_orm::sea_query::{
    Condition, Expr, IntoCondition, LikeExpr, NullOrdering, Order, SimpleExpr,
};
use sea_orm::DbBackend;
use sea_orm::QueryOrder;

use super::filter::{Filter, IdOp, TextField, TextOp, TimeField, TimeOp, LIKE_ESCAPE};
use super::sort::{Direction, Nulls, Sort, SortField};
use entity::customer;

/// The SQL condition of a filter; `None` when it constrains nothing.
pub(super) fn condition(filter: &Filter, backend: DbBackend) -> Option<Condition> {
    match filter {
        Filter::All(filters) => {
            let parts: Vec<Condition> = filters
                .iter()
                .filter_map(|f| condition(f, backend))
                .collect();
            (!parts.is_empty()).then(|| parts.into_iter().fold(Condition::all(), Condition::add))
        }
        Filter::Any(filters) => {
            // An unconstrained member makes the whole `Any` true; an empty `Any` is ignored.
            let parts: Option<Vec<Condition>> =
                filters.iter().map(|f| condition(f, backend)).collect();
            parts
                .filter(|p| !p.is_empty())
                .map(|p| p.into_iter().fold(Condition::any(), Condition::add))
        }
        Filter::Text(field, op) => Some(text_condition(*field, op, backend).into_condition()),
        Filter::Time(field, op) => Some(time_condition(*field, op).into_condition()),
        Filter::Id(op) => Some(id_condition(customer::Column::Id, op).into_condition()),
        Filter::EnvironmentId(op) => {
            Some(id_condition(customer::Column::EnvironmentId, op).into_condition())
        }
        Filter::Search(value) => {
            let pattern = format!("%{value}%");
            Some(
                [TextField::RefId, TextField::Name, TextField::Email]
                    .into_iter()
                    .fold(Condition::any(), |any, field| {
                        any.add(ilike(field, &pattern, false))
                    }),
            )
        }
    }
}

fn column(col: customer::Column) -> SimpleExpr {
    Expr::col((customer::Entity, col)).into()
}

fn text_column(field: TextField) -> customer::Column {
    match field {
        TextField::RefId => customer::Column::RefId,
        TextField::Name => customer::Column::Name,
        TextField::Email => customer::Column::Email,
        TextField::BillingId => customer::Column::BillingId,
        TextField::CrmId => customer::Column::CrmId,
        TextField::SalesforceId => customer::Column::SalesforceId,
        TextField::AwsMarketplaceCustomerId => customer::Column::AwsMarketplaceCustomerId,
    }
}

/// A text column for ordering and range comparison: compared by bytes on both backends.
fn byte_ordered(col: customer::Column, backend: DbBackend) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_expr(r#"$1 COLLATE "C""#, column(col)),
        _ => column(col),
    }
}

fn text_condition(field: TextField, op: &TextOp, backend: DbBackend) -> SimpleExpr {
    let col = text_column(field);
    let plain = || Expr::col((customer::Entity, col));
    let ordered = || Expr::expr(byte_ordered(col, backend));
    let like = |p: &str| LikeExpr::new(p).escape(LIKE_ESCAPE);
    match op {
        TextOp::Eq(v) => plain().eq(v.as_str()),
        TextOp::Neq(v) => plain().ne(v.as_str()),
        TextOp::Gt(v) => ordered().gt(v.as_str()),
        TextOp::Gte(v) => ordered().gte(v.as_str()),
        TextOp::Lt(v) => ordered().lt(v.as_str()),
        TextOp::Lte(v) => ordered().lte(v.as_str()),
        TextOp::In(list) => plain().is_in(list.iter().map(String::as_str)),
        TextOp::NotIn(list) => plain().is_not_in(list.iter().map(String::as_str)),
        TextOp::Like(p) => plain().like(like(p)),
        TextOp::NotLike(p) => plain().not_like(like(p)),
        TextOp::ILike(p) => ilike(field, p, false),
        TextOp::NotILike(p) => ilike(field, p, true),
    }
}

/// The case-folded copy of a text column (`entity::case_fold`).
fn folded_column(field: TextField) -> customer::Column {
    match field {
        TextField::RefId => customer::Column::RefIdFolded,
        TextField::Name => customer::Column::NameFolded,
        TextField::Email => customer::Column::EmailFolded,
        TextField::BillingId => customer::Column::BillingIdFolded,
        TextField::CrmId => customer::Column::CrmIdFolded,
        TextField::SalesforceId => customer::Column::SalesforceIdFolded,
        TextField::AwsMarketplaceCustomerId => customer::Column::AwsMarketplaceCustomerIdFolded,
    }
}

/// `folded_column [NOT] LIKE fold(pattern) ESCAPE '\'`: the stored fold of the column
/// against the same fold of the pattern, computed by plangate rather than by the database's
/// `LOWER`, so the match ignores case beyond ASCII and is the same on both backends. Folding
/// leaves `%`, `_` and `\` as they are.
fn ilike(field: TextField, pattern: &str, negate: bool) -> SimpleExpr {
    let folded = LikeExpr::new(entity::case_fold::fold(pattern)).escape(LIKE_ESCAPE);
    let col = Expr::col((customer::Entity, folded_column(field)));
    if negate {
        col.not_like(folded)
    } else {
        col.like(folded)
    }
}

fn time_condition(field: TimeField, op: &TimeOp) -> SimpleExpr {
    let col = Expr::col((
        customer::Entity,
        match field {
            TimeField::CreatedAt => customer::Column::CreatedAt,
            TimeField::UpdatedAt => customer::Column::UpdatedAt,
        },
    ));
    match op {
        TimeOp::Eq(t) => col.eq(*t),
        TimeOp::Neq(t) => col.ne(*t),
        TimeOp::Gt(t) => col.gt(*t),
        TimeOp::Gte(t) => col.gte(*t),
        TimeOp::Lt(t) => col.lt(*t),
        TimeOp::Lte(t) => col.lte(*t),
        TimeOp::In(list) => col.is_in(list.iter().copied()),
        TimeOp::NotIn(list) => col.is_not_in(list.iter().copied()),
        TimeOp::Between(lower, upper) => col.between(*lower, *upper),
        TimeOp::NotBetween(lower, upper) => col.not_between(*lower, *upper),
    }
}

fn id_condition(col: customer::Column, op: &IdOp) -> SimpleExpr {
    let col = Expr::col((customer::Entity, col));
    match op {
        IdOp::Eq(id) => col.eq(*id),
        IdOp::Neq(id) => col.ne(*id),
        IdOp::Gt(id) => col.gt(*id),
        IdOp::Gte(id) => col.gte(*id),
        IdOp::Lt(id) => col.lt(*id),
        IdOp::Lte(id) => col.lte(*id),
        IdOp::In(list) => col.is_in(list.iter().copied()),
        IdOp::NotIn(list) => col.is_not_in(list.iter().copied()),
    }
}

/// The `ORDER BY` direction of `sort` and where its NULLs go: `None` for a column that is
/// never NULL (`createdAt`, `updatedAt`, `refId`, `id`), where the clause would change
/// nothing but keep SQLite from reading an index in order: SQLite places NULLs first when
/// ascending, so it serves `DESC NULLS FIRST` by sorting every matching row (found by
/// `EXPLAIN QUERY PLAN` on the default order, 162 ms a page among 1,000,000 customers).
fn order(sort: Sort) -> (Order, Option<NullOrdering>) {
    let order = match sort.direction {
        Direction::Asc => Order::Asc,
        Direction::Desc => Order::Desc,
    };
    let nulls = match (sort.nulls, sort.direction) {
        (Some(Nulls::First), _) | (None, Direction::Desc) => NullOrdering::First,
        (Some(Nulls::Last), _) | (None, Direction::Asc) => NullOrdering::Last,
    };
    let nullable = match sort.field {
        SortField::Name | SortField::Email => true,
        SortField::CreatedAt | SortField::UpdatedAt | SortField::RefId | SortField::Id => false,
    };
    (order, nullable.then_some(nulls))
}

/// `query` ordered by `sort` too (after its existing order). With `by_key` (the filter
/// picks customers by id or refId, [`picks_by_key`]) SQLite sorts by `+createdAt`, which
/// its planner cannot take from an index: it then finds the few customers through the key's
/// unique index and sorts them, instead of walking the environment's customers in
/// `createdAt` order to find them (SQLite keeps no statistics here, so it cannot tell which is
/// cheaper; 0.4 s for `refId in [2 ids]` among 300,000 customers, found by `EXPLAIN QUERY
/// PLAN`). The order is the same.
pub(super) fn order_by<Q: QueryOrder>(query: Q, sort: Sort, backend: DbBackend, by_key: bool) -> Q {
    let mut expr = sort_expr(sort.field, backend);
    if by_key && backend == DbBackend::Sqlite && sort.field == SortField::CreatedAt {
        expr = Expr::cust(r#"+"customers"."created_at""#);
    }
    match order(sort) {
        (order, Some(nulls)) => query.order_by_with_nulls(expr, order, nulls),
        (order, None) => query.order_by(expr, order),
    }
}

/// True when `filter` keeps only customers named by id or refId (`eq` or `in` at its top
/// level): a few rows, found through a unique index.
pub(super) fn picks_by_key(filter: &Filter) -> bool {
    match filter {
        Filter::All(filters) => filters.iter().any(picks_by_key),
        Filter::Text(TextField::RefId, TextOp::Eq(_) | TextOp::In(_))
        | Filter::Id(IdOp::Eq(_) | IdOp::In(_)) => true,
        _ => false,
    }
}

pub(super) fn sort_expr(field: SortField, backend: DbBackend) -> SimpleExpr {
    match field {
        SortField::CreatedAt => column(customer::Column::CreatedAt),
        SortField::UpdatedAt => column(customer::Column::UpdatedAt),
        SortField::Id => column(customer::Column::Id),
        SortField::Name => byte_ordered(customer::Column::Name, backend),
        SortField::Email => byte_ordered(customer::Column::Email, backend),
        SortField::RefId => byte_ordered(customer::Column::RefId, backend),
    }
}

#[cfg(test)]
mod tests {
    use super::super::sort::effective_sorting;
    use super::*;
    use sea_orm::{EntityTrait, QueryFilter, QueryTrait};

    #[test]
    fn sql_is_the_same_on_both_backends_up_to_syntax() {
        let filter = Filter::All(vec![
            Filter::Text(TextField::Name, TextOp::ILike("a%".into())),
            Filter::Text(TextField::Email, TextOp::Like("b\\_%".into())),
            Filter::Text(TextField::RefId, TextOp::Gt("m".into())),
        ]);
        let render = |backend| {
            let mut q = customer::Entity::find();
            if let Some(c) = condition(&filter, backend) {
                q = q.filter(c);
            }
            for sort in effective_sorting(&[Sort {
                field: SortField::Name,
                direction: Direction::Asc,
                nulls: None,
            }]) {
                q = order_by(q, sort, backend, false);
            }
            q.build(backend).sql
        };
        let sqlite = render(DbBackend::Sqlite);
        let pg = render(DbBackend::Postgres);
        assert!(
            sqlite.contains(r#""customers"."name_folded" LIKE ? ESCAPE '\'"#),
            "{sqlite}"
        );
        assert!(
            sqlite.contains(r#""customers"."email" LIKE ? ESCAPE '\'"#),
            "{sqlite}"
        );
        assert!(sqlite.contains(r#""customers"."ref_id" > ?"#), "{sqlite}");
        assert!(
            sqlite.contains(r#"ORDER BY "customers"."name" ASC NULLS LAST, "customers"."id" ASC"#),
            "{sqlite}"
        );
        assert!(
            pg.contains(r#"("customers"."ref_id" COLLATE "C") > $3"#),
            "{pg}"
        );
        assert!(
            pg.contains(r#"ORDER BY "customers"."name" COLLATE "C" ASC NULLS LAST"#),
            "{pg}"
        );
        assert!(
            pg.contains(r#""customers"."name_folded" LIKE $1 ESCAPE E'\\'"#),
            "{pg}"
        );
    }

    #[test]
    fn the_default_order_has_no_nulls_clause_so_an_index_serves_it() {
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let sql = effective_sorting(&[])
                .into_iter()
                .fold(customer::Entity::find(), |q, sort| {
                    order_by(q, sort, backend, false)
                })
                .build(backend)
                .sql;
            assert!(
                sql.ends_with(r#"ORDER BY "customers"."created_at" DESC, "customers"."id" ASC"#),
                "{sql}"
            );
        }
    }

    #[test]
    fn picking_by_key_keeps_sqlite_off_the_order_index() {
        let by_key = Filter::All(vec![Filter::Text(
            TextField::RefId,
            TextOp::In(vec!["a".into(), "b".into()]),
        )]);
        assert!(picks_by_key(&by_key));
        assert!(!picks_by_key(&Filter::Any(vec![by_key.clone()])));
        assert!(!picks_by_key(&Filter::Text(
            TextField::Name,
            TextOp::Eq("a".into())
        )));
        let render = |backend| {
            effective_sorting(&[])
                .into_iter()
                .fold(customer::Entity::find(), |q, sort| {
                    order_by(q, sort, backend, true)
                })
                .build(backend)
                .sql
        };
        let sqlite = render(DbBackend::Sqlite);
        assert!(
            sqlite.ends_with(r#"ORDER BY +"customers"."created_at" DESC, "customers"."id" ASC"#),
            "{sqlite}"
        );
        let pg = render(DbBackend::Postgres);
        assert!(
            pg.ends_with(r#"ORDER BY "customers"."created_at" DESC, "customers"."id" ASC"#),
            "{pg}"
        );
    }

    #[test]
    fn unconstrained_groups_add_no_condition() {
        assert!(condition(&Filter::default(), DbBackend::Sqlite).is_none());
        assert!(condition(&Filter::Any(vec![]), DbBackend::Sqlite).is_none());
        let any_with_true = Filter::Any(vec![
            Filter::All(vec![]),
            Filter::Text(TextField::Name, TextOp::Eq("x".into())),
        ]);
        assert!(condition(&any_with_true, DbBackend::Sqlite).is_none());
    }
}
