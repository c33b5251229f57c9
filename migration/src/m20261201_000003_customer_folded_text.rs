//! Case-folded copies of the customer's text columns (`ref_id_folded`, `name_folded`, …),
//! written by the application with every change of their column, so that `iLike`,
//! `notILike` and `searchQuery` compare one Unicode fold on SQLite and PostgreSQL alike
//! (`entity::case_fold`). Existing rows are folded here, in pages of [`PAGE`] rows.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::sea_orm::{ConnectionTrait, FromQueryResult};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Rows folded per query while backfilling.
const PAGE: u64 = 500;

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    RefId,
    Name,
    Email,
    BillingId,
    CrmId,
    SalesforceId,
    AwsMarketplaceCustomerId,
    RefIdFolded,
    NameFolded,
    EmailFolded,
    BillingIdFolded,
    CrmIdFolded,
    SalesforceIdFolded,
    AwsMarketplaceCustomerIdFolded,
}

/// (text column, its folded copy).
fn pairs() -> [(Customers, Customers); 7] {
    [
        (Customers::RefId, Customers::RefIdFolded),
        (Customers::Name, Customers::NameFolded),
        (Customers::Email, Customers::EmailFolded),
        (Customers::BillingId, Customers::BillingIdFolded),
        (Customers::CrmId, Customers::CrmIdFolded),
        (Customers::SalesforceId, Customers::SalesforceIdFolded),
        (
            Customers::AwsMarketplaceCustomerId,
            Customers::AwsMarketplaceCustomerIdFolded,
        ),
    ]
}

#[derive(FromQueryResult)]
struct TextRow {
    id: Uuid,
    ref_id: String,
    name: Option<String>,
    email: Option<String>,
    billing_id: Option<String>,
    crm_id: Option<String>,
    salesforce_id: Option<String>,
    aws_marketplace_customer_id: Option<String>,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for (_, folded) in pairs() {
            let required = matches!(folded, Customers::RefIdFolded);
            let mut column = ColumnDef::new(folded);
            column.string();
            if required {
                column.not_null().default("");
            } else {
                column.null();
            }
            manager
                .alter_table(
                    Table::alter()
                        .table(Customers::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        backfill(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (_, folded) in pairs() {
            manager
                .alter_table(
                    Table::alter()
                        .table(Customers::Table)
                        .drop_column(folded)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

/// Folds every existing row, in id order, [`PAGE`] rows at a time.
async fn backfill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let mut after: Option<Uuid> = None;
    loop {
        let mut select = Query::select();
        select
            .from(Customers::Table)
            .columns(
                std::iter::once(Customers::Id).chain(pairs().into_iter().map(|(text, _)| text)),
            )
            .order_by(Customers::Id, Order::Asc)
            .limit(PAGE);
        if let Some(last) = after {
            select.and_where(Expr::col(Customers::Id).gt(last));
        }
        let rows = TextRow::find_by_statement(backend.build(&select))
            .all(db)
            .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = Some(last.id);
        for row in &rows {
            let fold = |v: &Option<String>| v.as_deref().map(entity::case_fold::fold);
            let update = Query::update()
                .table(Customers::Table)
                .values([
                    (
                        Customers::RefIdFolded,
                        entity::case_fold::fold(&row.ref_id).into(),
                    ),
                    (Customers::NameFolded, fold(&row.name).into()),
                    (Customers::EmailFolded, fold(&row.email).into()),
                    (Customers::BillingIdFolded, fold(&row.billing_id).into()),
                    (Customers::CrmIdFolded, fold(&row.crm_id).into()),
                    (
                        Customers::SalesforceIdFolded,
                        fold(&row.salesforce_id).into(),
                    ),
                    (
                        Customers::AwsMarketplaceCustomerIdFolded,
                        fold(&row.aws_marketplace_customer_id).into(),
                    ),
                ])
                .and_where(Expr::col(Customers::Id).eq(row.id))
                .to_owned();
            db.execute(backend.build(&update)).await?;
        }
    }
}
